using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Kiseki.Methods.Spectral.Nmf.Kernels;

/// <summary>Per-pixel squared residuals Σⱼ (X − C Sᵀ)ᵢⱼ², one model row at a time (no N × M temporary).</summary>
public static class ResidualKernels
{
    /// <summary>perRow[i] = Σⱼ (X[i, j] − Σₖ C[i, k]·S[j, k])², with S given transposed (K × M).</summary>
    public static void RowSquaredResiduals(NmfMatrix x, double[] c, double[] sT, int k, double[] perRow, int threads)
    {
        if (x.IsDouble)
        {
            Run<double>(x, c, sT, k, perRow, threads);
        }
        else
        {
            Run<float>(x, c, sT, k, perRow, threads);
        }
    }

    /// <summary>Σ over pixels of <see cref="RowSquaredResiduals"/>, summed in row order.</summary>
    public static double SquaredResidual(NmfMatrix x, double[] c, double[] sT, int k, int threads)
    {
        var perRow = new double[x.Rows];
        RowSquaredResiduals(x, c, sT, k, perRow, threads);
        var total = 0.0;
        foreach (var v in perRow)
        {
            total += v;
        }

        return total;
    }

    private static void Run<T>(NmfMatrix x, double[] c, double[] sT, int k, double[] perRow, int threads)
        where T : unmanaged
    {
        var m = x.Columns;
        var partition = RowPartition.For(x.Rows);
        partition.Run(threads, b =>
        {
            var model = new double[m];
            foreach (var (data, first, start, end) in x.Chunks<T>(partition.Start(b), partition.End(b)))
            {
                // Two rows at a time; an odd last row is paired with itself (its value is stored once).
                for (var i = start; i < end; i += 2)
                {
                    var other = Math.Min(i + 1, end - 1);
                    TwoRowResiduals(ref Lanes.Row(data, i - first, m), ref Lanes.Row(data, other - first, m), c, sT, k, m, i, other, model, perRow);
                }
            }
        });
    }

