using System.ComponentModel;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Methods.Transport.DominantPointSearch;

/// <summary>Outputs of <c>transport.dominant-point-search@1</c>.</summary>
public sealed record DominantPointSearchOutputs
{
    /// <summary>Barrier estimate with its spread.</summary>
    [Description("{barrier, minimum, bottleneck, sample_median, sample_mean, sample_std, sample_q05, sample_q95, samples_with_path, evaluations, grid_points, stop_reason, hyperparameters}.")]
    public required JsonArtifact Barrier { get; init; }

    /// <summary>Minimum of the estimate.</summary>
    [Description("Global minimum of the estimated surface: {index, fractional, energy}.")]
    public required JsonArtifact Minimum { get; init; }

    /// <summary>Bottleneck of the estimate.</summary>
    [Description("Bottleneck of the estimated surface: {index, fractional, energy, winding_axes}.")]
    public required JsonArtifact Bottleneck { get; init; }

    /// <summary>Evaluated points in order.</summary>
    [Description("Evaluated points in order: order, index (flat), i, j(, k), u_a, u_b(, u_c), energy.")]
    public required Table Evaluations { get; init; }

    /// <summary>Per-iteration trace.</summary>
    [Description("One row per iteration: evaluations, chosen index, its p_min + p_bottleneck, unevaluated dominant probability, max p_min, max p_bottleneck, most likely minimum and bottleneck, sample barrier median, estimate, length scale, scale.")]
    public required Table Trace { get; init; }
}
