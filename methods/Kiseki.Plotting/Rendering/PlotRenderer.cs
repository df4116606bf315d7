using Kiseki.Abstractions.Artifacts;
using ScottPlot;
using SkiaSharp;

namespace Kiseki.Methods.Plots.Rendering;

/// <summary>
/// Renders line, scatter and heat map figures as PNG through ScottPlot. Sizes, fonts and colours are fixed by the
/// options, so the same input gives the same bytes on the same machine. Non-finite points are left out of line and
/// scatter series (a NaN-padded learning curve simply ends early).
/// </summary>
public static class PlotRenderer
{
    /// <summary>Line plot of one or more series over shared x values (or each series' own <see cref="PlotSeries.X"/>).</summary>
    public static Figure Lines(
        string title, string xLabel, string yLabel, double[]? x, IReadOnlyList<PlotSeries> series, PlotOptions? options = null)
    {
        var o = options ?? new PlotOptions();
        return new Figure(Encode(BuildXy(title, xLabel, yLabel, x, series, o), o.Width, o.Height));
    }

    /// <summary>The plot behind <see cref="Lines"/> before it is rendered (tests inspect its axes and ticks).</summary>
    internal static Plot LinesPlot(
        string title, string xLabel, string yLabel, double[]? x, IReadOnlyList<PlotSeries> series, PlotOptions options)
        => BuildXy(title, xLabel, yLabel, x, series, options);

    /// <summary>Scatter plot with markers and no connecting lines.</summary>
    public static Figure Scatter(
        string title, string xLabel, string yLabel, IReadOnlyList<PlotSeries> series, PlotOptions? options = null)
    {
        var o = (options ?? new PlotOptions()) with { LineWidth = 0 };
        if (o.MarkerSize <= 0)
        {
            o = o with { MarkerSize = 6 };
        }

        return new Figure(Encode(BuildXy(title, xLabel, yLabel, null, series, o), o.Width, o.Height));
    }

