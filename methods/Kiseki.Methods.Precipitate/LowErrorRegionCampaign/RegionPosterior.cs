using Kiseki.Abstractions.Artifacts;
using Kiseki.Methods.Gaussian;
using Kiseki.Methods.Plots.Rendering;
using Kiseki.Methods.Precipitate.LowErrorRegion;

namespace Kiseki.Methods.Precipitate.LowErrorRegionCampaign;

/// <summary>
/// The final estimate of a region search over the grid: posterior ln y, P(y &lt; h) = Φ((ln h − μ)/σ) (evaluated points
/// 0 or 1 by their value), the estimated region (μ &lt; ln h, evaluated points by value) and the uncertain points
/// (not evaluated, 2.5 % &lt; P &lt; 97.5 %).
/// </summary>
internal sealed class RegionPosterior
{
    private RegionPosterior(double[] logY, double[] probability, bool[] estimate, bool[] evaluated)
    {
        LogY = logY;
        Probability = probability;
        Estimate = estimate;
        Evaluated = evaluated;
        RegionPoints = estimate.Count(e => e);
        UncertainPoints = Enumerable.Range(0, probability.Length).Count(i => !evaluated[i] && probability[i] is > 0.025 and < 0.975);
    }

    public double[] LogY { get; }

    public double[] Probability { get; }

    public bool[] Estimate { get; }

    public bool[] Evaluated { get; }

    public int RegionPoints { get; }

    public int UncertainPoints { get; }

    public static RegionPosterior Of(RegionSearchResult result, RegionGrid grid, double threshold)
    {
        var logH = Math.Log(threshold);
        var prediction = result.Model!.Predict(grid.Points);
        var probability = new double[grid.Count];
        var logY = new double[grid.Count];
        for (var i = 0; i < grid.Count; i++)
        {
            logY[i] = prediction.Mean[i];
            var sigma = Math.Sqrt(Math.Max(prediction.Variance[i], 0));
            probability[i] = sigma > 0 ? Acquisition.NormalCdf((logH - prediction.Mean[i]) / sigma) : prediction.Mean[i] < logH ? 1 : 0;
        }

        var evaluated = new bool[grid.Count];
        for (var k = 0; k < result.Order.Length; k++)
        {
            var i = result.Order[k];
            evaluated[i] = true;
            logY[i] = Math.Log(result.Values[k] + 1e-12);
            probability[i] = result.Values[k] < threshold ? 1 : 0;
        }

        return new RegionPosterior(logY, probability, [.. result.Estimate], evaluated);
    }

    public Table Table(RegionGrid grid)
        => new([
            TableColumn.Numeric("interface_energy", [.. Enumerable.Range(0, grid.Count).Select(grid.Gamma)]),
            TableColumn.Numeric("misfit", [.. Enumerable.Range(0, grid.Count).Select(grid.Misfit)]),
            TableColumn.Numeric("predicted", [.. LogY.Select(Math.Exp)]),
            TableColumn.Numeric("probability", Probability),
            TableColumn.Numeric("estimate", [.. Estimate.Select(t => t ? 1.0 : 0.0)]),
            TableColumn.Numeric("evaluated", [.. Evaluated.Select(t => t ? 1.0 : 0.0)]),
        ]);

    public Table InsideTable(RegionGrid grid)
    {
        var inside = Enumerable.Range(0, grid.Count).Where(i => Estimate[i]).ToArray();
        return new([
            TableColumn.Numeric("interface_energy", [.. inside.Select(grid.Gamma)]),
            TableColumn.Numeric("misfit", [.. inside.Select(grid.Misfit)]),
            TableColumn.Numeric("probability", [.. inside.Select(i => Probability[i])]),
        ]);
    }

    public static Figure Map(RegionPosterior posterior, RegionSearchResult result, RegionGrid grid, bool[]? truth, string strategy)
    {
        var size = grid.Size;
        // rows are drawn top-down: flip so that ε_a increases upwards
        double[] Flip(Func<int, double> value)
            => [.. Enumerable.Range(0, size * size).Select(k => value((size - 1 - k / size) * size + k % size))];
        var panels = new List<HeatmapPanel>
        {
            new("log10 y (evaluated or predicted)", Flip(i => posterior.LogY[i] / Math.Log(10)), size, size),
            new($"estimate ({strategy}), 2 = evaluated", Flip(i => posterior.Evaluated[i] ? 2 : result.Estimate[i] ? 1 : 0), size, size),
            new("P(y < h)", Flip(i => posterior.Probability[i]), size, size),
        };
        if (truth is not null)
        {
            panels.Add(new HeatmapPanel("reference region (y < h)", Flip(i => truth[i] ? 1 : 0), size, size));
        }

        var options = new HeatmapOptions
        {
            Width = 420, Height = 380, XLabel = "γ (J/m²)", YLabel = "ε_a", FontSize = 11,
            Extent = new HeatmapExtent(grid.Gammas[0], grid.Gammas[^1], grid.Misfits[0], grid.Misfits[^1]),
        };
        return PlotRenderer.HeatmapPanels("low-error region", [.. panels], options, columns: panels.Count == 4 ? 2 : 3);
    }
}
