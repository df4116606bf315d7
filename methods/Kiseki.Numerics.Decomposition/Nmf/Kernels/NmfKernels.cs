using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Kiseki.Methods.Spectral.Nmf.Kernels;

/// <summary>
/// Streaming products of the data matrix X (N × M, float32 or float64) with thin factors, accumulated in float64
/// (float32 products instead when <see cref="NmfMatrix.SingleProducts"/>, see <see cref="SingleKernels"/>):
/// XᵀC and X·S in fixed row blocks, vectorised over channels. No N × M temporary is ever formed.
/// Factor layouts: C is N × K row-major (a pixel's K weights contiguous); S is stored transposed, K × M
/// (a component's spectrum contiguous).
/// </summary>
public static class NmfKernels
{
    /// <summary>result (K × M) = (XᵀC)ᵀ, i.e. result[k, j] = Σᵢ C[i, k]·X[i, j].</summary>
    public static void TransposeTimes(NmfMatrix x, double[] c, int k, double[] result, int threads)
    {
        if (x.SingleProducts)
        {
            SingleKernels.TransposeTimes(x, c, k, result, threads);
        }
        else if (x.IsDouble)
        {
            TransposeTimes<double>(x, c, k, result, threads);
        }
        else
        {
            TransposeTimes<float>(x, c, k, result, threads);
        }
    }

    /// <summary>result (N × K) = X·S with S given transposed (K × M).</summary>
    public static void Times(NmfMatrix x, double[] sT, int k, double[] result, int threads)
    {
        if (x.SingleProducts)
        {
            SingleKernels.Times(x, sT, k, result, threads);
        }
        else if (x.IsDouble)
        {
            Times<double>(x, sT, k, result, threads);
        }
        else
        {
            Times<float>(x, sT, k, result, threads);
        }
    }

