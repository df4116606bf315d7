using System.Collections.Concurrent;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Precipitate;

/// <summary>The forward model's settings shared by the discrepancy methods: matrix elasticity, eigenstrain ratio, ρ range.</summary>
public abstract record ShapeModelSettings
{
    private static readonly ConcurrentDictionary<(ElasticityKind, double, double, double, double), ShapeEnergyModel> Models = new();

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

    /// <summary>
    /// The tabulated model for these settings (as built by <c>precipitate.low-error-region@1</c>: ρ step min(0.05, (ρ_max − 1)/10)).
    /// Tabulation costs ~0.1 s, so models are kept per setting for the process (a search evaluates thousands of points).
    /// </summary>
    public ShapeEnergyModel Model()
    {
        var key = (Elasticity, ShearModulus, PoissonRatio, MisfitRatio, AspectRatioMax);
        if (Models.TryGetValue(key, out var model))
        {
            return model;
        }

        StiffnessTensor stiffness;
        try
        {
            stiffness = Precipitate.Elasticity.Stiffness(Elasticity, ShearModulus, PoissonRatio);
        }
        catch (ArgumentException ex)
        {
            throw MethodException.InvalidParameter("shear_modulus", ex.Message);
        }

        model = new ShapeEnergyModel(new EshelbySpheroid(stiffness), MisfitRatio, AspectRatioMax, Math.Min(0.05, (AspectRatioMax - 1) / 10));
        return Models.Count < 64 ? Models.GetOrAdd(key, model) : model;
    }
}
