using System.ComponentModel;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Decomposition;

namespace Kiseki.Methods.Spectral.Preprocessing.BackgroundPowerLaw;

/// <summary>Where the fitted background is subtracted.</summary>
public enum BackgroundRange
{
    /// <summary>From the start of the fit window to the end of the axis; channels before it are kept as they are.</summary>
    FromWindowStart,

    /// <summary>Over the whole axis (the power law extrapolated below the window too).</summary>
    Whole,
}

/// <summary>What happens to negative values after subtraction.</summary>
public enum NegativeHandling
{
    /// <summary>Keep them (unbiased; noise around 0 stays symmetric).</summary>
    Keep,

    /// <summary>Set every negative value of the output image to 0, below the window too (for NMF and other methods that need non-negative data).</summary>
    Clip,
}

/// <summary>Parameters of <see cref="BackgroundPowerLawMethod"/>.</summary>
public sealed record BackgroundPowerLawParameters
{
    [Description("Start of the pre-edge fit window, in the channel axis units (eV).")]
    public required double FitStart { get; init; }

    [Description("End of the pre-edge fit window, in the channel axis units (eV).")]
    public required double FitEnd { get; init; }

    [Description("Subtract from-window-start (default) or over the whole axis.")]
    public BackgroundRange Subtract { get; init; } = BackgroundRange.FromWindowStart;

    [Description("Negative values after subtraction: keep or clip (to 0).")]
    public NegativeHandling Negatives { get; init; } = NegativeHandling.Keep;
}

/// <summary>Inputs of <see cref="BackgroundPowerLawMethod"/>.</summary>
public sealed record BackgroundPowerLawInputs
{
    [Description("EELS spectrum image with a calibrated, positive energy axis; finite values.")]
    public required SpectrumImage Image { get; init; }
}

/// <summary>Outputs of <see cref="BackgroundPowerLawMethod"/>.</summary>
public sealed record BackgroundPowerLawOutputs
{
    [Description("Background-subtracted spectrum image (float64, same axes).")]
    public required SpectrumImage Image { get; init; }

    [Description("The subtracted background A·E^−r (0 where nothing was subtracted).")]
    public required SpectrumImage Background { get; init; }

    [Description("Fitted exponent r per pixel, shape (rows, cols); 0 where the fit failed (see failed_pixels).")]
    public required NdArray Exponent { get; init; }
}

/// <summary>Per-pixel pre-edge power-law background fit and subtraction for EELS.</summary>
[Method("spectral.background-power-law", 1,
    Summary = "Fit A·E^−r per pixel in a pre-edge window and subtract it.",
    Remarks = "Egerton, Electron Energy-Loss Spectroscopy in the Electron Microscope (3rd ed., 2011) §4.4.2; the same fit " +
              "as malspy 0.3.0's fit_pre_edge: least squares of ln I against ln E over the window channels with I > 0 " +
              "(non-positive counts are skipped instead of giving −inf). Energies in the axis units (must be > 0 in the " +
              "window). subtract: from-window-start (channels below fit_start untouched, background 0 there) or whole. " +
              "negatives: keep (default) or clip (every negative output value, untouched channels included, set to 0). Pixels with fewer than two positive window channels are left " +
              "unchanged (background 0, exponent 0), counted in failed_pixels and reported as a warning.")]
public sealed class BackgroundPowerLawMethod
    : IMethod<BackgroundPowerLawParameters, BackgroundPowerLawInputs, BackgroundPowerLawOutputs>
{
    public ValueTask<MethodResult<BackgroundPowerLawOutputs>> RunAsync(
        BackgroundPowerLawInputs inputs, BackgroundPowerLawParameters parameters, MethodContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(context);
        var image = inputs.Image;
        var axis = image.ChannelAxis;
        var window = EnergyWindow.Resolve(axis, parameters.FitStart, parameters.FitEnd, "fit_start", "fit_end", out var clipped);
        if (window.Count < 2)
        {
            throw MethodException.InvalidParameter("fit_end", "the fit window holds a single channel; a power-law fit needs at least two.");
        }

        if (clipped)
        {
            context.Log.Warning($"the fit window reaches past the axis; fitting channels {window.First}–{window.End - 1}.");
        }

        var energies = Enumerable.Range(0, image.Channels).Select(i => axis.ValueAt(i)).ToArray();
        if (energies.AsSpan(window.First, window.Count).ToArray().Any(e => !(e > 0)))
        {
            throw MethodException.InvalidParameter(
                "fit_start", $"the power law needs positive energies; the window starts at {energies[window.First]} {axis.Units}.");
        }

        var matrix = SpectrumMatrix.From(image);
        var x = matrix.Data;
        int n = matrix.Pixels, m = matrix.Channels;
        var from = parameters.Subtract == BackgroundRange.Whole ? 0 : window.First;
        var background = new double[x.Length];
        var exponent = new double[n];
        var failed = 0;
        for (var i = 0; i < n; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fit = PowerLawSolver.Fit(energies.AsSpan(window.First, window.Count), x.AsSpan((i * m) + window.First, window.Count));
            exponent[i] = fit.Valid ? fit.Exponent : 0;
            failed += fit.Valid ? 0 : 1;
            for (var c = from; c < m && fit.Valid; c++)
            {
                var b = fit.Evaluate(energies[c]);
                background[(i * m) + c] = b;
                x[(i * m) + c] -= b;
            }

            for (var c = 0; c < m && parameters.Negatives == NegativeHandling.Clip; c++)
            {
                x[(i * m) + c] = Math.Max(x[(i * m) + c], 0);
            }
        }

        if (failed == n)
        {
            throw MethodException.InvalidInput(
                "image", "no pixel has two positive values in the fit window; check fit_start/fit_end against the data.");
        }

        if (failed > 0)
        {
            context.Log.Warning($"{failed} of {n} pixels had fewer than two positive values in the fit window and were left unchanged.");
        }

        var outputs = new BackgroundPowerLawOutputs
        {
            Image = image.WithData(NdArray.Create(x, image.Rows, image.Columns, m)),
            Background = image.WithData(NdArray.Create(background, image.Rows, image.Columns, m)),
            Exponent = NdArray.Create(exponent, image.Rows, image.Columns),
        };
        var metrics = new Dictionary<string, double>
        {
            ["failed_pixels"] = failed,
            ["mean_exponent"] = exponent.Sum() / (n - failed),
        };
        return ValueTask.FromResult(MethodResult.Success(outputs, Convergence.NotIterative, metrics));
    }
}