    /// <summary>model[j] = Σₖ C[i, k]·S[j, k].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ModelRow(double[] c, double[] sT, int k, int m, int i, double[] model)
    {
        Array.Clear(model);
        ref var md = ref MemoryMarshal.GetArrayDataReference(model);
        var vectorEnd = m - (m % 4);
        for (var kk = 0; kk < k; kk++)
        {
            var w = c[(i * k) + kk];
            if (w == 0)
            {
                continue;
            }

            var wv = Vector256.Create(w);
            ref var s = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(sT), kk * m);
            var j = 0;
            for (; j < vectorEnd; j += 4)
            {
                var acc = Vector256.LoadUnsafe(ref md, (nuint)j);
                Lanes.Fma(wv, Vector256.LoadUnsafe(ref s, (nuint)j), acc).StoreUnsafe(ref md, (nuint)j);
            }

            for (; j < m; j++)
            {
                Unsafe.Add(ref md, j) = Math.FusedMultiplyAdd(w, Unsafe.Add(ref s, j), Unsafe.Add(ref md, j));
            }
        }
    }

    /// <summary>
    /// perRow[i0] and perRow[i1] = Σⱼ (X[i, j] − Σₖ C[i, k]·S[j, k])² for two rows side by side, the spectra loaded
    /// once for both: each model value is built by fused multiply–adds over k in order from 0, skipping zero weights
    /// (as <see cref="ModelRow"/>; a component whose weight is zero in one row is skipped for that row), and the squared
    /// differences are gathered by fused multiply–adds on two four-lane vectors (channels j…j+3 and j+4…j+7 of every
    /// eight), summed, and the last channels added one by one. 32 channels at a time with the models in registers.
    /// A row paired with itself (i0 = i1) gives the same value as in a pair.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TwoRowResiduals<T>(ref T r0, ref T r1, double[] c, double[] sT, int k, int m, int i0, int i1, double[] model, double[] perRow)
        where T : unmanaged
    {
        ref var s = ref MemoryMarshal.GetArrayDataReference(sT);
        var a0 = Vector256<double>.Zero;
        var a1 = Vector256<double>.Zero;
        var b0 = Vector256<double>.Zero;
        var b1 = Vector256<double>.Zero;
        var j = 0;
        for (; j + 32 <= m; j += 32)
        {
            Vector256<double> m0 = default, m1 = default, m2 = default, m3 = default, m4 = default, m5 = default, m6 = default, m7 = default;
            Vector256<double> n0 = default, n1 = default, n2 = default, n3 = default, n4 = default, n5 = default, n6 = default, n7 = default;
            for (var q = 0; q < k; q++)
            {
                var wa = c[(i0 * k) + q];
                var wb = c[(i1 * k) + q];
                if (wa == 0 && wb == 0)
                {
                    continue;
                }

                ref var sq = ref Unsafe.Add(ref s, (q * m) + j);
                var s0 = Vector256.LoadUnsafe(ref sq, 0);
                var s1 = Vector256.LoadUnsafe(ref sq, 4);
                var s2 = Vector256.LoadUnsafe(ref sq, 8);
                var s3 = Vector256.LoadUnsafe(ref sq, 12);
                var s4 = Vector256.LoadUnsafe(ref sq, 16);
                var s5 = Vector256.LoadUnsafe(ref sq, 20);
                var s6 = Vector256.LoadUnsafe(ref sq, 24);
                var s7 = Vector256.LoadUnsafe(ref sq, 28);
                if (wa != 0)
                {
                    var w = Vector256.Create(wa);
                    m0 = Lanes.Fma(w, s0, m0);
                    m1 = Lanes.Fma(w, s1, m1);
                    m2 = Lanes.Fma(w, s2, m2);
                    m3 = Lanes.Fma(w, s3, m3);
                    m4 = Lanes.Fma(w, s4, m4);
                    m5 = Lanes.Fma(w, s5, m5);
                    m6 = Lanes.Fma(w, s6, m6);
                    m7 = Lanes.Fma(w, s7, m7);
                }

                if (wb != 0)
                {
                    var w = Vector256.Create(wb);
                    n0 = Lanes.Fma(w, s0, n0);
                    n1 = Lanes.Fma(w, s1, n1);
                    n2 = Lanes.Fma(w, s2, n2);
                    n3 = Lanes.Fma(w, s3, n3);
                    n4 = Lanes.Fma(w, s4, n4);
                    n5 = Lanes.Fma(w, s5, n5);
                    n6 = Lanes.Fma(w, s6, n6);
                    n7 = Lanes.Fma(w, s7, n7);
                }
            }

            Square(ref r0, j, m0, m1, ref a0, ref a1);
            Square(ref r0, j + 8, m2, m3, ref a0, ref a1);
            Square(ref r0, j + 16, m4, m5, ref a0, ref a1);
            Square(ref r0, j + 24, m6, m7, ref a0, ref a1);
            Square(ref r1, j, n0, n1, ref b0, ref b1);
            Square(ref r1, j + 8, n2, n3, ref b0, ref b1);
            Square(ref r1, j + 16, n4, n5, ref b0, ref b1);
            Square(ref r1, j + 24, n6, n7, ref b0, ref b1);
        }

        perRow[i0] = Finish(ref r0, c, sT, k, m, i0, j, a0, a1, model);
        if (i1 != i0)
        {
            perRow[i1] = Finish(ref r1, c, sT, k, m, i1, j, b0, b1, model);
        }
    }

    /// <summary>The channels from <paramref name="j"/> on (fewer than 32): the model into the row array, then the squares.</summary>
    private static double Finish<T>(
        ref T row, double[] c, double[] sT, int k, int m, int i, int j, Vector256<double> a0, Vector256<double> a1, double[] model)
        where T : unmanaged
    {
        if (j == m)
        {
            return Vector256.Sum(a0 + a1);
        }

        // The model of the last channels into the row array, then their squares on the same two vectors, one by one.
        var tail = m - j;
        Array.Clear(model, 0, tail);
        ref var s = ref MemoryMarshal.GetArrayDataReference(sT);
        for (var q = 0; q < k; q++)
        {
            var w = c[(i * k) + q];
            if (w == 0)
            {
                continue;
            }

            for (var t = 0; t < tail; t++)
            {
                model[t] = Math.FusedMultiplyAdd(w, Unsafe.Add(ref s, (q * m) + j + t), model[t]);
            }
        }

        var vectorEnd = m - (m % Lanes.Width);
        for (; j < vectorEnd; j += Lanes.Width)
        {
            var at = j - (m - tail);
            Square(ref row, j, Vector256.Create(model.AsSpan(at, 4)), Vector256.Create(model.AsSpan(at + 4, 4)), ref a0, ref a1);
        }

        var total = Vector256.Sum(a0 + a1);
        for (; j < m; j++)
        {
            var d = Lanes.Get(ref row, j) - model[j - (m - tail)];
            total = Math.FusedMultiplyAdd(d, d, total);
        }

        return total;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Square<T>(ref T row, int j, Vector256<double> low, Vector256<double> high, ref Vector256<double> a0, ref Vector256<double> a1)
        where T : unmanaged
    {
        Lanes.Load(ref row, j, out var xl, out var xh);
        var dl = xl - low;
        var dh = xh - high;
        a0 = Lanes.Fma(dl, dl, a0);
        a1 = Lanes.Fma(dh, dh, a1);
    }
}
