using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Methods.Precipitate.LowErrorRegion;

/// <summary>Parameters of <c>precipitate.low-error-region@1</c>.</summary>
public sealed record LowErrorRegionParameters
{
    [Description("Lower end of the interface energy γ range (J/m²).")]
    public double InterfaceEnergyMin { get; init; } = 0.02;

    [Description("Upper end of the interface energy γ range (J/m²).")]
    public double InterfaceEnergyMax { get; init; } = 0.5;

    [Description("Lower end of the basal misfit ε_a range.")]
    public double MisfitMin { get; init; } = 0.005;

    [Description("Upper end of the basal misfit ε_a range.")]
    public double MisfitMax { get; init; } = 0.08;

    [Description("Grid points per parameter axis (grid_size² candidates).")]
    [Range(2, 400)]
    public int GridSize { get; init; } = 50;

    [Description("Threshold h on the discrepancy y = mean (ln ρ* − ln ρ_obs)²; the low-error region is y < h.")]
    public double Threshold { get; init; } = 0.01;

    [Description("Search strategy: lse, straddle, random or max-variance.")]
    public RegionStrategy Strategy { get; init; } = RegionStrategy.Lse;

    [Description("Random initial evaluations.")]
    [Range(1, 100000)]
    public int InitialPoints { get; init; } = 10;

    [Description("Maximum forward-model evaluations (default: 20 % of a 50×50 grid).")]
    [Range(1, 1000000)]
    public int Budget { get; init; } = 500;

    [Description("LSE confidence width β^{1/2}.")]
    [Range(0.01, 100.0)]
    public double BetaSqrt { get; init; } = 3;

    [Description("LSE accuracy ε on ln y.")]
    [Range(0.0, 100.0)]
    public double Accuracy { get; init; }

    [Description("Minimum steps between GP hyperparameter refits.")]
    [Range(1, 100000)]
    public int HyperparameterInterval { get; init; } = 10;

    [Description("F1 against the exhaustive region that counts as reached.")]
    [Range(0.0, 1.0)]
    public double TargetF1 { get; init; } = 0.95;

    [Description("Stop the search once the target F1 is reached.")]
    public bool StopAtTarget { get; init; }

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