    /// <summary>Heat map of a (rows, cols) array, row 0 at the top.</summary>
    public static Figure Heatmap(string title, double[,] values, HeatmapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var rows = values.GetLength(0);
        var cols = values.GetLength(1);
        var data = new double[rows * cols];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                data[(r * cols) + c] = values[r, c];
            }
        }

        return Heatmap(title, data, rows, cols, options);
    }

    /// <summary>Heat map of C-order data of shape (rows, cols), row 0 at the top.</summary>
    public static Figure Heatmap(string title, double[] data, int rows, int cols, HeatmapOptions? options = null)
    {
        var o = options ?? new HeatmapOptions();
        var plot = BuildHeatmap(new HeatmapPanel(title, data, rows, cols), o);
        return new Figure(Encode(plot, o.Width, o.Height));
    }

    /// <summary>
    /// Several heat maps side by side (one panel per component, each with its own colour bar), wrapped into rows of
    /// <paramref name="columns"/> panels and combined into one PNG under an overall title.
    /// </summary>
    public static Figure HeatmapPanels(
        string title, IReadOnlyList<HeatmapPanel> panels, HeatmapOptions? options = null, int columns = 4)
    {
        ArgumentNullException.ThrowIfNull(panels);
        if (panels.Count == 0)
        {
            throw new ArgumentException("At least one panel is needed.", nameof(panels));
        }

        var o = options ?? new HeatmapOptions { Width = 420, Height = 360 };
        var perRow = Math.Clamp(columns, 1, panels.Count);
        var gridRows = (panels.Count + perRow - 1) / perRow;
        var titleHeight = string.IsNullOrEmpty(title) ? 0 : (int)Math.Ceiling(o.FontSize * 2.6);
        var width = perRow * o.Width;
        var height = titleHeight + (gridRows * o.Height);

        using var surface = SKSurface.Create(new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        if (titleHeight > 0)
        {
            DrawTitle(canvas, title, width, titleHeight, o.FontSize * 1.4f);
        }

        for (var i = 0; i < panels.Count; i++)
        {
            var bytes = Encode(BuildHeatmap(panels[i], o), o.Width, o.Height);
            using var bitmap = SKBitmap.Decode(bytes);
            canvas.DrawBitmap(bitmap, (i % perRow) * o.Width, titleHeight + ((i / perRow) * o.Height));
        }

        canvas.Flush();
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return new Figure(png.ToArray());
    }

    private static void DrawTitle(SKCanvas canvas, string title, int width, int height, float size)
    {
        using var typeface = SKTypeface.FromFamilyName(Fonts.Default) ?? SKTypeface.Default;
        using var font = new SKFont(typeface, size);
        using var paint = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        var textWidth = font.MeasureText(title);
        canvas.DrawText(title, (width - textWidth) / 2f, (height / 2f) + (size / 3f), SKTextAlign.Left, font, paint);
    }

    private static Plot BuildXy(
        string title, string xLabel, string yLabel, double[]? x, IReadOnlyList<PlotSeries> series, PlotOptions o)
    {
        ArgumentNullException.ThrowIfNull(series);
        var plot = NewPlot(title, xLabel, yLabel, o.FontSize);
        foreach (var s in series)
        {
            var xs = s.X ?? x ?? Enumerable.Range(0, s.Y.Length).Select(i => (double)i).ToArray();
            if (xs.Length != s.Y.Length)
            {
                throw new ArgumentException(
                    $"Series '{s.Name}' has {s.Y.Length} y values but {xs.Length} x values.", nameof(series));
            }

            var (px, py) = FinitePoints(xs, s.Y, o.LogY);
            var scatter = plot.Add.Scatter(px, py);
            scatter.LegendText = s.Name;
            scatter.LineWidth = o.LineWidth;
            scatter.MarkerSize = o.MarkerSize;
        }

        if (o.LogY && o.LogTicks == LogTickStyle.Labelled)
        {
            plot.Axes.Left.TickGenerator = new LogTickGenerator();
        }
        else if (o.LogY)
        {
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = v => "1e" + v.ToString("0", System.Globalization.CultureInfo.InvariantCulture),
            };
        }

        if (o.Legend && series.Count(s => !string.IsNullOrEmpty(s.Name)) > 1)
        {
            plot.ShowLegend(Alignment.UpperRight);
            plot.Legend.FontSize = o.FontSize;
        }

        return plot;
    }

    private static (double[] X, double[] Y) FinitePoints(double[] x, double[] y, bool logY)
    {
        var px = new List<double>(x.Length);
        var py = new List<double>(y.Length);
        for (var i = 0; i < x.Length; i++)
        {
            var v = logY ? (y[i] > 0 ? Math.Log10(y[i]) : double.NaN) : y[i];
            if (double.IsFinite(x[i]) && double.IsFinite(v))
            {
                px.Add(x[i]);
                py.Add(v);
            }
        }

        return ([.. px], [.. py]);
    }

    private static Plot BuildHeatmap(HeatmapPanel panel, HeatmapOptions o)
    {
        ArgumentNullException.ThrowIfNull(panel);
        if (panel.Rows <= 0 || panel.Cols <= 0 || panel.Data.Length != panel.Rows * panel.Cols)
        {
            throw new ArgumentException(
                $"Panel '{panel.Title}' has {panel.Data.Length} values for shape ({panel.Rows}, {panel.Cols}).", nameof(panel));
        }

        var plot = NewPlot(panel.Title, o.XLabel, o.YLabel, o.FontSize);
        var values = new double[panel.Rows, panel.Cols];
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        for (var r = 0; r < panel.Rows; r++)
        {
            for (var c = 0; c < panel.Cols; c++)
            {
                var v = panel.Data[(r * panel.Cols) + c];
                values[r, c] = v;
                if (double.IsFinite(v))
                {
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                }
            }
        }

        if (!double.IsFinite(min))
        {
            (min, max) = (0, 1);
        }

        if (o.SymmetricRange)
        {
            var a = Math.Max(Math.Abs(min), Math.Abs(max));
            (min, max) = (-a, a);
        }

        if (max <= min)
        {
            max = min + 1;
        }

        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = o.Colormap switch
        {
            HeatmapColormap.Gray => new ScottPlot.Colormaps.Grayscale(),
            HeatmapColormap.Inferno => new ScottPlot.Colormaps.Inferno(),
            HeatmapColormap.Turbo => new ScottPlot.Colormaps.Turbo(),
            HeatmapColormap.Diverging => new ScottPlot.Colormaps.Balance(),
            _ => new ScottPlot.Colormaps.Viridis(),
        };
        heatmap.ManualRange = new ScottPlot.Range(min, max);
        var e = o.Extent ?? new HeatmapExtent(-0.5, panel.Cols - 0.5, panel.Rows - 0.5, -0.5);
        var rect = new CoordinateRect(e.Left, e.Right, Math.Min(e.Bottom, e.Top), Math.Max(e.Bottom, e.Top));
        if (o.SquarePixels)
        {
            heatmap.Rectangle = rect;
        }
        else
        {
            heatmap.Extent = rect;
        }

        heatmap.FlipVertically = e.Top < e.Bottom;
        plot.Axes.SetLimits(e.Left, e.Right, e.Bottom, e.Top);
        if (o.SquarePixels)
        {
            plot.Axes.SquareUnits();
        }

        if (o.ColorBar)
        {
            var bar = plot.Add.ColorBar(heatmap);
            bar.Label = o.ColorBarLabel;
            bar.LabelStyle.FontSize = o.FontSize;
            bar.Axis.TickLabelStyle.FontSize = o.FontSize * 0.85f;
        }

        return plot;
    }

    private static Plot NewPlot(string title, string xLabel, string yLabel, float fontSize)
    {
        var plot = new Plot();
        plot.Title(title, fontSize * 1.3f);
        plot.XLabel(xLabel, fontSize);
        plot.YLabel(yLabel, fontSize);
        plot.Axes.Bottom.TickLabelStyle.FontSize = fontSize * 0.85f;
        plot.Axes.Left.TickLabelStyle.FontSize = fontSize * 0.85f;
        return plot;
    }

    private static byte[] Encode(Plot plot, int width, int height)
    {
        if (width < 50 || height < 50)
        {
            throw new ArgumentException($"Figure size {width}×{height} is too small (at least 50×50 pixels).");
        }

        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
