using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kiseki.Methods.Spectral.Nmf.Kernels;

/// <summary>
/// The inner loop of XᵀC on 512-bit vectors over eight rows of X at a time, giving the same bits as four rows at a
/// time on 256-bit vectors (<see cref="NmfKernels.AccumulateFour{T}"/>).
/// </summary>
/// <remarks>
/// Every output element acc[k, j] is its own chain of fused multiply–adds over the rows in order, so neither the lane
/// width nor the number of rows held in registers changes a bit. The loop is turned inside out: eight channels of the
/// eight rows are loaded (and widened from float32) once and serve every component, instead of once per component.
/// A group of four rows whose weights for a component are all zero is skipped for it, as before.
/// </remarks>
internal static class WideAccumulate
{
    /// <summary>
    /// acc[k, :] += Σ over rows i…i + rows − 1 (rows = 4 or 8, in order) of C[i, k]·X[i, :]; X's row i is row
    /// i − <paramref name="first"/> of <paramref name="x"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Accumulate<T>(T[] x, int i, int rows, int m, double[] c, int k, double[] acc, int first)
        where T : unmanaged
    {
        var eight = rows == 8;
        ref var r0 = ref Lanes.Row(x, i - first, m);
        ref var r1 = ref Lanes.Row(x, i - first + 1, m);
        ref var r2 = ref Lanes.Row(x, i - first + 2, m);
        ref var r3 = ref Lanes.Row(x, i - first + 3, m);
        ref var r4 = ref eight ? ref Lanes.Row(x, i - first + 4, m) : ref r0;
        ref var r5 = ref eight ? ref Lanes.Row(x, i - first + 5, m) : ref r1;
        ref var r6 = ref eight ? ref Lanes.Row(x, i - first + 6, m) : ref r2;
        ref var r7 = ref eight ? ref Lanes.Row(x, i - first + 7, m) : ref r3;

        // The rows' weights component by component (w[8q + r] = C[i + r, q]) and which groups of four are not all zero.
        Span<double> weights = k <= 64 ? stackalloc double[8 * k] : new double[8 * k];
        Span<byte> active = k <= 64 ? stackalloc byte[k] : new byte[k];
        for (var q = 0; q < k; q++)
        {
            var on = 0;
            for (var r = 0; r < rows; r++)
            {
                var v = c[((i + r) * k) + q];
                weights[(8 * q) + r] = v;
                on |= v != 0 ? 1 << (r / 4) : 0;
            }

            active[q] = (byte)on;
        }

        ref var w = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(weights);
        ref var a = ref MemoryMarshal.GetArrayDataReference(acc);
        var j = 0;
        for (; j + 16 <= m; j += 16)
        {
            Rows8(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7, eight, j, out var x0, out var x1, out var x2, out var x3, out var x4, out var x5, out var x6, out var x7);
            Rows8(ref r0, ref r1, ref r2, ref r3, ref r4, ref r5, ref r6, ref r7, eight, j + 8, out var y0, out var y1, out var y2, out var y3, out var y4, out var y5, out var y6, out var y7);
            for (var q = 0; q < k; q++)
            {
                var on = active[q];
                if (on == 0)
                {
                    continue;
                }

                ref var aq = ref Unsafe.Add(ref a, ((nint)q * m) + j);
                ref var wq = ref Unsafe.Add(ref w, 8 * q);
                var s = Vector512.LoadUnsafe(ref aq);
                var t = Vector512.LoadUnsafe(ref aq, 8);
                if ((on & 1) != 0)
                {
                    Fma4(ref wq, 0, x0, x1, x2, x3, y0, y1, y2, y3, ref s, ref t);
                }

                if ((on & 2) != 0)
                {
                    Fma4(ref wq, 4, x4, x5, x6, x7, y4, y5, y6, y7, ref s, ref t);
                }

                s.StoreUnsafe(ref aq);
                t.StoreUnsafe(ref aq, 8);
            }
        }

        // The last channels (fewer than sixteen) one by one: each element's chain is the same.
        for (; j < m; j++)
        {
            for (var q = 0; q < k; q++)
            {
                var on = active[q];
                ref var s = ref Unsafe.Add(ref a, ((nint)q * m) + j);
                ref var wq = ref Unsafe.Add(ref w, 8 * q);
                if ((on & 1) != 0)
                {
                    s = Math.FusedMultiplyAdd(wq, Lanes.Get(ref r0, j), s);
                    s = Math.FusedMultiplyAdd(Unsafe.Add(ref wq, 1), Lanes.Get(ref r1, j), s);
                    s = Math.FusedMultiplyAdd(Unsafe.Add(ref wq, 2), Lanes.Get(ref r2, j), s);
                    s = Math.FusedMultiplyAdd(Unsafe.Add(ref wq, 3), Lanes.Get(ref r3, j), s);
                }

                if ((on & 2) != 0)
                {
                    s = Math.FusedMultiplyAdd(Unsafe.Add(ref wq, 4), Lanes.Get(ref r4, j), s);
                    s = Math.FusedMultiplyAdd(Unsafe.Add(ref wq, 5), Lanes.Get(ref r5, j), s);
                    s = Math.FusedMultiplyAdd(Unsafe.Add(ref wq, 6), Lanes.Get(ref r6, j), s);
                    s = Math.FusedMultiplyAdd(Unsafe.Add(ref wq, 7), Lanes.Get(ref r7, j), s);
                }
            }
        }
    }

