using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Bench.Nmf;

/// <summary>
/// The previous X·S and XᵀC kernels (one row at a time for X·S, four rows and one component at a time for XᵀC,
/// 256-bit), kept in the benchmark only as the "before" of the <c>kernels</c> mode: the library kernels must give the
/// same bits, faster. In-memory matrices only.
/// </summary>
internal static class BaselineKernels
{
    public static void TransposeTimes(NmfMatrix x, double[] c, int k, double[] result, int threads)
    {
        if (x.IsDouble)
        {
            TransposeTimes(x.Doubles!, x.Rows, x.Columns, c, k, result, threads);
        }
        else
        {
            TransposeTimes(x.Singles!, x.Rows, x.Columns, c, k, result, threads);
        }
    }

    public static void Times(NmfMatrix x, double[] sT, int k, double[] result, int threads)
    {
        if (x.IsDouble)
        {
            Times(x.Doubles!, x.Rows, x.Columns, sT, k, result, threads);
        }
        else
        {
            Times(x.Singles!, x.Rows, x.Columns, sT, k, result, threads);
        }
    }

    private static void TransposeTimes<T>(T[] data, int n, int m, double[] c, int k, double[] result, int threads)
        where T : unmanaged
    {
        var partition = RowPartition.For(n);
        var partial = new double[partition.Blocks][];
        partition.Run(threads, b =>
        {
            var acc = new double[k * m];
            int i = partition.Start(b), end = partition.End(b);
            for (; i + 4 <= end; i += 4)
            {
                AccumulateFour(data, i, m, c, k, acc);
            }

            for (; i < end; i++)
            {
                ref var r0 = ref Row(data, i, m);
                for (var kk = 0; kk < k; kk++)
                {
                    var c0 = c[(i * k) + kk];
                    if (c0 != 0)
                    {
                        for (var j = 0; j < m; j++)
                        {
                            acc[(kk * m) + j] = Math.FusedMultiplyAdd(c0, Get(ref r0, j), acc[(kk * m) + j]);
                        }
                    }
                }
            }

            partial[b] = acc;
        });
        Array.Clear(result);
        foreach (var acc in partial)
        {
            for (var q = 0; q < k * m; q++)
            {
                result[q] += acc[q];
            }
        }
    }

    private static void AccumulateFour<T>(T[] x, int i, int m, double[] c, int k, double[] acc)
        where T : unmanaged
    {
        ref var r0 = ref Row(x, i, m);
        ref var r1 = ref Row(x, i + 1, m);
        ref var r2 = ref Row(x, i + 2, m);
        ref var r3 = ref Row(x, i + 3, m);
        ref var a = ref MemoryMarshal.GetArrayDataReference(acc);
        var vectorEnd = m - (m % 8);
        for (var kk = 0; kk < k; kk++)
        {
            double c0 = c[(i * k) + kk], c1 = c[((i + 1) * k) + kk], c2 = c[((i + 2) * k) + kk], c3 = c[((i + 3) * k) + kk];
            if (c0 == 0 && c1 == 0 && c2 == 0 && c3 == 0)
            {
                continue;
            }

            Vector256<double> v0 = Vector256.Create(c0), v1 = Vector256.Create(c1), v2 = Vector256.Create(c2), v3 = Vector256.Create(c3);
            ref var ak = ref Unsafe.Add(ref a, kk * m);
            var j = 0;
            for (; j < vectorEnd; j += 8)
            {
                Load(ref r0, j, out var x0l, out var x0h);
                Load(ref r1, j, out var x1l, out var x1h);
                Load(ref r2, j, out var x2l, out var x2h);
                Load(ref r3, j, out var x3l, out var x3h);
                var lo = Vector256.LoadUnsafe(ref ak, (nuint)j);
                var hi = Vector256.LoadUnsafe(ref ak, (nuint)(j + 4));
                lo = Fma(v3, x3l, Fma(v2, x2l, Fma(v1, x1l, Fma(v0, x0l, lo))));
                hi = Fma(v3, x3h, Fma(v2, x2h, Fma(v1, x1h, Fma(v0, x0h, hi))));
                lo.StoreUnsafe(ref ak, (nuint)j);
                hi.StoreUnsafe(ref ak, (nuint)(j + 4));
            }

            for (; j < m; j++)
            {
                var s = Unsafe.Add(ref ak, j);
                s = Math.FusedMultiplyAdd(c0, Get(ref r0, j), s);
                s = Math.FusedMultiplyAdd(c1, Get(ref r1, j), s);
                s = Math.FusedMultiplyAdd(c2, Get(ref r2, j), s);
                s = Math.FusedMultiplyAdd(c3, Get(ref r3, j), s);
                Unsafe.Add(ref ak, j) = s;
            }
        }
    }

