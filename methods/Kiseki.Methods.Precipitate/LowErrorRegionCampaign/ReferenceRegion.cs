using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Precipitate.LowErrorRegion;

namespace Kiseki.Methods.Precipitate.LowErrorRegionCampaign;

/// <summary>The true region {y &lt; h} of a reference table of exhaustive discrepancies on the search grid.</summary>
internal sealed class ReferenceRegion
{
    private ReferenceRegion(bool[] inside) => Inside = inside;

    /// <summary>Per grid index: inside the true region.</summary>
    public bool[] Inside { get; }

    /// <summary>Reads columns interface_energy, misfit, discrepancy; rows must be the grid's points in index order.</summary>
    public static ReferenceRegion Read(Table table, RegionGrid grid, double threshold)
    {
        string[] columns = ["interface_energy", "misfit", "discrepancy"];
        if (columns.Any(c => !table.HasColumn(c) || !table[c].IsNumeric))
        {
            throw MethodException.InvalidInput("reference", "needs numeric columns interface_energy, misfit and discrepancy (e.g. precipitate.discrepancy-grid@1).");
        }

        if (table.RowCount != grid.Count)
        {
            throw MethodException.InvalidInput("reference", $"has {table.RowCount} rows; the search grid has {grid.Count} points ({grid.Size}×{grid.Size}).");
        }

        var gammas = table["interface_energy"].Numbers!;
        var misfits = table["misfit"].Numbers!;
        var y = table["discrepancy"].Numbers!;
        for (var i = 0; i < grid.Count; i++)
        {
            if (!Close(gammas[i], grid.Gamma(i)) || !Close(misfits[i], grid.Misfit(i)))
            {
                throw MethodException.InvalidInput("reference",
                    $"row {i + 1} is at (γ {gammas[i]:G6}, ε {misfits[i]:G6}), but grid point {i} is at (γ {grid.Gamma(i):G6}, ε {grid.Misfit(i):G6}); give the reference the search's box and grid_size.");
            }
        }

        return new ReferenceRegion([.. y.Select(v => v < threshold)]);
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b));
}
