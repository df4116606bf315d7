using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Abstractions.Randomness;

namespace Kiseki.Methods.Precipitate.SyntheticObservations;

/// <summary>Parameters of <c>precipitate.synthetic-observations@1</c>.</summary>
public sealed record SyntheticObservationsParameters
{
    [Description("True interface energy γ (J/m²).")]
    [Range(1e-6, 100.0)]
    public double InterfaceEnergy { get; init; } = 0.10;

    [Description("True basal misfit ε_a.")]
    [Range(1e-6, 0.5)]
    public double Misfit { get; init; } = 0.05;

    [Description("Ratio ε_c/ε_a of the eigenstrain along the rod axis.")]
    public double MisfitRatio { get; init; }

    [Description("Equivalent-sphere radii of the observed precipitates (nm).")]
    public double[] Radii { get; init; } = [2, 5, 10, 20, 40];

    [Description("Relative Gaussian noise on the aspect ratio: ρ_obs = ρ*·(1 + noise·N(0,1)).")]
    [Range(0.0, 0.5)]
    public double Noise { get; init; } = 0.05;

    [Description("Matrix elasticity: isotropic (shear_modulus, poisson_ratio) or mg-hexagonal.")]
    public ElasticityKind Elasticity { get; init; } = ElasticityKind.MgHexagonal;

    [Description("Shear modulus μ (GPa) for isotropic elasticity.")]
    public double ShearModulus { get; init; } = 16.4;

    [Description("Poisson ratio ν for isotropic elasticity.")]
    public double PoissonRatio { get; init; } = 0.3;

    [Description("Largest aspect ratio of the forward model.")]
    [Range(1.5, 1000.0)]
    public double AspectRatioMax { get; init; } = 30;
}

/// <summary>Outputs of <c>precipitate.synthetic-observations@1</c>.</summary>
public sealed record SyntheticObservationsOutputs
{
    [Description("radius (nm), aspect_ratio (noisy observation), true_aspect_ratio.")]
    public required Table Observations { get; init; }
}

/// <summary>
/// Synthetic precipitate-shape experiment: equilibrium aspect ratios of the Eshelby spheroid model
/// (<see cref="ShapeEnergyModel"/>) at the true (γ, ε_a) for each radius, with relative Gaussian noise from the
/// step's random stream. Units: γ in J/m², radius in nm.
/// </summary>
[Method("precipitate.synthetic-observations", 1, Summary = "Noisy equilibrium precipitate aspect ratios from the spheroid model.",
    Remarks = "Stand-in for TEM shape data (Tsukada et al., Sci. Rep. 9, 15794, 2019): ρ_obs = ρ*(R; γ, ε)(1 + σN(0,1)). γ in J/m², R in nm.")]
public sealed class SyntheticObservationsMethod : IMethod<SyntheticObservationsParameters, NoInputs, SyntheticObservationsOutputs>
{
    public ValueTask<MethodResult<SyntheticObservationsOutputs>> RunAsync(
        NoInputs inputs, SyntheticObservationsParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        var p = parameters;
        if (p.Radii.Length == 0 || p.Radii.Any(r => !(r > 0) || !double.IsFinite(r)))
        {
            throw MethodException.InvalidParameter("radii", "needs at least one finite positive radius (nm).");
        }

        if (!(p.InterfaceEnergy > 0) || !(p.Misfit > 0))
        {
            throw MethodException.InvalidParameter("interface_energy", "interface energy and misfit must be positive.");
        }

        StiffnessTensor stiffness;
        try
        {
            stiffness = Elasticity.Stiffness(p.Elasticity, p.ShearModulus, p.PoissonRatio);
        }
        catch (ArgumentException ex)
        {
            throw MethodException.InvalidParameter("shear_modulus", ex.Message);
        }

        var model = new ShapeEnergyModel(new EshelbySpheroid(stiffness), p.MisfitRatio, p.AspectRatioMax, Math.Min(0.05, (p.AspectRatioMax - 1) / 10));
        var truth = p.Radii.Select(r => model.EquilibriumAspectRatio(r, p.Misfit, p.InterfaceEnergy)).ToArray();
        var observed = new double[truth.Length];
        for (var j = 0; j < truth.Length; j++)
        {
            // redraw the (vanishingly rare) non-positive values so every observation is a valid aspect ratio
            do
            {
                observed[j] = truth[j] * (1 + p.Noise * context.Random.NextGaussian());
            }
            while (!(observed[j] > 0));
        }

        var table = new Table([
            TableColumn.Numeric("radius", [.. p.Radii]),
            TableColumn.Numeric("aspect_ratio", observed),
            TableColumn.Numeric("true_aspect_ratio", truth),
        ]);
        return ValueTask.FromResult(MethodResult.Success(new SyntheticObservationsOutputs { Observations = table }));
    }
}
