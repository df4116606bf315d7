using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Methods.Precipitate.LowErrorRegion;

/// <summary>Parameters of <c>precipitate.low-error-region@1</c>.</summary>
public sealed record LowErrorRegionParameters : RegionSearchParametersBase
{
    [Description("Matrix elasticity: isotropic (shear_modulus, poisson_ratio) or mg-hexagonal.")]
    public ElasticityKind Elasticity { get; init; } = ElasticityKind.MgHexagonal;

    [Description("Shear modulus μ (GPa) for isotropic elasticity.")]
    public double ShearModulus { get; init; } = 16.4;

    [Description("Poisson ratio ν for isotropic elasticity.")]
    public double PoissonRatio { get; init; } = 0.3;

    [Description("Ratio ε_c/ε_a of the eigenstrain along the rod axis.")]
    public double MisfitRatio { get; init; }

    [Description("Largest aspect ratio of the forward model (ρ* is capped there).")]
    [Range(1.5, 1000.0)]
    public double AspectRatioMax { get; init; } = 30;
}

/// <summary>Inputs of <c>precipitate.low-error-region@1</c>.</summary>
public sealed record LowErrorRegionInputs
{
    [Description("Observed precipitates: columns radius (nm, equivalent sphere) and aspect_ratio (c/a).")]
    public required Table Observations { get; init; }
}

/// <summary>Outputs of <c>precipitate.low-error-region@1</c>.</summary>
public sealed record LowErrorRegionOutputs
{
    [Description("Map of ln y over (γ, ε_a) with the true region, the estimate and the evaluated points (PNG).")]
    public required Figure RegionMap { get; init; }

    [Description("evaluations, f1, precision, recall after each evaluation.")]
    public required Table F1Curve { get; init; }

    [Description("{strategy, evaluations (null when never reached), target_f1, grid_points, fraction, final_f1, stop_reason}.")]
    public required JsonArtifact EvaluationsToTarget { get; init; }

    [Description("Per grid point: interface_energy, misfit, discrepancy, truth, estimate, evaluated (0/1).")]
    public required Table Region { get; init; }
}
