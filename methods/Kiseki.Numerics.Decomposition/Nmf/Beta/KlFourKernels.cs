using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Nmf.Beta;

/// <summary>
/// KL (β = 0) row kernels for exactly four components, with model, ratio and accumulation in one sweep over the
/// channels: each spectrum value is loaded once and no model or ratio row is stored. The operations and their order
/// are those of the general kernels, so the results are the same bits.
/// </summary>
internal static class KlFourKernels
{
    /// <summary>dots[q] = Σⱼ S_jq·X_ij/max(Y_ij, floor), Y = C Sᵀ.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MapsRow<T>(ref T row, int m, double[] sT, double[] c, int i, double floor, Span<double> dots)
        where T : unmanaged
    {
        ref var s0 = ref MemoryMarshal.GetArrayDataReference(sT);
        ref var s1 = ref Unsafe.Add(ref s0, m);
        ref var s2 = ref Unsafe.Add(ref s0, 2 * m);
        ref var s3 = ref Unsafe.Add(ref s0, 3 * m);
        double w0 = c[i * 4], w1 = c[(i * 4) + 1], w2 = c[(i * 4) + 2], w3 = c[(i * 4) + 3];
        Vector256<double> c0 = Vector256.Create(w0), c1 = Vector256.Create(w1), c2 = Vector256.Create(w2), c3 = Vector256.Create(w3);
        var floorV = Vector256.Create(floor);
        var a0 = Vector256<double>.Zero;
        var a1 = Vector256<double>.Zero;
        var a2 = Vector256<double>.Zero;
        var a3 = Vector256<double>.Zero;
        var vectorEnd = m - (m % Lanes.Width);
        var j = 0;
        for (; j < vectorEnd; j += Lanes.Width)
        {
            Lanes.Load(ref row, j, out var xl, out var xh);
            var s0l = Vector256.LoadUnsafe(ref s0, (nuint)j);
            var s1l = Vector256.LoadUnsafe(ref s1, (nuint)j);
            var s2l = Vector256.LoadUnsafe(ref s2, (nuint)j);
            var s3l = Vector256.LoadUnsafe(ref s3, (nuint)j);
            var s0h = Vector256.LoadUnsafe(ref s0, (nuint)(j + 4));
            var s1h = Vector256.LoadUnsafe(ref s1, (nuint)(j + 4));
            var s2h = Vector256.LoadUnsafe(ref s2, (nuint)(j + 4));
            var s3h = Vector256.LoadUnsafe(ref s3, (nuint)(j + 4));
            var rl = xl / Vector256.Max(Model(c0, c1, c2, c3, s0l, s1l, s2l, s3l), floorV);
            var rh = xh / Vector256.Max(Model(c0, c1, c2, c3, s0h, s1h, s2h, s3h), floorV);
            a0 = Lanes.Fma(rh, s0h, Lanes.Fma(rl, s0l, a0));
            a1 = Lanes.Fma(rh, s1h, Lanes.Fma(rl, s1l, a1));
            a2 = Lanes.Fma(rh, s2h, Lanes.Fma(rl, s2l, a2));
            a3 = Lanes.Fma(rh, s3h, Lanes.Fma(rl, s3l, a3));
        }

        double d0 = Vector256.Sum(a0), d1 = Vector256.Sum(a1), d2 = Vector256.Sum(a2), d3 = Vector256.Sum(a3);
        for (; j < m; j++)
        {
            double v0 = Unsafe.Add(ref s0, j), v1 = Unsafe.Add(ref s1, j), v2 = Unsafe.Add(ref s2, j), v3 = Unsafe.Add(ref s3, j);
            var y = Math.FusedMultiplyAdd(w3, v3, Math.FusedMultiplyAdd(w2, v2, Math.FusedMultiplyAdd(w1, v1, Math.FusedMultiplyAdd(w0, v0, 0.0))));
            var r = Lanes.Get(ref row, j) / Math.Max(y, floor);
            d0 = Math.FusedMultiplyAdd(r, v0, d0);
            d1 = Math.FusedMultiplyAdd(r, v1, d1);
            d2 = Math.FusedMultiplyAdd(r, v2, d2);
            d3 = Math.FusedMultiplyAdd(r, v3, d3);
        }

        dots[0] = d0;
        dots[1] = d1;
        dots[2] = d2;
        dots[3] = d3;
    }

