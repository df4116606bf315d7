using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Methods.Precipitate.LowErrorRegion;

namespace Kiseki.Methods.Precipitate.LowErrorRegionCampaign;

/// <summary>Parameters of <c>precipitate.low-error-region@2</c>: the box, the search of version 1 and the batch size.</summary>
public sealed record LowErrorRegionCampaignParameters : RegionBoxSettings
{
    [Description("Threshold h on the evaluator's discrepancy y; the low-error region is y < h.")]
    public double Threshold { get; init; } = 0.01;

    [Description("Search strategy: lse, straddle, random or max-variance.")]
    public RegionStrategy Strategy { get; init; } = RegionStrategy.Lse;

    [Description("Random initial evaluations.")]
    [Range(1, 100000)]
    public int InitialPoints { get; init; } = 10;

    [Description("Maximum evaluations, failed ones included.")]
    [Range(1, 1000000)]
    public int Budget { get; init; } = 500;

    [Description("Points proposed per step and evaluated together (in parallel with --jobs or as cluster jobs): the q best by the strategy's score.")]
    [Range(1, 10_000)]
    public int BatchSize { get; init; } = 1;

    [Description("LSE confidence width β^{1/2}.")]
    [Range(0.01, 100.0)]
    public double BetaSqrt { get; init; } = 3;

    [Description("LSE accuracy ε on ln y.")]
    [Range(0.0, 100.0)]
    public double Accuracy { get; init; }

    [Description("Minimum steps between GP hyperparameter refits.")]
    [Range(1, 100000)]
    public int HyperparameterInterval { get; init; } = 10;

    [Description("F1 against the reference region that counts as reached (only with a reference input).")]
    [Range(0.0, 1.0)]
    public double TargetF1 { get; init; } = 0.95;

    [Description("Stop the search once the target F1 is reached (only with a reference input).")]
    public bool StopAtTarget { get; init; }
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
