using System.ComponentModel;
using Kiseki.Abstractions.Arrays;

namespace Kiseki.Methods.Transport.PesGrid;

/// <summary>Outputs of <c>transport.pes-grid@1</c>.</summary>
public sealed record PesGridOutputs
{
    /// <summary>The energy grid.</summary>
    [Description("Energies on the grid (float64, C order, shape = grid; index i along an axis ↔ fractional u = i/n).")]
    public required NdArray Energies { get; init; }
}