    /// <summary>Channels j…j+7 of the eight rows (of the first four when not <paramref name="eight"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Rows8<T>(
        ref T r0, ref T r1, ref T r2, ref T r3, ref T r4, ref T r5, ref T r6, ref T r7, bool eight, int j,
        out Vector512<double> x0, out Vector512<double> x1, out Vector512<double> x2, out Vector512<double> x3,
        out Vector512<double> x4, out Vector512<double> x5, out Vector512<double> x6, out Vector512<double> x7)
        where T : unmanaged
    {
        x0 = Load(ref r0, j);
        x1 = Load(ref r1, j);
        x2 = Load(ref r2, j);
        x3 = Load(ref r3, j);
        x4 = eight ? Load(ref r4, j) : default;
        x5 = eight ? Load(ref r5, j) : default;
        x6 = eight ? Load(ref r6, j) : default;
        x7 = eight ? Load(ref r7, j) : default;
    }

    /// <summary>Four rows (weights wq[r0…r0+3]) into the two accumulators of channels j…j+7 and j+8…j+15, rows in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Fma4(
        ref double wq, int r0, Vector512<double> x0, Vector512<double> x1, Vector512<double> x2, Vector512<double> x3,
        Vector512<double> y0, Vector512<double> y1, Vector512<double> y2, Vector512<double> y3, ref Vector512<double> s, ref Vector512<double> t)
    {
        var c0 = Vector512.Create(Unsafe.Add(ref wq, r0));
        var c1 = Vector512.Create(Unsafe.Add(ref wq, r0 + 1));
        var c2 = Vector512.Create(Unsafe.Add(ref wq, r0 + 2));
        var c3 = Vector512.Create(Unsafe.Add(ref wq, r0 + 3));
        s = Vector512.FusedMultiplyAdd(c3, x3, Vector512.FusedMultiplyAdd(c2, x2, Vector512.FusedMultiplyAdd(c1, x1, Vector512.FusedMultiplyAdd(c0, x0, s))));
        t = Vector512.FusedMultiplyAdd(c3, y3, Vector512.FusedMultiplyAdd(c2, y2, Vector512.FusedMultiplyAdd(c1, y1, Vector512.FusedMultiplyAdd(c0, y0, t))));
    }

    /// <summary>Channels j…j+7 of a row as doubles.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> Load<T>(ref T row, int j)
        where T : unmanaged
        => typeof(T) == typeof(double)
            ? Vector512.LoadUnsafe(ref Unsafe.As<T, double>(ref row), (nuint)j)
            : Avx512F.ConvertToVector512Double(Vector256.LoadUnsafe(ref Unsafe.As<T, float>(ref row), (nuint)j));
}
