using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Methods.Precipitate.SpheroidEnergy;

/// <summary>Parameters of <c>precipitate.spheroid-energy@1</c>.</summary>
public sealed record SpheroidEnergyParameters
{
    [Description("Isotropic interface energy γ (J/m²).")]
    [Range(1e-6, 100.0)]
    public double InterfaceEnergy { get; init; } = 0.10;

    [Description("Basal lattice misfit ε_a (eigenstrain ε11 = ε22, dimensionless).")]
    [Range(-0.5, 0.5)]
    public double Misfit { get; init; } = 0.05;

    [Description("Misfit along the rod (c) axis ε_c (eigenstrain ε33, dimensionless).")]
    [Range(-0.5, 0.5)]
    public double MisfitC { get; init; }

    [Description("Equivalent-sphere radius R (nm): V = 4πR³/3.")]
    [Range(1e-3, 1e6)]
    public double Radius { get; init; } = 10;

    [Description("Matrix elasticity: isotropic (shear_modulus, poisson_ratio) or mg-hexagonal.")]
    public ElasticityKind Elasticity { get; init; } = ElasticityKind.MgHexagonal;

    [Description("Shear modulus μ (GPa) for isotropic elasticity.")]
    [Range(1e-6, 1e4)]
    public double ShearModulus { get; init; } = 16.4;

    [Description("Poisson ratio ν for isotropic elasticity.")]
    [Range(-0.999, 0.499)]
    public double PoissonRatio { get; init; } = 0.3;

    [Description("Largest aspect ratio c/a evaluated.")]
    [Range(1.0, 1000.0)]
    public double AspectRatioMax { get; init; } = 10;

    [Description("Aspect-ratio grid step.")]
    [Range(1e-4, 100.0)]
    public double AspectRatioStep { get; init; } = 0.1;
}

/// <summary>Outputs of <c>precipitate.spheroid-energy@1</c>.</summary>
public sealed record SpheroidEnergyOutputs
{
    [Description("aspect_ratio, elastic, interface, total: energies in aJ (1e-18 J) on the aspect-ratio grid.")]
    public required Table Energies { get; init; }

    [Description("Grid aspect ratio of least total energy (JSON number).")]
    public required JsonArtifact EquilibriumAspectRatio { get; init; }
}
