using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Io.Imaging;

namespace Kiseki.Methods.Io.ExportMapPng;

/// <summary>Parameters of <c>io.export-map-png@1</c>.</summary>
public sealed record ExportMapPngParameters
{
    /// <summary>Colour map.</summary>
    [Description("Colour map: grey or viridis. Each map is scaled from its own minimum to its own maximum; NaN is red.")]
    public Colormap Colormap { get; init; } = Colormap.Viridis;

    /// <summary>Each map pixel becomes a square of this many PNG pixels.</summary>
    [Description("Each map pixel is drawn as a square of this many PNG pixels.")]
    [Range(1, 64)]
    public int PixelScale { get; init; } = 4;

    /// <summary>A 3-D array is (K, rows, cols) instead of (rows, cols, K).</summary>
    [Description("A 3-D maps array is (K, rows, cols) instead of (rows, cols, K).")]
    public bool ComponentsFirst { get; init; }
}

/// <summary>Inputs of <c>io.export-map-png@1</c>.</summary>
public sealed record ExportMapPngInputs
{
    /// <summary>Maps: (rows, cols), (rows, cols, K), or (pixels, K) with an image giving rows and cols.</summary>
    [Description("Maps: one map (rows, cols), a stack (rows, cols, K), or abundances (pixels, K) when 'image' gives rows × cols.")]
    public required NdArray Maps { get; init; }

    /// <summary>Optional spectrum image giving the spatial shape of (pixels, K) maps.</summary>
    [Description("Optional spectrum image whose rows × cols reshape a (pixels, K) abundance matrix.")]
    public SpectrumImage? Image { get; init; }
}

/// <summary>Outputs of <c>io.export-map-png@1</c>.</summary>
public sealed record ExportMapPngOutputs
{
    /// <summary>The maps side by side, separated by a 2-pixel white gap.</summary>
    [Description("A PNG with the K maps side by side (left to right in component order), separated by white gaps.")]
    public required Figure Figure { get; init; }
}

/// <summary>Renders 2-D maps (component abundances, integrated intensities) as a plain PNG.</summary>
[Method("io.export-map-png", 1,
    Summary = "Render one or more 2-D maps as a PNG (grey or viridis), side by side.",
    Remarks = "Linear scaling per map from its finite minimum to maximum; constant maps are drawn at the low end. Units: "
              + "those of the input values (not drawn). No axes or labels: a plain image for reports.")]
public sealed class ExportMapPngMethod : IMethod<ExportMapPngParameters, ExportMapPngInputs, ExportMapPngOutputs>
{
    private const int Gap = 2;

    /// <inheritdoc />
    public ValueTask<MethodResult<ExportMapPngOutputs>> RunAsync(
        ExportMapPngInputs inputs, ExportMapPngParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.PixelScale is < 1 or > 64)
        {
            throw MethodException.InvalidParameter("pixel_scale", $"{parameters.PixelScale}; expected 1..64");
        }

        var (rows, cols, k, index) = Layout(inputs, parameters);
        var scale = parameters.PixelScale;
        var width = (k * cols * scale) + ((k - 1) * Gap);
        var height = rows * scale;
        if ((long)width * height > 64L << 20)
        {
            throw MethodException.InvalidParameter("pixel_scale", $"the image would be {width}×{height} pixels; lower pixel_scale");
        }

        var rgb = new byte[(long)width * height * 3];
        rgb.AsSpan().Fill(255);
        for (var m = 0; m < k; m++)
        {
            var (min, max) = (double.PositiveInfinity, double.NegativeInfinity);
            for (var p = 0; p < rows * cols; p++)
            {
                var v = inputs.Maps.GetDouble(index(p / cols, p % cols, m));
                if (double.IsFinite(v))
                {
                    (min, max) = (Math.Min(min, v), Math.Max(max, v));
                }
            }

            for (var r = 0; r < rows; r++)
            {
                for (var c = 0; c < cols; c++)
                {
                    var v = inputs.Maps.GetDouble(index(r, c, m));
                    var t = double.IsNaN(v) ? double.NaN : max > min ? (v - min) / (max - min) : 0;
                    var (cr, cg, cb) = ColormapPalette.Color(parameters.Colormap, t);
                    for (var dy = 0; dy < scale; dy++)
                    {
                        var y = (r * scale) + dy;
                        for (var dx = 0; dx < scale; dx++)
                        {
                            var x = (m * ((cols * scale) + Gap)) + (c * scale) + dx;
                            var at = (((long)y * width) + x) * 3;
                            (rgb[at], rgb[at + 1], rgb[at + 2]) = (cr, cg, cb);
                        }
                    }
                }
            }
        }

        var figure = new Figure(PngEncoder.EncodeRgb(width, height, rgb));
        return ValueTask.FromResult(MethodResult.Success(new ExportMapPngOutputs { Figure = figure }));
    }

    private static (int Rows, int Cols, int K, Func<int, int, int, long> Index) Layout(ExportMapPngInputs inputs, ExportMapPngParameters parameters)
    {
        var maps = inputs.Maps;
        var s = maps.Shape;
        if (maps.Length == 0 || DTypes.IsComplex(maps.DType))
        {
            throw MethodException.InvalidInput("maps", "expected a non-empty real array");
        }

        if (maps.Rank == 2 && inputs.Image is { } image && s[0] == image.Pixels && s[0] != image.Rows)
        {
            int rows = image.Rows, cols = image.Columns, k = s[1];
            return (rows, cols, k, (r, c, m) => ((((long)r * cols) + c) * k) + m);
        }

        if (maps.Rank == 2)
        {
            int cols = s[1];
            return (s[0], cols, 1, (r, c, _) => ((long)r * cols) + c);
        }

        if (maps.Rank == 3 && parameters.ComponentsFirst)
        {
            int rows = s[1], cols = s[2];
            return (rows, cols, s[0], (r, c, m) => (((long)m * rows) + r) * cols + c);
        }

        if (maps.Rank == 3)
        {
            int cols = s[1], k = s[2];
            return (s[0], cols, k, (r, c, m) => ((((long)r * cols) + c) * k) + m);
        }

        throw MethodException.InvalidInput("maps", $"shape ({string.Join(", ", s)}); expected (rows, cols), (rows, cols, K) or (pixels, K) with an image");
    }
}
