namespace Kiseki.Methods.Spectral.Preprocessing.Align;

/// <summary>The feature whose position defines a pixel's energy shift.</summary>
public enum AlignFeature
{
    /// <summary>The largest value in the window (a zero-loss peak or a white line), refined to sub-channel.</summary>
    Peak,

    /// <summary>The steepest rise in the window (an edge onset: the maximum of the first derivative).</summary>
    Onset,

    /// <summary>The lag that best correlates the pixel's window with the mean spectrum (Pearson, sub-channel).</summary>
    Correlation,
}

/// <summary>Per-pixel feature displacement, in channels, of a row-major (pixels × channels) matrix.</summary>
/// <param name="Shifts">Displacement of each pixel's feature from the reference, in channels; 0 for unusable pixels.</param>
/// <param name="Reference">Reference feature position (fractional channel index of the unshifted axis).</param>
/// <param name="Unusable">Pixels whose window is flat (no feature); they keep shift 0.</param>
internal sealed record ShiftEstimate(double[] Shifts, double Reference, int Unusable);

/// <summary>Finds where a feature sits in every pixel spectrum and how far each is displaced from the mean position.</summary>
internal static class ShiftEstimator
{
    /// <summary>Locates the feature in every pixel and returns its displacement from the mean position.</summary>
    /// <param name="x">Row-major values, pixels × m.</param>
    /// <param name="pixels">Number of pixel spectra.</param>
    /// <param name="m">Channels per spectrum.</param>
    /// <param name="window">Channels searched (peak, onset) or compared (correlation).</param>
    /// <param name="feature">What is located.</param>
    /// <param name="maxLag">Largest correlation lag in channels (correlation only).</param>
    /// <param name="sigma">Gaussian smoothing σ in channels applied before the search (0: none).</param>
    public static ShiftEstimate Estimate(
        double[] x, int pixels, int m, EnergyWindow window, AlignFeature feature, int maxLag, double sigma)
    {
        var positions = new double[pixels];
        double[]? reference = null;
        if (feature == AlignFeature.Correlation)
        {
            reference = Smooth(Decomposition.GramEigenSolver.ColumnMeans(x, pixels, m), sigma);
        }

        for (var p = 0; p < pixels; p++)
        {
            var spectrum = Smooth(x.AsSpan(p * m, m).ToArray(), sigma);
            positions[p] = feature switch
            {
                AlignFeature.Peak => Flat(spectrum, window) ? double.NaN : SubChannel.ArgMax(spectrum, window.First, window.End),
                AlignFeature.Onset => Flat(spectrum, window) ? double.NaN : SubChannel.ArgMax(Derivative(spectrum), window.First, window.End),
                _ => BestLag(reference!, spectrum, window, maxLag),
            };
        }

        var usable = positions.Where(double.IsFinite).ToArray();
        var mean = usable.Length == 0 ? 0 : usable.Average();
        var shifts = positions.Select(v => double.IsFinite(v) ? v - mean : 0).ToArray();
        var referencePosition = feature == AlignFeature.Correlation
            ? SubChannel.ArgMax(reference!, window.First, window.End)
            : mean;
        return new ShiftEstimate(shifts, referencePosition, pixels - usable.Length);
    }

    /// <summary>The lag k maximising the Pearson correlation of reference[window] with spectrum[window + k]; NaN if undefined.</summary>
    private static double BestLag(double[] reference, double[] spectrum, EnergyWindow window, int maxLag)
    {
        var m = spectrum.Length;
        var lo = Math.Max(-maxLag, -window.First);
        var hi = Math.Min(maxLag, m - window.End);
        var scores = new double[hi - lo + 1];
        var bestIndex = -1;
        for (var k = lo; k <= hi; k++)
        {
            var r = Pearson(reference.AsSpan(window.First, window.Count), spectrum.AsSpan(window.First + k, window.Count));
            scores[k - lo] = r;
            if (double.IsFinite(r) && (bestIndex < 0 || r > scores[bestIndex]))
            {
                bestIndex = k - lo;
            }
        }

        if (bestIndex < 0)
        {
            return double.NaN;
        }

        var offset = bestIndex > 0 && bestIndex < scores.Length - 1
            && double.IsFinite(scores[bestIndex - 1]) && double.IsFinite(scores[bestIndex + 1])
            ? SubChannel.Offset(scores[bestIndex - 1], scores[bestIndex], scores[bestIndex + 1])
            : 0;
        return lo + bestIndex + offset;
    }

    private static double Pearson(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        double ma = 0, mb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            ma += a[i];
            mb += b[i];
        }

        ma /= a.Length;
        mb /= b.Length;
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            double da = a[i] - ma, db = b[i] - mb;
            sab += da * db;
            saa += da * da;
            sbb += db * db;
        }

        return saa > 0 && sbb > 0 ? sab / Math.Sqrt(saa * sbb) : double.NaN;
    }

    private static bool Flat(double[] spectrum, EnergyWindow window)
    {
        var first = spectrum[window.First];
        for (var j = window.First + 1; j < window.End; j++)
        {
            if (spectrum[j] != first)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Central difference (s[j+1] − s[j−1]) / 2, one-sided at the ends.</summary>
    private static double[] Derivative(double[] s)
    {
        var d = new double[s.Length];
        for (var j = 0; j < s.Length; j++)
        {
            d[j] = s.Length == 1 ? 0
                : j == 0 ? s[1] - s[0]
                : j == s.Length - 1 ? s[j] - s[j - 1]
                : 0.5 * (s[j + 1] - s[j - 1]);
        }

        return d;
    }

    /// <summary>Gaussian smoothing with σ channels (kernel cut at 3σ, renormalised at the ends); a copy when σ ≤ 0.</summary>
    private static double[] Smooth(double[] s, double sigma)
    {
        if (!(sigma > 0))
        {
            return s;
        }

        var half = (int)Math.Ceiling(3 * sigma);
        var kernel = new double[(2 * half) + 1];
        for (var i = -half; i <= half; i++)
        {
            kernel[i + half] = Math.Exp(-0.5 * i * i / (sigma * sigma));
        }

        var result = new double[s.Length];
        for (var j = 0; j < s.Length; j++)
        {
            double sum = 0, weight = 0;
            for (var i = Math.Max(-half, -j); i <= Math.Min(half, s.Length - 1 - j); i++)
            {
                sum += kernel[i + half] * s[j + i];
                weight += kernel[i + half];
            }

            result[j] = sum / weight;
        }

        return result;
    }
}