    private static void TransposeTimes<T>(NmfMatrix x, double[] c, int k, double[] result, int threads)
        where T : unmanaged
    {
        var m = x.Columns;
        var partition = RowPartition.For(x.Rows);
        var partial = new double[partition.Blocks][];
        var length = k * m;
        partition.Run(threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int b) =>
        {
            // Pooled: a fresh K×M block per row block and sweep is large-object-heap churn that grows the process.
            var acc = ArrayPool<double>.Shared.Rent(length);
            Array.Clear(acc, 0, length);
            foreach (var (data, first, start, end) in x.Chunks<T>(partition.Start(b), partition.End(b)))
            {
                var i = start;
                if (Lanes.Wide)
                {
                    for (; i + 8 <= end; i += 8)
                    {
                        WideAccumulate.Accumulate(data, i, 8, m, c, k, acc, first);
                    }
                }

                for (; i + 4 <= end; i += 4)
                {
                    AccumulateFour(data, i, m, c, k, acc, first);
                }

                for (; i < end; i++)
                {
                    AccumulateOne(data, i, m, c, k, acc, first);
                }
            }

            partial[b] = acc;
        });
        Array.Clear(result, 0, length);
        foreach (var acc in partial)
        {
            // Element-wise, in block order: the same sums at any vector width.
            var q = 0;
            for (; q + 4 <= length; q += 4)
            {
                (Vector256.Create(result.AsSpan(q, 4)) + Vector256.Create(acc.AsSpan(q, 4))).CopyTo(result.AsSpan(q, 4));
            }

            for (; q < length; q++)
            {
                result[q] += acc[q];
            }

            ArrayPool<double>.Shared.Return(acc);
        }
    }

    /// <summary>acc[k, :] += Σ over rows i…i+3 of C[i, k]·X[i, :]; X's row i is row i − <paramref name="first"/> of <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AccumulateFour<T>(T[] x, int i, int m, double[] c, int k, double[] acc, int first)
        where T : unmanaged
    {
        if (Lanes.Wide)
        {
            WideAccumulate.Accumulate(x, i, 4, m, c, k, acc, first);
            return;
        }

        ref var r0 = ref Lanes.Row(x, i - first, m);
        ref var r1 = ref Lanes.Row(x, i - first + 1, m);
        ref var r2 = ref Lanes.Row(x, i - first + 2, m);
        ref var r3 = ref Lanes.Row(x, i - first + 3, m);
        ref var a = ref MemoryMarshal.GetArrayDataReference(acc);
        var vectorEnd = m - (m % Lanes.Width);
        for (var kk = 0; kk < k; kk++)
        {
            var c0 = c[(i * k) + kk];
            var c1 = c[((i + 1) * k) + kk];
            var c2 = c[((i + 2) * k) + kk];
            var c3 = c[((i + 3) * k) + kk];
            if (c0 == 0 && c1 == 0 && c2 == 0 && c3 == 0)
            {
                continue;
            }

            var v0 = Vector256.Create(c0);
            var v1 = Vector256.Create(c1);
            var v2 = Vector256.Create(c2);
            var v3 = Vector256.Create(c3);
            ref var ak = ref Unsafe.Add(ref a, kk * m);
            var j = 0;
            for (; j < vectorEnd; j += Lanes.Width)
            {
                Lanes.Load(ref r0, j, out var x0l, out var x0h);
                Lanes.Load(ref r1, j, out var x1l, out var x1h);
                Lanes.Load(ref r2, j, out var x2l, out var x2h);
                Lanes.Load(ref r3, j, out var x3l, out var x3h);
                var lo = Vector256.LoadUnsafe(ref ak, (nuint)j);
                var hi = Vector256.LoadUnsafe(ref ak, (nuint)(j + 4));
                lo = Lanes.Fma(v3, x3l, Lanes.Fma(v2, x2l, Lanes.Fma(v1, x1l, Lanes.Fma(v0, x0l, lo))));
                hi = Lanes.Fma(v3, x3h, Lanes.Fma(v2, x2h, Lanes.Fma(v1, x1h, Lanes.Fma(v0, x0h, hi))));
                lo.StoreUnsafe(ref ak, (nuint)j);
                hi.StoreUnsafe(ref ak, (nuint)(j + 4));
            }

            for (; j < m; j++)
            {
                var s = Unsafe.Add(ref ak, j);
                s = Math.FusedMultiplyAdd(c0, Lanes.Get(ref r0, j), s);
                s = Math.FusedMultiplyAdd(c1, Lanes.Get(ref r1, j), s);
                s = Math.FusedMultiplyAdd(c2, Lanes.Get(ref r2, j), s);
                s = Math.FusedMultiplyAdd(c3, Lanes.Get(ref r3, j), s);
                Unsafe.Add(ref ak, j) = s;
            }
        }
    }

    /// <summary>acc[k, :] += C[i, k]·X[i, :]; X's row i is row i − <paramref name="first"/> of <paramref name="x"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void AccumulateOne<T>(T[] x, int i, int m, double[] c, int k, double[] acc, int first)
        where T : unmanaged
    {
        ref var r0 = ref Lanes.Row(x, i - first, m);
        for (var kk = 0; kk < k; kk++)
        {
            var c0 = c[(i * k) + kk];
            if (c0 == 0)
            {
                continue;
            }

            var offset = kk * m;
            for (var j = 0; j < m; j++)
            {
                acc[offset + j] = Math.FusedMultiplyAdd(c0, Lanes.Get(ref r0, j), acc[offset + j]);
            }
        }
    }

    private static void Times<T>(NmfMatrix x, double[] sT, int k, double[] result, int threads)
        where T : unmanaged
    {
        var m = x.Columns;
        var partition = RowPartition.For(x.Rows);
        partition.Run(threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int b) =>
        {
            var dots = new double[32];
            foreach (var (data, first, start, end) in x.Chunks<T>(partition.Start(b), partition.End(b)))
            {
                var i = start;
                if (Lanes.Wide)
                {
                    for (; i + 4 <= end; i += 4)
                    {
                        TimesFourRows(data, i - first, m, sT, k, result.AsSpan(i * k, 4 * k), dots);
                    }
                }

                for (; i < end; i++)
                {
                    ref var row = ref Lanes.Row(data, i - first, m);
                    for (var k0 = 0; k0 < k; k0 += 4)
                    {
                        DotFour(ref row, m, sT, k0, Math.Min(4, k - k0), dots);
                        for (var q = 0; q < Math.Min(4, k - k0); q++)
                        {
                            result[(i * k) + k0 + q] = dots[q];
                        }
                    }
                }
            }
        });
    }

    /// <summary>result[(r·K) + q] = row (row + r) of <paramref name="x"/> · sT[q] for r &lt; 4, every q &lt; K.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void TimesFourRows<T>(T[] x, int row, int m, double[] sT, int k, Span<double> result, double[] dots)
        where T : unmanaged
    {
        ref var r0 = ref Lanes.Row(x, row, m);
        ref var r1 = ref Lanes.Row(x, row + 1, m);
        ref var r2 = ref Lanes.Row(x, row + 2, m);
        ref var r3 = ref Lanes.Row(x, row + 3, m);
        for (var k0 = 0; k0 < k;)
        {
            var count = Math.Min(8, k - k0);
            var stride = count > 4 ? 8 : 4;
            unsafe
            {
                fixed (double* s = sT)
                {
                    if (count > 4)
                    {
                        WideDots.DotRowsEight(ref r0, ref r1, ref r2, ref r3, m, s, k0, count, dots);
                    }
                    else
                    {
                        WideDots.DotRowsFour(ref r0, ref r1, ref r2, ref r3, m, s, k0, count, dots);
                    }
                }
            }

            for (var r = 0; r < 4; r++)
            {
                for (var q = 0; q < count; q++)
                {
                    result[(r * k) + k0 + q] = dots[(r * stride) + q];
                }
            }

            k0 += count;
        }
    }

    /// <summary>dots[q] = row · sT[k0 + q] for q &lt; count (count ≤ 4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void DotFour<T>(ref T row, int m, double[] sT, int k0, int count, Span<double> dots)
        where T : unmanaged
    {
        ref var s = ref MemoryMarshal.GetArrayDataReference(sT);
        ref var s0 = ref Unsafe.Add(ref s, k0 * m);
        ref var s1 = ref Unsafe.Add(ref s, (k0 + Math.Min(1, count - 1)) * m);
        ref var s2 = ref Unsafe.Add(ref s, (k0 + Math.Min(2, count - 1)) * m);
        ref var s3 = ref Unsafe.Add(ref s, (k0 + Math.Min(3, count - 1)) * m);
        var a0 = Vector256<double>.Zero;
        var a1 = Vector256<double>.Zero;
        var a2 = Vector256<double>.Zero;
        var a3 = Vector256<double>.Zero;
        var vectorEnd = m - (m % Lanes.Width);
        var j = 0;
        for (; j < vectorEnd; j += Lanes.Width)
        {
            Lanes.Load(ref row, j, out var xl, out var xh);
            a0 = Lanes.Fma(xl, Vector256.LoadUnsafe(ref s0, (nuint)j), a0);
            a1 = Lanes.Fma(xl, Vector256.LoadUnsafe(ref s1, (nuint)j), a1);
            a2 = Lanes.Fma(xl, Vector256.LoadUnsafe(ref s2, (nuint)j), a2);
            a3 = Lanes.Fma(xl, Vector256.LoadUnsafe(ref s3, (nuint)j), a3);
            a0 = Lanes.Fma(xh, Vector256.LoadUnsafe(ref s0, (nuint)(j + 4)), a0);
            a1 = Lanes.Fma(xh, Vector256.LoadUnsafe(ref s1, (nuint)(j + 4)), a1);
            a2 = Lanes.Fma(xh, Vector256.LoadUnsafe(ref s2, (nuint)(j + 4)), a2);
            a3 = Lanes.Fma(xh, Vector256.LoadUnsafe(ref s3, (nuint)(j + 4)), a3);
        }

        double d0 = Vector256.Sum(a0), d1 = Vector256.Sum(a1), d2 = Vector256.Sum(a2), d3 = Vector256.Sum(a3);
        for (; j < m; j++)
        {
            var v = Lanes.Get(ref row, j);
            d0 = Math.FusedMultiplyAdd(v, Unsafe.Add(ref s0, j), d0);
            d1 = Math.FusedMultiplyAdd(v, Unsafe.Add(ref s1, j), d1);
            d2 = Math.FusedMultiplyAdd(v, Unsafe.Add(ref s2, j), d2);
            d3 = Math.FusedMultiplyAdd(v, Unsafe.Add(ref s3, j), d3);
        }

        dots[0] = d0;
        if (count > 1)
        {
            dots[1] = d1;
        }

        if (count > 2)
        {
            dots[2] = d2;
        }

        if (count > 3)
        {
            dots[3] = d3;
        }
    }
}
