using System.ComponentModel;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Methods.Transport.SlicePlot;

/// <summary>Inputs of <c>transport.slice-plot@1</c>.</summary>
public sealed record SlicePlotInputs
{
    /// <summary>The energy grid.</summary>
    [Description("Energy grid (2-D or 3-D, C order, index i ↔ u = i/n).")]
    public required NdArray Energies { get; init; }

    /// <summary>Optional minimum point.</summary>
    [Description("Optional minimum point JSON ({index: [i, j(, k)], …}) from transport.barrier or the search; marked with a circle.")]
    public JsonArtifact? Minimum { get; init; }

    /// <summary>Optional bottleneck point.</summary>
    [Description("Optional bottleneck point JSON ({index: [i, j(, k)], …}); marked with a cross.")]
    public JsonArtifact? Bottleneck { get; init; }
}

/// <summary>Outputs of <c>transport.slice-plot@1</c>.</summary>
public sealed record SlicePlotOutputs
{
    /// <summary>The figure.</summary>
    [Description("PNG heat map of the slice (fractional coordinates) with the minimum and bottleneck marked.")]
    public required Figure Figure { get; init; }
}
