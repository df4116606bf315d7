using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Methods.Precipitate.LowErrorRegion;

namespace Kiseki.Methods.Precipitate.LowErrorRegionCampaign;

/// <summary>Parameters of <c>precipitate.low-error-region@2</c>: the box, the search of version 1 and the batch size.</summary>
public sealed record LowErrorRegionCampaignParameters : RegionSearchParametersBase
{
    [Description("Points proposed per step and evaluated together (in parallel with --jobs or as cluster jobs): the q best by the strategy's score.")]
    [Range(1, 10_000)]
    public int BatchSize { get; init; } = 1;
}

/// <summary>Inputs of <c>precipitate.low-error-region@2</c>.</summary>
public sealed record LowErrorRegionCampaignInputs
{
    [Description("Exhaustive discrepancies on the same grid (columns interface_energy, misfit, discrepancy, e.g. precipitate.discrepancy-grid@1), for quality metrics only; the search never reads it.")]
    public Table? Reference { get; init; }
}

/// <summary>Outputs of <c>precipitate.low-error-region@2</c>.</summary>
public sealed record LowErrorRegionCampaignOutputs
{
    [Description("Map of the predicted ln y, the estimated region with the evaluated points, and P(y < h) (PNG); with a reference also the true region.")]
    public required Figure RegionMap { get; init; }

    [Description("Per grid point: interface_energy, misfit, predicted (posterior median of y), probability (P(y < h); evaluated points 0/1), estimate, evaluated (0/1).")]
    public required Table Region { get; init; }

    [Description("The grid points of the estimated region: interface_energy, misfit, probability.")]
    public required Table Inside { get; init; }

    [Description("Evaluations in order: interface_energy, misfit, value (failed evaluations are listed in the summary).")]
    public required Table Evaluations { get; init; }

    [Description("{strategy, evaluations, budget, batch_size, grid_points, region_points, uncertain_points, skipped [{point, error}], stop_reason}; with a reference also final_f1, evaluations_to_target, target_f1, true_region_points.")]
    public required JsonArtifact Summary { get; init; }

    [Description("With a reference only: evaluations, f1, precision, recall after each step.")]
    public Table? F1Curve { get; init; }

    [Description("With a reference only: {strategy, evaluations (null when never reached), target_f1, grid_points, fraction, final_f1, stop_reason}.")]
    public JsonArtifact? EvaluationsToTarget { get; init; }
}
