using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Transport.Barrier;
using ScottPlot;

namespace Kiseki.Methods.Transport.SlicePlot;

/// <summary>Heat map of a 2-D slice of an energy grid with the dominant points marked.</summary>
/// <remarks>Plots the surfaces of the proton-path study (Kanamori et al., PRB 97, 125124, 2018); axes in fractional coordinates, colour in the grid's energy unit.</remarks>
[Method("transport.slice-plot", version: 1,
    Summary = "Heat map of a slice of an energy grid with the minimum and bottleneck marked.",
    Remarks = "For the proton-path study after Kanamori et al., PRB 97, 125124 (2018). Axes: fractional coordinates of the "
        + "two in-plane axes; colour: energy in the grid's unit (eV for the perovskite template), NaN/±Inf walls blank. "
        + "Points whose index along the normal differs from the slice are drawn hollow (projected).",
    RelativeTolerance = 0)]
public sealed class SlicePlotMethod : IMethod<SlicePlotParameters, SlicePlotInputs, SlicePlotOutputs>
{
    /// <inheritdoc />
    public ValueTask<MethodResult<SlicePlotOutputs>> RunAsync(
        SlicePlotInputs inputs, SlicePlotParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        var (grid, energies) = GridPoints.Read(inputs.Energies, "energies");
        var minimum = ReadIndex(inputs.Minimum, "minimum", grid.Rank);
        var bottleneck = ReadIndex(inputs.Bottleneck, "bottleneck", grid.Rank);
        var shape = grid.ShapeArray();
        var normal = grid.Rank == 2 ? -1 : (int)parameters.Normal;
        int[] plane = normal switch { 0 => [1, 2], 1 => [0, 2], -1 => [0, 1], _ => [0, 1] };
        var slice = 0;
        if (normal >= 0)
        {
            slice = parameters.Index ?? bottleneck?[normal] ?? minimum?[normal] ?? 0;
            if (slice < 0 || slice >= shape[normal])
            {
                throw MethodException.InvalidParameter("index", $"slice index {slice} is outside [0, {shape[normal] - 1}].");
            }
        }

        int nx = shape[plane[0]], ny = shape[plane[1]];
        var values = new double[ny, nx];
        var finite = new List<double>();
        var coordinate = new int[3];
        for (var x = 0; x < nx; x++)
        {
            for (var y = 0; y < ny; y++)
            {
                coordinate[plane[0]] = x;
                coordinate[plane[1]] = y;
                if (normal >= 0)
                {
                    coordinate[normal] = slice;
                }

                var e = energies[grid.IndexOf(coordinate[0], coordinate[1], coordinate[2])];
                values[ny - 1 - y, x] = double.IsFinite(e) ? e : double.NaN;
                if (double.IsFinite(e))
                {
                    finite.Add(e);
                }
            }
        }

        if (finite.Count == 0)
        {
            throw MethodException.InvalidInput("energies", "the slice holds only walls (NaN/±Inf); choose another index.");
        }

        var top = parameters.ColorMax ?? DefaultTop(inputs, finite);
        for (var y = 0; y < ny; y++)
        {
            for (var x = 0; x < nx; x++)
            {
                values[y, x] = Math.Min(values[y, x], top);
            }
        }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.Extent = new CoordinateRect(-0.5 / nx, 1 - (0.5 / nx), -0.5 / ny, 1 - (0.5 / ny));
        plot.Add.ColorBar(heatmap).Label = "energy";
        string[] names = ["u_a", "u_b", "u_c"];
        plot.XLabel(names[plane[0]]);
        plot.YLabel(names[plane[1]]);
        plot.Title(normal >= 0 ? $"{parameters.Title} ({names[normal]} = {(double)slice / shape[normal]:0.###})" : parameters.Title);
        Mark(plot, minimum, plane, normal, slice, shape, MarkerShape.FilledCircle, MarkerShape.OpenCircle, Colors.White, "minimum");
        Mark(plot, bottleneck, plane, normal, slice, shape, MarkerShape.FilledSquare, MarkerShape.OpenSquare, Colors.Red, "bottleneck");
        if (minimum is not null || bottleneck is not null)
        {
            plot.ShowLegend();
        }

        var png = plot.GetImageBytes(parameters.Width, parameters.Height, ImageFormat.Png);
        return ValueTask.FromResult(MethodResult.Success(new SlicePlotOutputs { Figure = new Figure(png) }));
    }

    private static double DefaultTop(SlicePlotInputs inputs, List<double> finite)
    {
        var min = inputs.Minimum?.Value["energy"]?.GetValue<double>();
        var bottleneck = inputs.Bottleneck?.Value["energy"]?.GetValue<double>();
        if (min is { } m && bottleneck is { } b && b > m)
        {
            return m + (2 * (b - m));
        }

        var sorted = finite.Order().ToArray();
        var q90 = sorted[(int)(0.9 * (sorted.Length - 1))];
        return q90 > sorted[0] ? q90 : sorted[^1] + 1;
    }

    private static void Mark(
        Plot plot, int[]? point, int[] plane, int normal, int slice, int[] shape, MarkerShape onSlice, MarkerShape projected,
        ScottPlot.Color color, string label)
    {
        if (point is null)
        {
            return;
        }

        var marker = plot.Add.Marker((double)point[plane[0]] / shape[plane[0]], (double)point[plane[1]] / shape[plane[1]]);
        marker.Shape = normal < 0 || point[normal] == slice ? onSlice : projected;
        marker.Size = 14;
        marker.Color = color;
        marker.LegendText = label;
    }

    private static int[]? ReadIndex(JsonArtifact? artifact, string port, int rank)
    {
        if (artifact is null)
        {
            return null;
        }

        if (artifact.Value is not JsonObject obj || obj["index"] is not JsonArray index || index.Count != rank)
        {
            throw MethodException.InvalidInput(port, $"expected a point object with an 'index' array of {rank} grid indices.");
        }

        return [.. index.Select(n => n!.GetValue<int>())];
    }
}
