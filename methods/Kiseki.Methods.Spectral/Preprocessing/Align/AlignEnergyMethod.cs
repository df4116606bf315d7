using System.ComponentModel;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Decomposition;

namespace Kiseki.Methods.Spectral.Preprocessing.Align;

/// <summary>Parameters of <see cref="AlignEnergyMethod"/>.</summary>
public sealed record AlignEnergyParameters
{
    [Description("[start, end]: the energy range holding the feature, in the channel axis units (e.g. eV).")]
    public required double[] Window { get; init; }

    [Description("peak (zero-loss peak or white line: the maximum), onset (edge: the steepest rise) or correlation (with the mean spectrum).")]
    public AlignFeature Feature { get; init; } = AlignFeature.Peak;

    [Description("Largest shift searched by correlation, in axis units; default half the window width.")]
    public double? MaxShift { get; init; }

    [Description("Gaussian σ, in axis units, smoothing the spectra while the feature is located (the data are not smoothed); 0 for none.")]
    public double Smoothing { get; init; }

    [Description("Drop the channels some shifted spectrum cannot fill (HyperSpy's crop=True); otherwise keep the axis and fill them with NaN.")]
    public bool Crop { get; init; } = true;

    [Description("If set, the energy axis is recalibrated so that the aligned feature sits at this value (e.g. 0 for the zero-loss peak).")]
    public double? CalibrateTo { get; init; }
}

/// <summary>Inputs of <see cref="AlignEnergyMethod"/>.</summary>
public sealed record AlignEnergyInputs
{
    [Description("Spectrum image whose feature is located in every pixel; finite values.")]
    public required SpectrumImage Image { get; init; }

    [Description("Optional second spectrum image of the same scan (e.g. the core loss of a low-loss/core-loss pair), shifted by the same energies.")]
    public SpectrumImage? Also { get; init; }
}

/// <summary>Outputs of <see cref="AlignEnergyMethod"/>.</summary>
public sealed record AlignEnergyOutputs
{
    [Description("The aligned image (float64): aligned(E) = image(E + shift) per pixel.")]
    public required SpectrumImage Aligned { get; init; }

    [Description("The second image shifted by the same energies (absent when `also` is not given).")]
    public SpectrumImage? AlsoAligned { get; init; }

    [Description("Per-pixel shift in axis units, shape (rows, cols); positive where the feature sits above the mean position.")]
    public required NdArray Shifts { get; init; }
}

/// <summary>Energy-drift alignment of a spectrum image (and optionally a second one) from one spectral feature.</summary>
[Method("spectral.align-energy", 1,
    Summary = "Align the energy axis of every pixel to a feature (zero-loss peak, edge onset, or cross-correlation), sub-channel.",
    Remarks = "The behaviour of HyperSpy/exSpy align_zero_loss_peak(also_align=…) and Signal1D.align1D: each pixel's feature " +
              "position is found in `window`, the reference is the mean position over pixels, and every spectrum is " +
              "resampled by linear interpolation so that aligned(E) = image(E + shift), shift = position − reference " +
              "(HyperSpy's estimate_shift1D reports −shift). peak: the maximum, refined by a parabola through the log of " +
              "the three top values (exact for a Gaussian peak). onset: the same on the central-difference derivative. " +
              "correlation: the integer lag (|lag| ≤ max_shift) maximising the Pearson correlation of the pixel's window " +
              "with the mean spectrum's window, refined by a parabola through the three top scores, then made zero-mean " +
              "over pixels. Pixels with a flat window (no feature) keep shift 0, are counted in unaligned_pixels and warned " +
              "about. crop keeps the channels every shifted spectrum can fill (HyperSpy crop=True); crop false fills the " +
              "rest with NaN (decompositions refuse NaN: crop afterwards). calibrate_to shifts the axis offset so the " +
              "reference feature (for correlation: the maximum of the mean spectrum in the window) sits at that value, as " +
              "exSpy's calibrate=True does for the zero-loss peak at 0. Egerton, Electron Energy-Loss Spectroscopy in the " +
              "Electron Microscope, 3rd ed. (2011) §4.4 (energy drift). Units: shifts in the channel axis units.")]
