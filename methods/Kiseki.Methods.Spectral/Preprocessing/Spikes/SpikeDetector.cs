namespace Kiseki.Methods.Spectral.Preprocessing.Spikes;

/// <summary>
/// Finds positive outliers of a (rows × cols × channels) image against the median of the same channel in the
/// 8-neighbourhood of the pixel, in units of a robust per-channel spread of those residuals.
/// </summary>
internal static class SpikeDetector
{
    /// <summary>The neighbour median of every value (row-major, same layout as <paramref name="x"/>).</summary>
    public static double[] NeighbourMedian(double[] x, int rows, int cols, int m)
    {
        var median = new double[x.Length];
        var buffer = new double[8];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                var p = (r * cols) + c;
                for (var j = 0; j < m; j++)
                {
                    var n = 0;
                    for (var dr = -1; dr <= 1; dr++)
                    {
                        for (var dc = -1; dc <= 1; dc++)
                        {
                            int rr = r + dr, cc = c + dc;
                            if ((dr != 0 || dc != 0) && rr >= 0 && rr < rows && cc >= 0 && cc < cols)
                            {
                                buffer[n++] = x[(((rr * cols) + cc) * m) + j];
                            }
                        }
                    }

                    median[(p * m) + j] = Median(buffer.AsSpan(0, n));
                }
            }
        }

        return median;
    }

    /// <summary>
    /// Anscombe's variance-stabilising transform 2√(x + 3/8), sign-symmetric for negative values, so that Poisson
    /// counts have unit noise at every level and one threshold fits bright and dark channels.
    /// </summary>
    public static double[] Stabilise(double[] x)
        => [.. x.Select(v => Math.Sign(v) * 2 * Math.Sqrt(Math.Abs(v) + 0.375))];

    /// <summary>Median of x[p, j − 3 .. j + 3] (clipped at the axis ends) for every value: the pixel's own local level.</summary>
    public static double[] SpectralMedian(double[] x, int pixels, int m)
    {
        var median = new double[x.Length];
        for (var p = 0; p < pixels; p++)
        {
            for (var j = 0; j < m; j++)
            {
                int lo = Math.Max(0, j - 3), hi = Math.Min(m - 1, j + 3);
                median[(p * m) + j] = Median(x.AsSpan((p * m) + lo, hi - lo + 1));
            }
        }

        return median;
    }

    /// <summary>1.4826 × the median absolute residual of each channel over pixels (a Gaussian σ estimate), floored at its 90th percentile over channels (dark channels, where most counts are 0, would otherwise have σ = 0).</summary>
    public static double[] RobustSpread(double[] x, double[] median, int pixels, int m)
    {
        var spread = new double[m];
        var column = new double[pixels];
        for (var j = 0; j < m; j++)
        {
            for (var p = 0; p < pixels; p++)
            {
                column[p] = Math.Abs(x[(p * m) + j] - median[(p * m) + j]);
            }

            spread[j] = 1.4826 * Median(column);
        }

        var sorted = spread.Order().ToArray();
        var floor = sorted[(int)(0.9 * (sorted.Length - 1))];
        floor = floor > 0 ? floor : 1e-12;
        return [.. spread.Select(s => Math.Max(s, floor))];
    }

    /// <summary>Median of the values (the mean of the two middle ones for an even count); sorts a copy.</summary>
    public static double Median(ReadOnlySpan<double> values)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[(n / 2) - 1] + sorted[n / 2]);
    }
}