    private static void Times<T>(T[] data, int n, int m, double[] sT, int k, double[] result, int threads)
        where T : unmanaged
    {
        var partition = RowPartition.For(n);
        partition.Run(threads, b =>
        {
            var dots = new double[4];
            for (var i = partition.Start(b); i < partition.End(b); i++)
            {
                ref var row = ref Row(data, i, m);
                for (var k0 = 0; k0 < k; k0 += 4)
                {
                    DotFour(ref row, m, sT, k0, Math.Min(4, k - k0), dots);
                    for (var q = 0; q < Math.Min(4, k - k0); q++)
                    {
                        result[(i * k) + k0 + q] = dots[q];
                    }
                }
            }
        });
    }

    private static void DotFour<T>(ref T row, int m, double[] sT, int k0, int count, double[] dots)
        where T : unmanaged
    {
        ref var s = ref MemoryMarshal.GetArrayDataReference(sT);
        ref var s0 = ref Unsafe.Add(ref s, k0 * m);
        ref var s1 = ref Unsafe.Add(ref s, (k0 + Math.Min(1, count - 1)) * m);
        ref var s2 = ref Unsafe.Add(ref s, (k0 + Math.Min(2, count - 1)) * m);
        ref var s3 = ref Unsafe.Add(ref s, (k0 + Math.Min(3, count - 1)) * m);
        Vector256<double> a0 = default, a1 = default, a2 = default, a3 = default;
        var vectorEnd = m - (m % 8);
        var j = 0;
        for (; j < vectorEnd; j += 8)
        {
            Load(ref row, j, out var xl, out var xh);
            a0 = Fma(xl, Vector256.LoadUnsafe(ref s0, (nuint)j), a0);
            a1 = Fma(xl, Vector256.LoadUnsafe(ref s1, (nuint)j), a1);
            a2 = Fma(xl, Vector256.LoadUnsafe(ref s2, (nuint)j), a2);
            a3 = Fma(xl, Vector256.LoadUnsafe(ref s3, (nuint)j), a3);
            a0 = Fma(xh, Vector256.LoadUnsafe(ref s0, (nuint)(j + 4)), a0);
            a1 = Fma(xh, Vector256.LoadUnsafe(ref s1, (nuint)(j + 4)), a1);
            a2 = Fma(xh, Vector256.LoadUnsafe(ref s2, (nuint)(j + 4)), a2);
            a3 = Fma(xh, Vector256.LoadUnsafe(ref s3, (nuint)(j + 4)), a3);
        }

        double d0 = Vector256.Sum(a0), d1 = Vector256.Sum(a1), d2 = Vector256.Sum(a2), d3 = Vector256.Sum(a3);
        for (; j < m; j++)
        {
            var v = Get(ref row, j);
            d0 = Math.FusedMultiplyAdd(v, Unsafe.Add(ref s0, j), d0);
            d1 = Math.FusedMultiplyAdd(v, Unsafe.Add(ref s1, j), d1);
            d2 = Math.FusedMultiplyAdd(v, Unsafe.Add(ref s2, j), d2);
            d3 = Math.FusedMultiplyAdd(v, Unsafe.Add(ref s3, j), d3);
        }

        (dots[0], dots[1], dots[2], dots[3]) = (d0, d1, d2, d3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load<T>(ref T row, int j, out Vector256<double> low, out Vector256<double> high)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            ref var d = ref Unsafe.As<T, double>(ref row);
            low = Vector256.LoadUnsafe(ref d, (nuint)j);
            high = Vector256.LoadUnsafe(ref d, (nuint)(j + 4));
        }
        else
        {
            (low, high) = Vector256.Widen(Vector256.LoadUnsafe(ref Unsafe.As<T, float>(ref row), (nuint)j));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Get<T>(ref T row, int j)
        where T : unmanaged
        => typeof(T) == typeof(double) ? Unsafe.Add(ref Unsafe.As<T, double>(ref row), j) : Unsafe.Add(ref Unsafe.As<T, float>(ref row), j);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c) => Vector256.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref T Row<T>(T[] data, int row, int columns)
        where T : unmanaged
        => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(data), (nint)((long)row * columns));
}
