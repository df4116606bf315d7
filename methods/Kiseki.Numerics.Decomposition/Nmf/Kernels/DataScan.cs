namespace Kiseki.Methods.Spectral.Nmf.Kernels;

/// <summary>One pass of facts about X used for validation and for traces: sums, extremes, NaN and zero counts.</summary>
public sealed record DataScan(
    double Sum,
    double SumOfSquares,
    double Minimum,
    double Maximum,
    long NonFiniteCount,
    long NegativeCount,
    long ZeroCount,
    int ZeroRows,
    int ZeroColumns)
{
    /// <summary>
    /// Scans <paramref name="x"/> in fixed row blocks (deterministic for any thread count). The scan is kept with the
    /// matrix, so validation and the solver share one pass over X (a whole pass when X is read from a file).
    /// </summary>
    public static DataScan Of(NmfMatrix x, int threads)
    {
        ArgumentNullException.ThrowIfNull(x);
        return x.Scan ??= x.IsDouble ? Of<double>(x, threads) : Of<float>(x, threads);
    }

    private static DataScan Of<T>(NmfMatrix x, int threads)
        where T : unmanaged
    {
        var columns = x.Columns;
        var partition = RowPartition.For(x.Rows);
        var parts = new DataScan[partition.Blocks];
        var columnHits = new bool[partition.Blocks][];
        partition.Run(threads, b =>
        {
            double sum = 0, squares = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            long bad = 0, negative = 0, zeros = 0;
            var zeroRows = 0;
            var hits = new bool[x.Columns];
            foreach (var (data, first, start, end) in x.Chunks<T>(partition.Start(b), partition.End(b)))
            {
                for (var i = start; i < end; i++)
                {
                    var rowHasValue = false;
                    ref var row = ref Lanes.Row(data, i - first, columns);
                    for (var j = 0; j < x.Columns; j++)
                    {
                        var v = Lanes.Get(ref row, j);
                        if (!double.IsFinite(v))
                        {
                            bad++;
                            continue;
                        }

                        sum += v;
                        squares += v * v;
                        min = Math.Min(min, v);
                        max = Math.Max(max, v);
                        if (v < 0)
                        {
                            negative++;
                        }

                        if (v == 0)
                        {
                            zeros++;
                        }
                        else
                        {
                            rowHasValue = true;
                            hits[j] = true;
                        }
                    }

                    zeroRows += rowHasValue ? 0 : 1;
                }
            }

            parts[b] = new DataScan(sum, squares, min, max, bad, negative, zeros, zeroRows, 0);
            columnHits[b] = hits;
        });
        var total = new DataScan(0, 0, double.PositiveInfinity, double.NegativeInfinity, 0, 0, 0, 0, 0);
        foreach (var p in parts)
        {
            total = new DataScan(
                total.Sum + p.Sum, total.SumOfSquares + p.SumOfSquares, Math.Min(total.Minimum, p.Minimum),
                Math.Max(total.Maximum, p.Maximum), total.NonFiniteCount + p.NonFiniteCount,
                total.NegativeCount + p.NegativeCount, total.ZeroCount + p.ZeroCount, total.ZeroRows + p.ZeroRows, 0);
        }

        var zeroColumns = 0;
        for (var j = 0; j < x.Columns; j++)
        {
            var any = false;
            foreach (var hits in columnHits)
            {
                any |= hits[j];
            }

            zeroColumns += any ? 0 : 1;
        }

        return total with { ZeroColumns = zeroColumns };
    }
}