public sealed class AlignEnergyMethod : IMethod<AlignEnergyParameters, AlignEnergyInputs, AlignEnergyOutputs>
{
    public ValueTask<MethodResult<AlignEnergyOutputs>> RunAsync(
        AlignEnergyInputs inputs, AlignEnergyParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(context);
        var image = inputs.Image;
        var axis = image.ChannelAxis;
        var window = ResolveWindow(parameters, axis, context);
        var scale = axis.Scale;
        var maxLag = parameters.MaxShift is { } maxShift
            ? (double.IsFinite(maxShift) && maxShift > 0
                ? (int)Math.Ceiling((maxShift / Math.Abs(scale)) - 1e-9)
                : throw MethodException.InvalidParameter("max_shift", $"must be a positive number, got {maxShift}."))
            : Math.Max(1, window.Count / 2);
        if (!(parameters.Smoothing >= 0) || !double.IsFinite(parameters.Smoothing))
        {
            throw MethodException.InvalidParameter("smoothing", $"must be finite and ≥ 0, got {parameters.Smoothing}.");
        }

        if (parameters.CalibrateTo is { } target && !double.IsFinite(target))
        {
            throw MethodException.InvalidParameter("calibrate_to", "must be a finite number.");
        }

        var also = inputs.Also;
        if (also is not null && (also.Rows != image.Rows || also.Columns != image.Columns))
        {
            throw MethodException.InvalidInput(
                "also", $"has {also.Rows} × {also.Columns} pixels but image has {image.Rows} × {image.Columns}; they must be the same scan.");
        }

        if (also is not null && also.ChannelAxis.Scale == 0)
        {
            throw MethodException.InvalidInput("also", "the channel axis has zero scale; it cannot be shifted in energy.");
        }

        var x = SpectrumMatrix.From(image);
        var estimate = ShiftEstimator.Estimate(
            x.Data, x.Pixels, x.Channels, window, parameters.Feature, maxLag, parameters.Smoothing / Math.Abs(scale));
        if (estimate.Unusable == x.Pixels)
        {
            throw MethodException.InvalidInput("image", $"no pixel has a feature in the window ({window.First}–{window.End - 1}): every window is flat.");
        }

        if (estimate.Unusable > 0)
        {
            context.Log.Warning($"{estimate.Unusable} pixels have a flat window (no feature); they are left unshifted.");
        }

        var calibrated = estimate.Shifts.Select(s => s * scale).ToArray();
        var offsetChange = parameters.CalibrateTo is { } to ? to - axis.ValueAt(estimate.Reference) : 0;
        var aligned = Apply(image, x.Data, estimate.Shifts, parameters.Crop, offsetChange, "image");
        var alsoAligned = also is null
            ? null
            : Apply(also, SpectrumMatrix.From(also, "also").Data, calibrated.Select(s => s / also.ChannelAxis.Scale).ToArray(),
                parameters.Crop, offsetChange, "also");
        var metrics = new Dictionary<string, double>
        {
            ["shift_min"] = calibrated.Min(),
            ["shift_max"] = calibrated.Max(),
            ["shift_std"] = Math.Sqrt(calibrated.Select(s => s * s).Average()),
            ["unaligned_pixels"] = estimate.Unusable,
            ["channels"] = aligned.Channels,
            ["reference_energy"] = axis.ValueAt(estimate.Reference),
        };
        var outputs = new AlignEnergyOutputs
        {
            Aligned = aligned,
            AlsoAligned = alsoAligned,
            Shifts = NdArray.Create(calibrated, image.Rows, image.Columns),
        };
        return ValueTask.FromResult(MethodResult.Success(outputs, Convergence.NotIterative, metrics));
    }

    private static EnergyWindow ResolveWindow(AlignEnergyParameters parameters, Axis axis, MethodContext context)
    {
        if (parameters.Window is not { Length: 2 } w)
        {
            throw MethodException.InvalidParameter(
                "window", $"must be two energies [start, end], got {parameters.Window?.Length ?? 0} values.");
        }

        var window = EnergyWindow.Resolve(axis, w[0], w[1], "window", "window", out var clipped);
        if (clipped)
        {
            context.Log.Warning($"the window {w[0]} to {w[1]} reaches past the axis; searched channels {window.First}–{window.End - 1}.");
        }

        if (window.Count < 3)
        {
            throw MethodException.InvalidParameter(
                "window", $"holds {window.Count} channel(s); at least 3 are needed to locate a feature to sub-channel precision.");
        }

        return window;
    }

    private static SpectrumImage Apply(SpectrumImage image, double[] x, double[] shifts, bool crop, double offsetChange, string port)
    {
        var kept = SpectrumShifter.Kept(shifts, image.Channels, crop)
                   ?? throw MethodException.InvalidInput(
                       port, "the shifts span more than the whole energy axis; nothing would be left after cropping (narrow the window or set max_shift).");
        var data = SpectrumShifter.Shift(x, image.Pixels, image.Channels, shifts, kept);
        var axis = image.ChannelAxis with
        {
            Size = kept.Count,
            Offset = image.ChannelAxis.ValueAt(kept.First) + offsetChange,
        };
        return image.WithData(NdArray.Create(data, image.Rows, image.Columns, kept.Count), axis);
    }
}
