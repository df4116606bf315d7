using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Methods.Transport.Grid;

namespace Kiseki.Methods.Transport.DominantPointSearch;

/// <summary>Artifacts of a search outcome.</summary>
internal static class SearchTables
{
    public static JsonObject Summary(PeriodicGrid grid, SearchOutcome outcome)
    {
        var finite = outcome.SampleBarriers.Where(double.IsFinite).Order().ToArray();
        double Quantile(double q) => finite.Length == 0 ? outcome.Estimate.Barrier
            : finite[(int)Math.Clamp(Math.Round(q * (finite.Length - 1)), 0, finite.Length - 1)];
        var mean = finite.Length == 0 ? outcome.Estimate.Barrier : finite.Average();
        var std = finite.Length < 2 ? 0.0 : Math.Sqrt(finite.Sum(b => (b - mean) * (b - mean)) / (finite.Length - 1));
        var summary = new JsonObject
        {
            ["barrier"] = outcome.Estimate.Barrier,
            ["minimum_energy"] = outcome.Estimate.MinimumEnergy,
            ["bottleneck_energy"] = outcome.Estimate.BottleneckEnergy,
            ["sample_median"] = finite.Length == 0 ? outcome.Estimate.Barrier : DominantPointSolver.Median(finite),
            ["sample_mean"] = mean,
            ["sample_std"] = std,
            ["sample_q05"] = Quantile(0.05),
            ["sample_q95"] = Quantile(0.95),
            ["samples_with_path"] = finite.Length,
            ["evaluations"] = outcome.Evaluated.Count,
            ["grid_points"] = grid.Count,
            ["stop_reason"] = outcome.StopReason,
        };
        if (outcome.Hyperparameters is { } h)
        {
            summary["hyperparameters"] = new JsonObject
            {
                ["mean"] = h.Mean, ["scale"] = h.Scale, ["noise"] = h.Noise, ["length"] = h.Length,
            };
        }

        return summary;
    }

    public static Table Evaluations(PeriodicGrid grid, SearchOutcome outcome)
    {
        var n = outcome.Evaluated.Count;
        var columns = new List<TableColumn>
        {
            TableColumn.Numeric("order", [.. Enumerable.Range(0, n).Select(t => (double)t)]),
            TableColumn.Numeric("index", [.. outcome.Evaluated.Select(i => (double)i)]),
        };
        string[] axes = ["i", "j", "k"];
        string[] fractional = ["u_a", "u_b", "u_c"];
        var coordinates = outcome.Evaluated.Select(grid.CoordinatesOf).ToArray();
        for (var a = 0; a < grid.Rank; a++)
        {
            var axis = a;
            columns.Add(TableColumn.Numeric(axes[a], [.. coordinates.Select(c => (double)(axis == 0 ? c.I : axis == 1 ? c.J : c.K))]));
        }

        for (var a = 0; a < grid.Rank; a++)
        {
            var axis = a;
            columns.Add(TableColumn.Numeric(fractional[a], [.. outcome.Evaluated.Select(i => grid.FractionalOf(i)[axis])]));
        }

        columns.Add(TableColumn.Numeric("energy", [.. outcome.Values]));
        return new Table(columns);
    }

    public static Table Trace(SearchOutcome outcome)
    {
        var rows = outcome.Trace;
        TableColumn Column(string name, Func<SearchIteration, double> value) => TableColumn.Numeric(name, [.. rows.Select(value)]);
        return new Table(
        [
            Column("iteration", r => r.Iteration),
            Column("evaluations", r => r.Evaluations),
            Column("chosen", r => r.Chosen),
            Column("p_chosen", r => r.Score),
            Column("p_unevaluated", r => r.Unevaluated),
            Column("max_p_minimum", r => r.MaxPMinimum),
            Column("max_p_bottleneck", r => r.MaxPBottleneck),
            Column("map_minimum", r => r.MapMinimum),
            Column("map_bottleneck", r => r.MapBottleneck),
            Column("sample_barrier_median", r => r.SampleBarrierMedian),
            Column("estimate", r => r.Estimate),
            Column("length", r => r.Length),
            Column("scale", r => r.Scale),
        ]);
    }
}
