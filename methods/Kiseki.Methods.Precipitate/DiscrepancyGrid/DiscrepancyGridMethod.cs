using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Precipitate.LowErrorRegion;

namespace Kiseki.Methods.Precipitate.DiscrepancyGrid;

/// <summary>Parameters of <c>precipitate.discrepancy-grid@1</c>: the box and grid of the search, and the model.</summary>
public sealed record DiscrepancyGridParameters : ShapeModelSettings
{
    [Description("Lower end of the interface energy γ range (J/m²).")]
    public double InterfaceEnergyMin { get; init; } = 0.02;

    [Description("Upper end of the interface energy γ range (J/m²).")]
    public double InterfaceEnergyMax { get; init; } = 0.5;

    [Description("Lower end of the basal misfit ε_a range.")]
    public double MisfitMin { get; init; } = 0.005;

    [Description("Upper end of the basal misfit ε_a range.")]
    public double MisfitMax { get; init; } = 0.08;

    [Description("Grid points per parameter axis (grid_size² points).")]
    [Range(2, 400)]
    public int GridSize { get; init; } = 50;
}

/// <summary>Inputs of <c>precipitate.discrepancy-grid@1</c>.</summary>
public sealed record DiscrepancyGridInputs
{
    [Description("Observed precipitates: columns radius (nm, equivalent sphere) and aspect_ratio (c/a).")]
    public required Table Observations { get; init; }
}

/// <summary>Outputs of <c>precipitate.discrepancy-grid@1</c>.</summary>
public sealed record DiscrepancyGridOutputs
{
    [Description("Per grid point (index r·n + c): interface_energy, misfit, discrepancy.")]
    public required Table Discrepancy { get; init; }
}

/// <summary>
/// The built-in forward model evaluated on every point of a region search's grid: the exhaustive reference against
/// which <c>precipitate.low-error-region@2</c> scores its estimate (F1).
/// </summary>
/// <remarks>
/// y(γ, ε_a) = (1/J) Σ_j (ln ρ*(R_j; γ, ε_a) − ln ρ_j)² with the Eshelby spheroid model (Tsukada et al., Sci. Rep. 9,
/// 15794, 2019), the values of <c>precipitate.low-error-region@1</c>'s exhaustive grid and of
/// <c>precipitate.shape-discrepancy@1</c> at each point. γ in J/m², R in nm.
/// </remarks>
[Method("precipitate.discrepancy-grid", 1,
    Summary = "The shape discrepancy of the built-in precipitate model on every point of a (γ, ε) grid (reference for region searches).",
    Remarks = "y = mean_j (ln ρ*(R_j; γ, ε_a) − ln ρ_j)² on the grid of precipitate.low-error-region (Tsukada et al., Sci. Rep. 9, "
        + "15794, 2019); γ in J/m², R in nm.",
    RelativeTolerance = 1e-12)]
public sealed class DiscrepancyGridMethod : IMethod<DiscrepancyGridParameters, DiscrepancyGridInputs, DiscrepancyGridOutputs>
{
    /// <inheritdoc />
    public ValueTask<MethodResult<DiscrepancyGridOutputs>> RunAsync(
        DiscrepancyGridInputs inputs, DiscrepancyGridParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        var p = parameters;
        var (radii, ratios) = Observations.Read(inputs.Observations);
        var grid = new RegionGrid(p.InterfaceEnergyMin, p.InterfaceEnergyMax, p.MisfitMin, p.MisfitMax, p.GridSize);
        var forward = new ShapeDiscrepancy(p.Model(), radii, ratios);
        var y = new double[grid.Count];
        for (var i = 0; i < grid.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            y[i] = forward.Uncounted(grid.Gamma(i), grid.Misfit(i));
        }

        var table = new Table([
            TableColumn.Numeric("interface_energy", [.. Enumerable.Range(0, grid.Count).Select(grid.Gamma)]),
            TableColumn.Numeric("misfit", [.. Enumerable.Range(0, grid.Count).Select(grid.Misfit)]),
            TableColumn.Numeric("discrepancy", y),
        ]);
        return ValueTask.FromResult(MethodResult.Success(new DiscrepancyGridOutputs { Discrepancy = table }));
    }
}
