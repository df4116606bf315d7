using System.ComponentModel;
using Kiseki.Abstractions.Arrays;

namespace Kiseki.Methods.Transport.Barrier;

/// <summary>Inputs of <c>transport.barrier@1</c>.</summary>
public sealed record BarrierInputs
{
    /// <summary>The energy grid.</summary>
    [Description("Energies on a periodic 2-D or 3-D grid (C order, index i ↔ u = i/n); NaN and ±Inf are walls.")]
    public required NdArray Energies { get; init; }
}
