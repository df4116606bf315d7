using System.Globalization;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Methods.Plots.Ard;
using Kiseki.Methods.Plots.LearningCurve;
using Kiseki.Methods.Plots.Maps;
using Kiseki.Methods.Plots.Rendering;
using SkiaSharp;

namespace Kiseki.Methods.Plots.Tests;

/// <summary>
/// The version-2 plot methods: labelled ticks on a logarithmic axis that spans less than a decade, and maps drawn with
/// their true aspect. Version 1 keeps its figures.
/// </summary>
public sealed class PlotVersion2Tests
{
    [Theory]
    [InlineData(3.08, 3.28)]     // 1200 … 1900: linear steps
    [InlineData(-2.7, -2.2)]     // 0.002 … 0.0063: 1…9 × 10^n
    [InlineData(4.1, 5.4)]       // 12 600 … 251 000: 1-2-5 × 10^n
    [InlineData(-9, 3)]          // twelve decades: decades only
    [InlineData(7.0001, 7.0003)] // a very narrow range near 1e7
    public void LogTicks_AnyRange_AtLeastThreeCorrectDistinctLabelsInside(double low, double high)
    {
        var ticks = LogTicks.For(low, high);
        var major = ticks.Where(t => t.Major).ToList();
        Assert.InRange(major.Count, 3, 12);
        Assert.Equal(major.Count, major.Select(t => t.Label).Distinct().Count());
        foreach (var t in major)
        {
            Assert.InRange(t.Position, low - 1e-9, high + 1e-9);
            var parsed = double.Parse(t.Label, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.True(Math.Abs(parsed - Math.Pow(10, t.Position)) <= 1e-9 * parsed, $"label {t.Label} at 10^{t.Position}");
        }

        Assert.All(ticks.Where(t => !t.Major), t => Assert.Equal("", t.Label));
    }

    [Theory]
    [InlineData(0.002, 0.001, "0.002")]
    [InlineData(250, 10, "250")]
    [InlineData(1400, 200, "1400")]
    [InlineData(2e-5, 1e-5, "2e-5")]
    [InlineData(10000200, 100, "1.00002e7")]
    [InlineData(5e6, 1e6, "5e6")]
    public void LogTicks_Format_PlainOrExponentWithTheDigitsTheStepNeeds(double value, double step, string expected)
        => Assert.Equal(expected, LogTicks.Format(value, step));

    [Fact]
    public void LearningCurve_ObjectiveWithinOneDecade_RenderedAxisHasLabelledTicks()
    {
        var objective = Enumerable.Range(0, 40).Select(i => 1900 - (700 * (1 - Math.Exp(-i / 8.0)))).ToArray();
        PlotSeries[] series = [new("objective", objective)];
        var labelled = RenderedLeftTicks(series, LogTickStyle.Labelled);
        Assert.True(labelled.Count >= 3, $"labels: {string.Join(", ", labelled.Select(t => t.Label))}");
        Assert.All(labelled, t => Assert.Equal(Math.Pow(10, t.Position), double.Parse(t.Label, CultureInfo.InvariantCulture), 6));

        // Version 1 ticks whole decades only: none lies between 1200 and 1900.
        Assert.Empty(RenderedLeftTicks(series, LogTickStyle.DecadesOnly));
    }

    [Fact]
    public async Task Version2Methods_DifferFromVersion1OnlyWhereTheFixApplies()
    {
        var objective = NdArray.Create(Enumerable.Range(0, 30).Select(i => 1900 - (20.0 * i)).ToArray(), 30);
        var p = new PlotLearningCurveParameters { LogY = true };
        var v1 = await new PlotLearningCurveMethod().RunAsync(new() { Objective = objective }, p, PlotMethodsTests.Context, default);
        var v2 = await new PlotLearningCurve2Method().RunAsync(new() { Objective = objective }, p, PlotMethodsTests.Context, default);
        Assert.NotEqual(v1.Outputs.Figure.Png, v2.Outputs.Figure.Png);
        var linear = new PlotLearningCurveParameters { LogY = false };
        var l1 = await new PlotLearningCurveMethod().RunAsync(new() { Objective = objective }, linear, PlotMethodsTests.Context, default);
        var l2 = await new PlotLearningCurve2Method().RunAsync(new() { Objective = objective }, linear, PlotMethodsTests.Context, default);
        Assert.Equal(l1.Outputs.Figure.Png, l2.Outputs.Figure.Png);

        var trace = NdArray.Create(Enumerable.Range(0, 20).SelectMany(i => new[] { 5.0 - (0.1 * i), 3.0 }).ToArray(), 20, 2);
        var a1 = await new PlotArdMethod().RunAsync(new() { LambdaTrace = trace }, new PlotArdParameters(), PlotMethodsTests.Context, default);
        var a2 = await new PlotArd2Method().RunAsync(new() { LambdaTrace = trace }, new PlotArdParameters(), PlotMethodsTests.Context, default);
        Assert.NotEqual(a1.Outputs.Figure.Png, a2.Outputs.Figure.Png);
    }

    [Theory]
    [InlineData(49, 6)]
    [InlineData(6, 49)]
    [InlineData(20, 20)]
    public async Task Maps2_ConstantMap_DrawnWithTheDataAspectWithinOnePixel(int rows, int cols)
    {
        var maps = NdArray.Create(new double[rows * cols], rows, cols);
        var figure = (await new PlotMaps2Method().RunAsync(
            new PlotMapsInputs { Maps = maps }, new PlotMapsParameters { Title = "" }, PlotMethodsTests.Context, default)).Outputs.Figure;
        var (width, height) = MapExtent(figure.Png);
        var expectedWidth = height * cols / (double)rows;
        Assert.True(Math.Abs(width - expectedWidth) <= 1,
            $"map drawn {width}×{height} px for {rows}×{cols} cells (expected width {expectedWidth:F1})");

        // Version 1 stretches the same map to the panel.
        var v1 = (await new PlotMapsMethod().RunAsync(
            new PlotMapsInputs { Maps = maps }, new PlotMapsParameters { Title = "" }, PlotMethodsTests.Context, default)).Outputs.Figure;
        if (rows != cols)
        {
            var (w1, h1) = MapExtent(v1.Png);
            Assert.True(Math.Abs(w1 - (h1 * cols / (double)rows)) > 10, $"version 1 drew {w1}×{h1}");
        }
    }

    private static List<ScottPlot.Tick> RenderedLeftTicks(PlotSeries[] series, LogTickStyle style)
    {
        var plot = PlotRenderer.LinesPlot("t", "Iteration", "Objective", null, series, new PlotOptions { LogY = true, LogTicks = style });
        plot.GetImageBytes(800, 500, ScottPlot.ImageFormat.Png);
        var limits = plot.Axes.GetLimits();
        return [.. plot.Axes.Left.TickGenerator.Ticks
            .Where(t => t.IsMajor && t.Label.Length > 0 && t.Position >= limits.Bottom && t.Position <= limits.Top)];
    }

    /// <summary>
    /// The drawn size of a constant map: the colour of a constant map is the most frequent non-white colour; its longest
    /// vertical run is the map's height and the horizontal run through that run's middle its width.
    /// </summary>
    internal static (int Width, int Height) MapExtent(byte[] png)
    {
        using var bitmap = SKBitmap.Decode(png);
        var colour = Enumerable.Range(0, bitmap.Width * bitmap.Height)
            .Select(i => bitmap.GetPixel(i % bitmap.Width, i / bitmap.Width))
            .Where(c => c != SKColors.White)
            .GroupBy(c => c).OrderByDescending(g => g.Count()).First().Key;
        var (bestX, bestTop, bestHeight) = (0, 0, 0);
        for (var x = 0; x < bitmap.Width; x++)
        {
            for (var y = 0; y < bitmap.Height;)
            {
                var start = y;
                while (y < bitmap.Height && bitmap.GetPixel(x, y) == colour)
                {
                    y++;
                }

                if (y - start > bestHeight)
                {
                    (bestX, bestTop, bestHeight) = (x, start, y - start);
                }

                y = Math.Max(y, start + 1);
            }
        }

        var row = bestTop + (bestHeight / 2);
        var (left, right) = (bestX, bestX);
        while (left > 0 && bitmap.GetPixel(left - 1, row) == colour)
        {
            left--;
        }

        while (right < bitmap.Width - 1 && bitmap.GetPixel(right + 1, row) == colour)
        {
            right++;
        }

        return (right - left + 1, bestHeight);
    }
}
