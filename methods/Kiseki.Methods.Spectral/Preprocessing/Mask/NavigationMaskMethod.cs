using System.ComponentModel;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Spectral.Preprocessing.Mask;

/// <summary>Parameters of <see cref="NavigationMaskMethod"/>.</summary>
public sealed record NavigationMaskParameters
{
    [Description("[start, end] energy range, in axis units, whose per-pixel mean is thresholded; default the whole axis.")]
    public double[]? Window { get; init; }

    [Description("Exclude pixels whose window mean is below this value (vacuum, holes).")]
    public double? Below { get; init; }

    [Description("Exclude pixels whose window mean is above this value (thick areas, contamination).")]
    public double? Above { get; init; }

    [Description("Swap excluded and kept pixels (keep only what the rules above would exclude, e.g. a region of interest).")]
    public bool Invert { get; init; }
}

/// <summary>Inputs of <see cref="NavigationMaskMethod"/>.</summary>
public sealed record NavigationMaskInputs
{
    [Description("Spectrum image the mask is for (its shape, and the intensities thresholded); finite values.")]
    public required SpectrumImage Image { get; init; }

    [Description("Optional boolean map (rows, cols): non-zero pixels are excluded (combined with the thresholds by OR).")]
    public NdArray? Map { get; init; }
}

/// <summary>Outputs of <see cref="NavigationMaskMethod"/>.</summary>
public sealed record NavigationMaskOutputs
{
    [Description("uint8 map (rows, cols): 1 = excluded from decompositions, 0 = kept.")]
    public required NdArray Mask { get; init; }

    [Description("Per-pixel mean over the window (the thresholded quantity), shape (rows, cols).")]
    public required NdArray Intensity { get; init; }
}

/// <summary>Builds a navigation mask (vacuum / ROI) from an intensity threshold and/or a boolean map.</summary>
[Method("spectral.navigation-mask", 1,
    Summary = "Navigation mask (vacuum, holes, ROI) from an intensity threshold in an energy window and/or a boolean map.",
    Remarks = "HyperSpy's navigation_mask convention (decomposition(navigation_mask=…)): 1/True marks a pixel excluded " +
              "from fitting. A pixel is excluded when its mean over `window` is < below or > above, or when `map` is " +
              "non-zero there; invert swaps the result. Decompositions given the mask fit only the kept pixels (the " +
              "factors are learnt from them alone) and write 0 into maps and residuals at excluded pixels (0, not NaN, " +
              "so plots and exports downstream need no NaN handling; the mask says which zeros are not measurements). " +
              "Thresholds are in the image's intensity units. Refuses a mask that excludes every pixel.")]
public sealed class NavigationMaskMethod : IMethod<NavigationMaskParameters, NavigationMaskInputs, NavigationMaskOutputs>
{
    public ValueTask<MethodResult<NavigationMaskOutputs>> RunAsync(
        NavigationMaskInputs inputs, NavigationMaskParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(context);
        var image = inputs.Image;
        if (parameters.Below is { } b && !double.IsFinite(b))
        {
            throw MethodException.InvalidParameter("below", "must be a finite number.");
        }

        if (parameters.Above is { } a && !double.IsFinite(a))
        {
            throw MethodException.InvalidParameter("above", "must be a finite number.");
        }

        if (parameters.Below is null && parameters.Above is null && inputs.Map is null)
        {
            throw MethodException.InvalidParameter("below", "give below, above or a map input; otherwise nothing would be masked.");
        }

        var window = parameters.Window switch
        {
            null => new EnergyWindow(0, image.Channels),
            { Length: 2 } w => EnergyWindow.Resolve(image.ChannelAxis, w[0], w[1], "window", "window", out _),
            var w => throw MethodException.InvalidParameter("window", $"must be two energies [start, end], got {w.Length} values."),
        };
        var x = Decomposition.SpectrumMatrix.From(image);
        double[]? map = null;
        if (inputs.Map is { } given)
        {
            if (given.Rank != 2 || given.Shape[0] != image.Rows || given.Shape[1] != image.Columns)
            {
                throw MethodException.InvalidInput(
                    "map", $"has shape ({string.Join(", ", given.Shape)}); expected ({image.Rows}, {image.Columns}).");
            }

            map = given.ToDoubleArray();
        }

        var intensity = new double[x.Pixels];
        var mask = new byte[x.Pixels];
        for (var p = 0; p < x.Pixels; p++)
        {
            var sum = 0.0;
            for (var j = window.First; j < window.End; j++)
            {
                sum += x.Data[((long)p * x.Channels) + j];
            }

            intensity[p] = sum / window.Count;
            var excluded = intensity[p] < (parameters.Below ?? double.NegativeInfinity)
                           || intensity[p] > (parameters.Above ?? double.PositiveInfinity)
                           || (map is not null && map[p] != 0 && !double.IsNaN(map[p]));
            mask[p] = (byte)(excluded ^ parameters.Invert ? 1 : 0);
        }

        var excludedCount = mask.Count(v => v != 0);
        if (excludedCount == x.Pixels)
        {
            throw MethodException.InvalidInput("image", "the rules exclude every pixel; nothing would be left to decompose.");
        }

        if (excludedCount == 0)
        {
            context.Log.Warning("the mask excludes no pixel.");
        }

        var outputs = new NavigationMaskOutputs
        {
            Mask = NdArray.Create(mask, image.Rows, image.Columns),
            Intensity = NdArray.Create(intensity, image.Rows, image.Columns),
        };
        var metrics = new Dictionary<string, double> { ["excluded_pixels"] = excludedCount, ["kept_pixels"] = x.Pixels - excludedCount };
        return ValueTask.FromResult(MethodResult.Success(outputs, Convergence.NotIterative, metrics));
    }
}
