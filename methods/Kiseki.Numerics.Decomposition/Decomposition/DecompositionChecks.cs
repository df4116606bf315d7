using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Spectral.Decomposition;

/// <summary>Parameter and input checks shared by the SVD, PCA and scree methods.</summary>
public static class DecompositionChecks
{
    /// <summary>Refuses K outside [1, <paramref name="limit"/>].</summary>
    public static void Components(int k, int limit, string why)
    {
        if (k < 1)
        {
            throw MethodException.InvalidParameter("components", $"must be at least 1; got {k}.");
        }

        if (k > limit)
        {
            throw MethodException.InvalidParameter(
                "components", $"{k} is more than the data allow: at most {limit} ({why}).");
        }
    }

    /// <summary>Refuses negative values before Poisson scaling, naming the pixel and channel.</summary>
    public static void NonNegativeForPoisson(SpectrumMatrix x)
    {
        ArgumentNullException.ThrowIfNull(x);
        for (var i = 0; i < x.Data.Length; i++)
        {
            if (x.Data[i] < 0)
            {
                throw NegativeForPoisson(i, x.Data[i], x.Channels);
            }
        }
    }

    /// <summary>
    /// The checks of a scan of the image's rows (<see cref="SpectrumMatrix.From"/> and
    /// <see cref="NonNegativeForPoisson(SpectrumMatrix)"/> for X read by rows): the first non-finite value, and the
    /// first negative one when <paramref name="poissonScaling"/>, with the same messages.
    /// </summary>
    public static void Scanned(SpectrumScan scan, int columns, int channels, bool poissonScaling)
    {
        ArgumentNullException.ThrowIfNull(scan);
        if (scan.FirstNonFinite >= 0)
        {
            throw SpectrumMatrix.NonFinite("image", scan.NonFiniteValue, scan.FirstNonFinite, columns, channels);
        }

        if (poissonScaling && scan.FirstNegative >= 0)
        {
            throw NegativeForPoisson(scan.FirstNegative, scan.NegativeValue, channels);
        }
    }

    private static MethodException NegativeForPoisson(long index, double value, int channels)
        => MethodException.InvalidInput(
            "image",
            $"Poisson scaling needs non-negative counts, but pixel {index / channels}, channel {index % channels} is " +
            $"{value}; set poisson_scaling: false or clip/offset dark-subtracted data first.");
}