    /// <summary>
    /// <see cref="MapsRow"/> for rows <paramref name="i"/> and i + 1 in one sweep (each spectrum value loaded once
    /// for both): dots[q] for row i, dots[4 + q] for row i + 1, each summed exactly as by <see cref="MapsRow"/>.
    /// <paramref name="floor"/> must be &gt; 0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MapsPair<T>(ref T row0, ref T row1, int m, double[] sT, double[] c, int i, double floor, Span<double> dots)
        where T : unmanaged
    {
        ref var s0 = ref MemoryMarshal.GetArrayDataReference(sT);
        ref var s1 = ref Unsafe.Add(ref s0, m);
        ref var s2 = ref Unsafe.Add(ref s0, 2 * m);
        ref var s3 = ref Unsafe.Add(ref s0, 3 * m);
        var w = c.AsSpan(i * 4, 8);
        Vector256<double> a0 = Vector256.Create(w[0]), a1 = Vector256.Create(w[1]), a2 = Vector256.Create(w[2]), a3 = Vector256.Create(w[3]);
        Vector256<double> b0 = Vector256.Create(w[4]), b1 = Vector256.Create(w[5]), b2 = Vector256.Create(w[6]), b3 = Vector256.Create(w[7]);
        var floorV = Vector256.Create(floor);
        Vector256<double> p0 = default, p1 = default, p2 = default, p3 = default;
        Vector256<double> q0 = default, q1 = default, q2 = default, q3 = default;
        var vectorEnd = m - (m % Lanes.Width);
        var j = 0;
        for (; j < vectorEnd; j += Lanes.Width)
        {
            Lanes.Load(ref row0, j, out var x0l, out var x0h);
            Lanes.Load(ref row1, j, out var x1l, out var x1h);
            var s0l = Vector256.LoadUnsafe(ref s0, (nuint)j);
            var s1l = Vector256.LoadUnsafe(ref s1, (nuint)j);
            var s2l = Vector256.LoadUnsafe(ref s2, (nuint)j);
            var s3l = Vector256.LoadUnsafe(ref s3, (nuint)j);
            var s0h = Vector256.LoadUnsafe(ref s0, (nuint)(j + 4));
            var s1h = Vector256.LoadUnsafe(ref s1, (nuint)(j + 4));
            var s2h = Vector256.LoadUnsafe(ref s2, (nuint)(j + 4));
            var s3h = Vector256.LoadUnsafe(ref s3, (nuint)(j + 4));

            // max(floor, y) with floor > 0 is Vector256.Max(y, floor) bit for bit, NaN included.
            var r0l = x0l / Vector256.MaxNative(floorV, Model(a0, a1, a2, a3, s0l, s1l, s2l, s3l));
            var r0h = x0h / Vector256.MaxNative(floorV, Model(a0, a1, a2, a3, s0h, s1h, s2h, s3h));
            var r1l = x1l / Vector256.MaxNative(floorV, Model(b0, b1, b2, b3, s0l, s1l, s2l, s3l));
            var r1h = x1h / Vector256.MaxNative(floorV, Model(b0, b1, b2, b3, s0h, s1h, s2h, s3h));
            p0 = Lanes.Fma(r0h, s0h, Lanes.Fma(r0l, s0l, p0));
            p1 = Lanes.Fma(r0h, s1h, Lanes.Fma(r0l, s1l, p1));
            p2 = Lanes.Fma(r0h, s2h, Lanes.Fma(r0l, s2l, p2));
            p3 = Lanes.Fma(r0h, s3h, Lanes.Fma(r0l, s3l, p3));
            q0 = Lanes.Fma(r1h, s0h, Lanes.Fma(r1l, s0l, q0));
            q1 = Lanes.Fma(r1h, s1h, Lanes.Fma(r1l, s1l, q1));
            q2 = Lanes.Fma(r1h, s2h, Lanes.Fma(r1l, s2l, q2));
            q3 = Lanes.Fma(r1h, s3h, Lanes.Fma(r1l, s3l, q3));
        }

        double d0 = Vector256.Sum(p0), d1 = Vector256.Sum(p1), d2 = Vector256.Sum(p2), d3 = Vector256.Sum(p3);
        double e0 = Vector256.Sum(q0), e1 = Vector256.Sum(q1), e2 = Vector256.Sum(q2), e3 = Vector256.Sum(q3);
        for (; j < m; j++)
        {
            double v0 = Unsafe.Add(ref s0, j), v1 = Unsafe.Add(ref s1, j), v2 = Unsafe.Add(ref s2, j), v3 = Unsafe.Add(ref s3, j);
            var y0 = Math.FusedMultiplyAdd(w[3], v3, Math.FusedMultiplyAdd(w[2], v2, Math.FusedMultiplyAdd(w[1], v1, Math.FusedMultiplyAdd(w[0], v0, 0.0))));
            var y1 = Math.FusedMultiplyAdd(w[7], v3, Math.FusedMultiplyAdd(w[6], v2, Math.FusedMultiplyAdd(w[5], v1, Math.FusedMultiplyAdd(w[4], v0, 0.0))));
            var r0 = Lanes.Get(ref row0, j) / Math.Max(y0, floor);
            var r1 = Lanes.Get(ref row1, j) / Math.Max(y1, floor);
            d0 = Math.FusedMultiplyAdd(r0, v0, d0);
            d1 = Math.FusedMultiplyAdd(r0, v1, d1);
            d2 = Math.FusedMultiplyAdd(r0, v2, d2);
            d3 = Math.FusedMultiplyAdd(r0, v3, d3);
            e0 = Math.FusedMultiplyAdd(r1, v0, e0);
            e1 = Math.FusedMultiplyAdd(r1, v1, e1);
            e2 = Math.FusedMultiplyAdd(r1, v2, e2);
            e3 = Math.FusedMultiplyAdd(r1, v3, e3);
        }

        dots[0] = d0;
        dots[1] = d1;
        dots[2] = d2;
        dots[3] = d3;
        dots[4] = e0;
        dots[5] = e1;
        dots[6] = e2;
        dots[7] = e3;
    }

    /// <summary>y = Σ_q c_q·s_q summed in component order from +0, as the general model row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Model(Vector256<double> c0, Vector256<double> c1, Vector256<double> c2, Vector256<double> c3,
        Vector256<double> s0, Vector256<double> s1, Vector256<double> s2, Vector256<double> s3)
        => Lanes.Fma(c3, s3, Lanes.Fma(c2, s2, Lanes.Fma(c1, s1, Lanes.Fma(c0, s0, Vector256<double>.Zero))));
}
