namespace Kiseki.Methods.Spectral.Preprocessing.Align;

/// <summary>Sub-channel refinement of a discrete maximum from its two neighbours.</summary>
internal static class SubChannel
{
    /// <summary>
    /// The vertex offset (in channels, within ±0.5) of the curve through (−1, a), (0, b), (1, c) where b is the
    /// discrete maximum. When all three are positive the parabola is fitted to their logarithms (exact for a Gaussian
    /// peak); otherwise to the values themselves. 0 when the three points do not bend downwards.
    /// </summary>
    public static double Offset(double a, double b, double c)
    {
        if (a > 0 && b > 0 && c > 0)
        {
            (a, b, c) = (Math.Log(a), Math.Log(b), Math.Log(c));
        }

        var curvature = a - (2 * b) + c;
        if (!(curvature < 0))
        {
            return 0;
        }

        return Math.Clamp(0.5 * (a - c) / curvature, -0.5, 0.5);
    }

    /// <summary>Index of the largest value in values[first..end) (the first on ties), refined with <see cref="Offset"/>.</summary>
    public static double ArgMax(ReadOnlySpan<double> values, int first, int end)
    {
        var best = first;
        for (var j = first + 1; j < end; j++)
        {
            if (values[j] > values[best])
            {
                best = j;
            }
        }

        return best <= 0 || best >= values.Length - 1
            ? best
            : best + Offset(values[best - 1], values[best], values[best + 1]);
    }
}
