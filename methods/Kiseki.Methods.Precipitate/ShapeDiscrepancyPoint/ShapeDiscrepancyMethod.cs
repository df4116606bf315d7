using System.ComponentModel;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Precipitate.LowErrorRegion;

namespace Kiseki.Methods.Precipitate.ShapeDiscrepancyPoint;

/// <summary>Parameters of <c>precipitate.shape-discrepancy@1</c>: one (γ, ε_a) point, the observations and the model.</summary>
public sealed record ShapeDiscrepancyParameters : ShapeModelSettings
{
    [Description("Interface energy γ (J/m²; the search sets it).")]
    public double InterfaceEnergy { get; init; } = 0.1;

    [Description("Basal misfit ε_a (the search sets it).")]
    public double Misfit { get; init; } = 0.05;

    [Description("Equivalent-sphere radii of the observed precipitates (nm).")]
    public double[] Radii { get; init; } = [];

    [Description("Observed aspect ratios c/a, one per radius.")]
    public double[] AspectRatios { get; init; } = [];
}

/// <summary>Outputs of <c>precipitate.shape-discrepancy@1</c>.</summary>
public sealed record ShapeDiscrepancyOutputs
{
    [Description("The discrepancy at the point: {\"value\": y}.")]
    public required JsonArtifact Value { get; init; }
}

/// <summary>
/// The forward model of <c>precipitate.low-error-region@1</c> at one (γ, ε_a): the built-in evaluator of
/// <c>precipitate.low-error-region@2</c>.
/// </summary>
/// <remarks>
/// y(γ, ε_a) = (1/J) Σ_j (ln ρ*(R_j; γ, ε_a) − ln ρ_j)², ρ* the equilibrium aspect ratio of the Eshelby spheroid
/// (<see cref="ShapeEnergyModel"/>; Tsukada et al., Sci. Rep. 9, 15794, 2019). γ in J/m², R in nm. The same
/// arithmetic as version 1's grid, so a search evaluating grid points sees exactly the grid's values.
/// </remarks>
[Method("precipitate.shape-discrepancy", 1,
    Summary = "Discrepancy between observed and predicted precipitate shapes at one (interface energy, misfit) point (built-in evaluator).",
    Remarks = "y = mean_j (ln ρ*(R_j; γ, ε_a) − ln ρ_j)², Eshelby spheroid in Mg (Tsukada et al., Sci. Rep. 9, 15794, 2019); "
        + "γ in J/m², R in nm. Observations as params radii and aspect_ratios. Output {\"value\": y}.",
    RelativeTolerance = 1e-12)]
public sealed class ShapeDiscrepancyMethod : IMethod<ShapeDiscrepancyParameters, NoInputs, ShapeDiscrepancyOutputs>
{
    /// <inheritdoc />
    public ValueTask<MethodResult<ShapeDiscrepancyOutputs>> RunAsync(
        NoInputs inputs, ShapeDiscrepancyParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var p = parameters;
        if (!(p.InterfaceEnergy > 0) || !double.IsFinite(p.InterfaceEnergy) || !(p.Misfit > 0) || !double.IsFinite(p.Misfit))
        {
            throw MethodException.InvalidParameter("interface_energy", $"interface energy and misfit must be finite and positive, got {p.InterfaceEnergy}, {p.Misfit}.");
        }

        Observations.Check(p.Radii, p.AspectRatios, "radii");
        var y = new ShapeDiscrepancy(p.Model(), p.Radii, p.AspectRatios).Uncounted(p.InterfaceEnergy, p.Misfit);
        return ValueTask.FromResult(MethodResult.Success(new ShapeDiscrepancyOutputs { Value = new JsonArtifact(new JsonObject { ["value"] = y }) }));
    }
}
