using Kiseki.Methods.Plots.Rendering;

namespace Kiseki.Methods.Plots.Tests;

public sealed class PlotRendererTests
{
    private static readonly double[] X = Enumerable.Range(0, 50).Select(i => i * 0.5).ToArray();

    private static PlotSeries[] TwoSeries() =>
    [
        new("sin", X.Select(Math.Sin).ToArray()),
        new("cos", X.Select(Math.Cos).ToArray()),
    ];

    private static double[] Ramp(int rows, int cols) =>
        Enumerable.Range(0, rows * cols).Select(i => (double)((i / cols) * 10 + (i % cols))).ToArray();

    [Fact]
    public void Lines_SameInputTwice_IdenticalBytes()
    {
        var a = PlotRenderer.Lines("t", "x", "y", X, TwoSeries());
        var b = PlotRenderer.Lines("t", "x", "y", X, TwoSeries());
        Assert.Equal(a.Png, b.Png);
        Assert.Equal((800, 500), PngSize(a.Png));
    }

    [Fact]
    public void Lines_DifferentData_DifferentBytes()
    {
        var a = PlotRenderer.Lines("t", "x", "y", X, TwoSeries());
        var b = PlotRenderer.Lines("t", "x", "y", X, [new("sin", X.Select(v => Math.Sin(v) * 2).ToArray())]);
        Assert.NotEqual(a.Png, b.Png);
    }

    [Fact]
    public void Lines_MismatchedLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() => PlotRenderer.Lines("t", "x", "y", X, [new("a", new double[3])]));
    }

    [Fact]
    public void Lines_LogYWithNaNAndZeros_Renders()
    {
        var y = X.Select(v => v < 2 ? double.NaN : Math.Exp(-v)).ToArray();
        y[10] = 0;
        var f = PlotRenderer.Lines("log", "x", "y", X, [new("a", y)], new PlotOptions { LogY = true, Width = 300, Height = 200 });
        Assert.Equal((300, 200), PngSize(f.Png));
    }

    [Fact]
    public void Scatter_SameInputTwice_IdenticalBytes()
    {
        var s = new PlotSeries[] { new("p", [1, 2, 3], [0, 1, 4]) };
        Assert.Equal(PlotRenderer.Scatter("s", "x", "y", s).Png, PlotRenderer.Scatter("s", "x", "y", s).Png);
    }

    [Fact]
    public void Heatmap_ArrayAndFlatData_SameBytes()
    {
        var flat = Ramp(6, 8);
        var grid = new double[6, 8];
        for (var r = 0; r < 6; r++)
        {
            for (var c = 0; c < 8; c++)
            {
                grid[r, c] = flat[(r * 8) + c];
            }
        }

        var a = PlotRenderer.Heatmap("h", grid);
        var b = PlotRenderer.Heatmap("h", flat, 6, 8);
        Assert.Equal(a.Png, b.Png);
        Assert.Equal((600, 500), PngSize(a.Png));
    }

    [Fact]
    public void Heatmap_WrongShape_Throws()
    {
        Assert.Throws<ArgumentException>(() => PlotRenderer.Heatmap("h", new double[5], 2, 3));
    }

    [Fact]
    public void HeatmapPanels_ThreePanels_ComposedSizeAndDeterministic()
    {
        var panels = Enumerable.Range(0, 3).Select(k => new HeatmapPanel($"component {k}", Ramp(10, 12).Select(v => v * (k + 1)).ToArray(), 10, 12)).ToArray();
        var options = new HeatmapOptions { Width = 300, Height = 250 };
        var a = PlotRenderer.HeatmapPanels("maps", panels, options, columns: 2);
        var b = PlotRenderer.HeatmapPanels("maps", panels, options, columns: 2);
        Assert.Equal(a.Png, b.Png);
        var (w, h) = PngSize(a.Png);
        Assert.Equal(600, w);
        Assert.True(h > 500 && h < 600, $"height {h}");
    }

    internal static (int Width, int Height) PngSize(byte[] png)
    {
        static int Be(byte[] b, int o) => (b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3];
        return (Be(png, 16), Be(png, 20));
    }
}
