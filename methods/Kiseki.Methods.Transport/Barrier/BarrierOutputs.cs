using System.ComponentModel;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Methods.Transport.Barrier;

/// <summary>Outputs of <c>transport.barrier@1</c>.</summary>
public sealed record BarrierOutputs
{
    /// <summary>The barrier.</summary>
    [Description("Barrier = E(bottleneck) − E(minimum), a JSON number in the energy unit of the grid.")]
    public required JsonArtifact Barrier { get; init; }

    /// <summary>The global minimum.</summary>
    [Description("Global minimum: {index: [i, j(, k)], fractional: [u…], energy}.")]
    public required JsonArtifact Minimum { get; init; }

    /// <summary>The bottleneck point.</summary>
    [Description("Bottleneck: {index, fractional, energy, winding_axes: [\"a\", …]} — the highest point of the lowest path from the minimum to its image.")]
    public required JsonArtifact Bottleneck { get; init; }
}
