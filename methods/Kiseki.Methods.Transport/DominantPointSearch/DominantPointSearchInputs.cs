using System.ComponentModel;
using Kiseki.Abstractions.Arrays;

namespace Kiseki.Methods.Transport.DominantPointSearch;

/// <summary>Inputs of <c>transport.dominant-point-search@1</c>.</summary>
public sealed record DominantPointSearchInputs
{
    /// <summary>The oracle grid.</summary>
    [Description("Oracle energy grid (2-D or 3-D, C order): evaluating a point reads its energy; NaN/±Inf points are known walls, never evaluated.")]
    public required NdArray Energies { get; init; }
}
