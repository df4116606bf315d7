using System.ComponentModel;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Decomposition;

namespace Kiseki.Methods.Spectral.Preprocessing.Normalize;

/// <summary>The per-pixel quantity each spectrum is divided by.</summary>
public enum NormalizeMode
{
    /// <summary>Mean over channels (the spectrum then has mean 1).</summary>
    Mean,

    /// <summary>Largest value (the spectrum then peaks at 1).</summary>
    Max,

    /// <summary>Sum over channels (the spectrum then sums to 1).</summary>
    Sum,
}

/// <summary>Parameters of <see cref="NormalizeMethod"/>.</summary>
public sealed record NormalizeParameters
{
    [Description("Divide each pixel spectrum by its mean, max or sum.")]
    public NormalizeMode Mode { get; init; } = NormalizeMode.Mean;
}

/// <summary>Inputs of <see cref="NormalizeMethod"/>.</summary>
public sealed record NormalizeInputs
{
    [Description("Spectrum image; finite values.")]
    public required SpectrumImage Image { get; init; }
}

/// <summary>Outputs of <see cref="NormalizeMethod"/>.</summary>
public sealed record NormalizeOutputs
{
    [Description("The normalised spectrum image (float64, same axes).")]
    public required SpectrumImage Image { get; init; }

    [Description("The divisor used for each pixel, shape (rows, cols); 1 where the pixel was left unchanged.")]
    public required NdArray Factors { get; init; }
}

/// <summary>Divides every pixel spectrum by its mean, maximum or sum.</summary>
[Method("spectral.normalize", 1,
    Summary = "Normalise each pixel spectrum by its mean, max or sum.",
    Remarks = "Pixel spectra whose divisor is not positive (all-zero pixels, or mean/sum/max ≤ 0 in dark-subtracted " +
              "data) are left unchanged, get factor 1, are counted in the metric unchanged_pixels and reported with a " +
              "warning: no division by zero and no NaN. Output units: dimensionless (the input units divided by the " +
              "per-pixel factor, which is written to `factors` so the step can be undone). NaN/Inf input is refused.")]
public sealed class NormalizeMethod : IMethod<NormalizeParameters, NormalizeInputs, NormalizeOutputs>
{
    public ValueTask<MethodResult<NormalizeOutputs>> RunAsync(
        NormalizeInputs inputs, NormalizeParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(context);
        var image = inputs.Image;
        var matrix = SpectrumMatrix.From(image);
        var x = matrix.Data;
        int n = matrix.Pixels, m = matrix.Channels;
        var factors = new double[n];
        var unchanged = 0;
        for (var i = 0; i < n; i++)
        {
            var spectrum = x.AsSpan(i * m, m);
            var divisor = parameters.Mode switch
            {
                NormalizeMode.Max => Max(spectrum),
                NormalizeMode.Sum => Sum(spectrum),
                _ => Sum(spectrum) / m,
            };
            if (!(divisor > 0))
            {
                unchanged++;
                factors[i] = 1;
                continue;
            }

            factors[i] = divisor;
            for (var c = 0; c < m; c++)
            {
                spectrum[c] /= divisor;
            }
        }

        if (unchanged > 0)
        {
            context.Log.Warning(
                $"{unchanged} of {n} pixels have a non-positive {parameters.Mode.ToString().ToLowerInvariant()} (e.g. all zero) and were left unchanged.");
        }

        var outputs = new NormalizeOutputs
        {
            Image = image.WithData(NdArray.Create(x, image.Rows, image.Columns, m)),
            Factors = NdArray.Create(factors, image.Rows, image.Columns),
        };
        var metrics = new Dictionary<string, double> { ["unchanged_pixels"] = unchanged };
        return ValueTask.FromResult(MethodResult.Success(outputs, Convergence.NotIterative, metrics));
    }

    private static double Sum(ReadOnlySpan<double> values)
    {
        var s = 0.0;
        foreach (var v in values)
        {
            s += v;
        }

        return s;
    }

    private static double Max(ReadOnlySpan<double> values)
    {
        var max = double.NegativeInfinity;
        foreach (var v in values)
        {
            max = Math.Max(max, v);
        }

        return max;
    }
}
