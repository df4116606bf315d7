namespace Kiseki.Methods.Spectral.Decomposition;

/// <summary>
/// One pass over X (n × m): the checks a decomposition needs and the sums it starts from.
/// </summary>
/// <param name="ColumnMeans">Mean over pixels of each channel (chunk partial sums added in chunk order).</param>
/// <param name="RowSums">Σ_j X_ij per pixel (channels in order), when asked for; else null.</param>
/// <param name="FirstNonFinite">Flat index (pixel·m + channel) of the first NaN/±∞, or −1.</param>
/// <param name="NonFiniteValue">That value.</param>
/// <param name="FirstNegative">Flat index of the first negative value, or −1.</param>
/// <param name="NegativeValue">That value.</param>
/// <param name="AnyNonZero">Whether some value is not 0.</param>
public sealed record SpectrumScan(
    double[] ColumnMeans, double[]? RowSums, long FirstNonFinite, double NonFiniteValue, long FirstNegative,
    double NegativeValue, bool AnyNonZero)
{
    /// <summary>
    /// Scans <paramref name="x"/> chunk by chunk in order. The column sums are exactly those of
    /// <see cref="GramEigenSolver.ColumnMeans(double[], int, int)"/>: per chunk a partial starting at 0 adds the rows in order, and the partials
    /// are added in chunk order, then divided by n.
    /// </summary>
    public static SpectrumScan Of(SpectrumRows x, bool rowSums, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(x);
        int n = x.Rows, m = x.Columns;
        var sum = new double[m];
        var partial = new double[m];
        var rows = rowSums ? new double[n] : null;
        long nonFinite = -1, negative = -1;
        double nonFiniteValue = 0, negativeValue = 0;
        var anyNonZero = false;
        x.ForEachChunkInOrder(cancellationToken, (_, start, count, values) =>
        {
            Array.Clear(partial);
            for (var r = 0; r < count; r++)
            {
                var row = values.Slice(r * m, m);
                var s = 0.0;
                for (var j = 0; j < m; j++)
                {
                    var v = row[j];
                    partial[j] += v;
                    s += v;
                    if (v != 0)
                    {
                        anyNonZero = true;
                        if (!double.IsFinite(v) && nonFinite < 0)
                        {
                            (nonFinite, nonFiniteValue) = (((long)(start + r) * m) + j, v);
                        }

                        if (v < 0 && negative < 0)
                        {
                            (negative, negativeValue) = (((long)(start + r) * m) + j, v);
                        }
                    }
                }

                if (rows is not null)
                {
                    rows[start + r] = s;
                }
            }

            for (var j = 0; j < m; j++)
            {
                sum[j] += partial[j];
            }
        });
        for (var j = 0; j < m; j++)
        {
            sum[j] /= n;
        }

        return new SpectrumScan(sum, rows, nonFinite, nonFiniteValue, negative, negativeValue, anyNonZero);
    }

    /// <summary>
    /// Keenan–Kotula weights from this scan: a_i = √(RowSums_i / m), b_j = √(ColumnMeans_j) (those of
    /// <see cref="PoissonScaling.Weights"/>). Needs <see cref="RowSums"/>.
    /// </summary>
    public (double[] PixelWeights, double[] ChannelWeights) PoissonWeights()
    {
        var rowSums = RowSums ?? throw new InvalidOperationException("the scan was made without row sums.");
        var m = ColumnMeans.Length;
        return (rowSums.Select(s => Math.Sqrt(s / m)).ToArray(), ColumnMeans.Select(Math.Sqrt).ToArray());
    }
}
