using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Plots.Rendering;

namespace Kiseki.Methods.Plots.Maps;

/// <summary>Parameters of <see cref="PlotMapsMethod"/>.</summary>
public sealed record PlotMapsParameters
{
    [Description("Figure title.")]
    public string Title { get; init; } = "Component maps";

    [Description("Panels per row of the figure.")]
    [Range(1, 16)]
    public int Columns { get; init; } = 4;

    [Description("Colour map: viridis, gray, inferno, turbo or diverging (blue-white-red, symmetric about 0).")]
    public HeatmapColormap Colormap { get; init; } = HeatmapColormap.Viridis;

    [Description("Width of one panel in pixels.")]
    [Range(150, 2000)]
    public int PanelWidth { get; init; } = 420;

    [Description("Height of one panel in pixels.")]
    [Range(150, 2000)]
    public int PanelHeight { get; init; } = 360;
}

/// <summary>Inputs of <see cref="PlotMapsMethod"/>.</summary>
public sealed record PlotMapsInputs
{
    [Description("Abundance maps, shape (rows, cols, K) (a 2-D array is one map).")]
    public required NdArray Maps { get; init; }

    [Description("Optional spectrum image whose row and column axes calibrate the panels.")]
    public SpectrumImage? Image { get; init; }
}

/// <summary>Outputs of <see cref="PlotMapsMethod"/>.</summary>
public sealed record PlotMapsOutputs
{
    [Description("PNG with one heat map panel per component, each with its own colour bar.")]
    public required Figure Figure { get; init; }
}

/// <summary>Plots abundance maps (rows × cols × K), one panel per component with a colour bar.</summary>
[Method("plot.maps", 1,
    Summary = "Abundance maps, one panel per component with a colour bar.",
    Remarks = "Row 0 of each map is drawn at the top (image convention). Without an image the axes are pixel indices; " +
              "with one, the spatial axes' offset and scale (and units) set the extent. Each panel has its own colour " +
              "range (min..max of that map; symmetric about 0 with the diverging colour map). NaN cells are left blank.")]
public sealed class PlotMapsMethod : IMethod<PlotMapsParameters, PlotMapsInputs, PlotMapsOutputs>
{
    public ValueTask<MethodResult<PlotMapsOutputs>> RunAsync(
        PlotMapsInputs inputs, PlotMapsParameters parameters, MethodContext context, CancellationToken cancellationToken)
        => Render(inputs, parameters, squarePixels: false);

    /// <summary>The figure of both versions; version 2 keeps the maps' aspect.</summary>
    internal static ValueTask<MethodResult<PlotMapsOutputs>> Render(PlotMapsInputs inputs, PlotMapsParameters parameters, bool squarePixels)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        var maps = inputs.Maps;
        if (maps.Rank is not (2 or 3) || maps.Length == 0)
        {
            throw MethodException.InvalidInput("maps", $"expected a non-empty (rows, cols, K) array; got {AxisLabel.Shape(maps)}.");
        }

        int rows = maps.Shape[0], cols = maps.Shape[1], k = maps.Rank == 3 ? maps.Shape[2] : 1;
        var options = new HeatmapOptions
        {
            Width = parameters.PanelWidth,
            Height = parameters.PanelHeight,
            Colormap = parameters.Colormap,
            SymmetricRange = parameters.Colormap == HeatmapColormap.Diverging,
            FontSize = 12,
            SquarePixels = squarePixels,
        };
        if (inputs.Image is { } image)
        {
            if (image.Rows != rows || image.Columns != cols)
            {
                throw MethodException.InvalidInput(
                    "image", $"its spatial shape ({image.Rows}, {image.Columns}) differs from the maps' ({rows}, {cols}).");
            }

            var r = image.RowAxis;
            var c = image.ColumnAxis;
            options = options with
            {
                XLabel = AxisLabel.Of(c),
                YLabel = AxisLabel.Of(r),
                Extent = new HeatmapExtent(
                    c.ValueAt(-0.5), c.ValueAt(cols - 0.5), r.ValueAt(rows - 0.5), r.ValueAt(-0.5)),
            };
        }

        var data = maps.ToDoubleArray();
        var panels = new HeatmapPanel[k];
        for (var j = 0; j < k; j++)
        {
            var panel = new double[rows * cols];
            for (var p = 0; p < panel.Length; p++)
            {
                panel[p] = data[(p * k) + j];
            }

            panels[j] = new HeatmapPanel("component " + j.ToString(CultureInfo.InvariantCulture), panel, rows, cols);
        }

        var figure = PlotRenderer.HeatmapPanels(parameters.Title, panels, options, parameters.Columns);
        return ValueTask.FromResult(MethodResult.Success(new PlotMapsOutputs { Figure = figure }));
    }
}

/// <summary>Version 2 of <see cref="PlotMapsMethod"/>: each map keeps its aspect instead of filling the panel.</summary>
[Method("plot.maps", 2,
    Summary = "Abundance maps, one panel per component with a colour bar, drawn with their true aspect.",
    Remarks = "As plot.maps@1 (row 0 at the top; calibrated extent from the image's spatial axes; per-map colour range; NaN " +
              "blank), but one data unit spans the same number of pixels along x and y: a map of square pixels keeps its " +
              "rows × cols aspect (a 49 × 6 map is tall and thin), a calibrated map its physical aspect. Version 1 " +
              "stretches every map to fill its panel.")]
public sealed class PlotMaps2Method : IMethod<PlotMapsParameters, PlotMapsInputs, PlotMapsOutputs>
{
    public ValueTask<MethodResult<PlotMapsOutputs>> RunAsync(
        PlotMapsInputs inputs, PlotMapsParameters parameters, MethodContext context, CancellationToken cancellationToken)
        => PlotMapsMethod.Render(inputs, parameters, squarePixels: true);
}
