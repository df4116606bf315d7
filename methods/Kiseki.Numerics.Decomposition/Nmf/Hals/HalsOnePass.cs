using System.Buffers;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Nmf.Hals;

/// <summary>
/// The map half of a HALS sweep and the next sweep's XᵀC in one pass over X. Given S and H = SᵀS the rows of C are
/// independent, so each row block of X gives its rows of X·S, updates its rows of C (Gauss–Seidel over the
/// components, exact block minimiser) and adds its share of XᵀC and CᵀC while the rows are still in cache.
/// </summary>
/// <remarks>
/// Cichocki and Phan (2009), IEICE Trans. Fundamentals E92-A, 708: the HALS column update. Partial sums are kept
/// per fixed row block (<see cref="RowPartition"/>) and added in block order, so the result does not depend on the
/// thread count.
/// </remarks>
internal static class HalsOnePass
{
    /// <summary>
    /// Updates <paramref name="c"/> (N × K) in place from X·S and <paramref name="h"/> = SᵀS; writes
    /// <paramref name="xc"/> (K × M) = (XᵀC)ᵀ and <paramref name="g"/> = CᵀC of the updated C. Returns tr(Cᵀ·X·S).
    /// </summary>
    public static double Sweep(NmfMatrix x, double[] c, double[] sT, double[] h, int k, double[] xc, double[] g, int threads)
        => x.IsDouble
            ? Sweep<double>(x, c, sT, h, k, xc, g, threads)
            : Sweep<float>(x, c, sT, h, k, xc, g, threads);

    private static double Sweep<T>(NmfMatrix x, double[] c, double[] sT, double[] h, int k, double[] xc, double[] g, int threads)
        where T : unmanaged
    {
        var m = x.Columns;
        var partition = RowPartition.For(x.Rows);
        var accumulators = new double[partition.Blocks][];
        var grams = new double[partition.Blocks][];
        var traces = new double[partition.Blocks];
        var length = k * m;
        partition.Run(threads, b =>
        {
            var acc = ArrayPool<double>.Shared.Rent(length);
            Array.Clear(acc, 0, length);
            var gram = new double[k * k];
            var xs = new double[k];
            var trace = 0.0;
            foreach (var (data, first, start, end) in x.Chunks<T>(partition.Start(b), partition.End(b)))
            {
                for (var i = start; i < end; i += 4)
                {
                    var rows = Math.Min(4, end - i);
                    for (var r = i; r < i + rows; r++)
                    {
                        RowTimes(data, r - first, m, sT, k, xs);
                        trace += UpdateRow(c, r, xs, h, k, gram);
                    }

                    if (rows == 4)
                    {
                        NmfKernels.AccumulateFour(data, i, m, c, k, acc, first);
                    }
                    else
                    {
                        for (var r = i; r < end; r++)
                        {
                            NmfKernels.AccumulateOne(data, r, m, c, k, acc, first);
                        }
                    }
                }
            }

            accumulators[b] = acc;
            grams[b] = gram;
            traces[b] = trace;
        });
        Array.Clear(xc, 0, length);
        Array.Clear(g, 0, k * k);
        var total = 0.0;
        for (var b = 0; b < partition.Blocks; b++)
        {
            var acc = accumulators[b];
            for (var q = 0; q < length; q++)
            {
                xc[q] += acc[q];
            }

            ArrayPool<double>.Shared.Return(acc);
            for (var q = 0; q < k * k; q++)
            {
                g[q] += grams[b][q];
            }

            total += traces[b];
        }

        return total;
    }

    /// <summary>xs[q] = X[i, :]·S[:, q].</summary>
    private static void RowTimes<T>(T[] x, int i, int m, double[] sT, int k, double[] xs)
        where T : unmanaged
    {
        Span<double> dots = stackalloc double[4];
        ref var row = ref Lanes.Row(x, i, m);
        for (var k0 = 0; k0 < k; k0 += 4)
        {
            var count = Math.Min(4, k - k0);
            NmfKernels.DotFour(ref row, m, sT, k0, count, dots);
            dots[..count].CopyTo(xs.AsSpan(k0, count));
        }
    }

    /// <summary>
    /// c_ij ← max(0, xs_j − Σ_q c_iq·H_qj + H_jj·c_ij)/H_jj for j = 0…K−1 in order (0 when H_jj = 0); adds the new
    /// row's outer product to <paramref name="gram"/> (upper triangle mirrored) and returns Σ_j c_ij·xs_j.
    /// </summary>
    private static double UpdateRow(double[] c, int i, double[] xs, double[] h, int k, double[] gram)
    {
        var row = i * k;
        for (var j = 0; j < k; j++)
        {
            var hjj = h[(j * k) + j];
            var ch = 0.0;
            for (var q = 0; q < k; q++)
            {
                ch += c[row + q] * h[(q * k) + j];
            }

            var v = (xs[j] - ch) + (hjj * c[row + j]);
            v = v > 0 ? v : 0;
            c[row + j] = v / (hjj > 0 ? hjj : double.PositiveInfinity);
        }

        var trace = 0.0;
        for (var a = 0; a < k; a++)
        {
            var ca = c[row + a];
            trace += ca * xs[a];
            if (ca == 0)
            {
                continue;
            }

            for (var b = 0; b < k; b++)
            {
                gram[(a * k) + b] += ca * c[row + b];
            }
        }

        return trace;
    }
}
