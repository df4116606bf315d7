using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Nmf.Beta;

/// <summary>
/// The KL (β = 0) spectra pass for exactly four components, two pixel rows per sweep over the channels: model,
/// ratio, divergence and the accumulation num[q, j] += C_iq·X_ij/Y_ij happen in registers, each spectrum value and
/// each accumulator entry is loaded once for both rows, and no model or ratio row is stored. Every entry sees the
/// operations of the general kernels in the same order (rows in ascending order, components in ascending order),
/// so the results are the same bits.
/// </summary>
internal static class KlFourSpectraKernels
{
    /// <summary>Channels per stretch whose models and ratios are kept (in the scratch, 4 × Chunk) for the divergence.</summary>
    public const int Chunk = 128;

    /// <summary>
    /// Rows [<paramref name="start"/>, <paramref name="end"/>) in pairs (an odd last row is left to the caller); row i is
    /// row i − <paramref name="firstRow"/> of <paramref name="x"/>. Adds them to <paramref name="acc"/>, writes their
    /// divergences to <paramref name="perRow"/> when given, adds the divergences in row order to
    /// <paramref name="total"/> (0 each when <paramref name="divergence"/> is off) and returns the next row.
    /// </summary>
    public static int Rows<T>(T[] x, int firstRow, int start, int end, int m, double[] sT, double[] c, double floor,
        double[] acc, double[]? perRow, bool divergence, ref double total)
        where T : unmanaged
    {
        var scratch = divergence ? new double[4 * Chunk] : null;
        RowScratch? general = null;
        var i = start;
        for (; i + 1 < end; i += 2)
        {
            var (first, second) = AddPair(ref Lanes.Row(x, i - firstRow, m), ref Lanes.Row(x, i + 1 - firstRow, m), i, m, sT, c, floor, acc,
                scratch, ref general);
            total += first;
            total += second;
            if (perRow is not null)
            {
                perRow[i] = first;
                perRow[i + 1] = second;
            }
        }

        return i;
    }

    /// <summary>
    /// <see cref="Pair"/> with its fallback: when a ratio was zero, subnormal or not finite, the two rows' divergences are
    /// recomputed by the general kernel (in <paramref name="general"/>, allocated on first need).
    /// </summary>
    public static (double First, double Second) AddPair<T>(ref T row0, ref T row1, int i, int m, double[] sT, double[] c, double floor,
        double[] acc, double[]? scratch, ref RowScratch? general)
        where T : unmanaged
    {
        var (first, second, redo) = Pair(ref row0, ref row1, m, sT, c, i, floor, acc, scratch);
        if (redo)
        {
            general ??= new RowScratch(m);
            first = BetaKernels.KlRowDivergence(ref row0, i, m, c, sT, floor, general.Model, general.Ratio);
            second = BetaKernels.KlRowDivergence(ref row1, i + 1, m, c, sT, floor, general.Model, general.Ratio);
        }

        return (first, second);
    }

    /// <summary>
    /// Adds rows <paramref name="i"/> and i + 1 to <paramref name="acc"/> (4 × M) and returns their divergences
    /// Σⱼ d(X_ij | Y_ij), or 0 without <paramref name="scratch"/> (4 × <see cref="Chunk"/>: the rows' models and
    /// ratios are kept there, a stretch of channels at a time, for the divergence). Redo is set when a ratio was zero, subnormal or not finite: the divergences are then
    /// meaningless and the caller recomputes them with the general kernel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static (double First, double Second, bool Redo) Pair<T>(ref T row0, ref T row1, int m, double[] sT, double[] c, int i,
        double floor, double[] acc, double[]? scratch)
        where T : unmanaged
    {
        ref var s0 = ref MemoryMarshal.GetArrayDataReference(sT);
        ref var s1 = ref Unsafe.Add(ref s0, m);
        ref var s2 = ref Unsafe.Add(ref s0, 2 * m);
        ref var s3 = ref Unsafe.Add(ref s0, 3 * m);
        ref var t0 = ref MemoryMarshal.GetArrayDataReference(acc);
        ref var t1 = ref Unsafe.Add(ref t0, m);
        ref var t2 = ref Unsafe.Add(ref t0, 2 * m);
        ref var t3 = ref Unsafe.Add(ref t0, 3 * m);
        var w = c.AsSpan(i * 4, 8);
        Vector256<double> a0 = Vector256.Create(w[0]), a1 = Vector256.Create(w[1]), a2 = Vector256.Create(w[2]), a3 = Vector256.Create(w[3]);
        Vector256<double> b0 = Vector256.Create(w[4]), b1 = Vector256.Create(w[5]), b2 = Vector256.Create(w[6]), b3 = Vector256.Create(w[7]);
        var floorV = Vector256.Create(floor);
        var divergence = scratch is not null;
        ref var kept = ref MemoryMarshal.GetArrayDataReference(scratch ?? acc);
        var vectorEnd = m - (m % Lanes.Width);
        var e0 = Vector256<double>.Zero;
        var e1 = Vector256<double>.Zero;
        var special = Vector256<ulong>.Zero;
        var j = 0;
        for (var start = 0; start < vectorEnd; start += Chunk)
        {
            var end = Math.Min(start + Chunk, vectorEnd);
            for (j = start; j < end; j += Lanes.Width)
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
                var y0l = Vector256.MaxNative(floorV, Model(a0, a1, a2, a3, s0l, s1l, s2l, s3l));
                var y0h = Vector256.MaxNative(floorV, Model(a0, a1, a2, a3, s0h, s1h, s2h, s3h));
                var y1l = Vector256.MaxNative(floorV, Model(b0, b1, b2, b3, s0l, s1l, s2l, s3l));
                var y1h = Vector256.MaxNative(floorV, Model(b0, b1, b2, b3, s0h, s1h, s2h, s3h));
                var r0l = x0l / y0l;
                var r0h = x0h / y0h;
                var r1l = x1l / y1l;
                var r1h = x1h / y1h;
                if (divergence)
                {
                    Keep(ref kept, j - start, y0l, y0h);
                    Keep(ref Unsafe.Add(ref kept, Chunk), j - start, r0l, r0h);
                    Keep(ref Unsafe.Add(ref kept, 2 * Chunk), j - start, y1l, y1h);
                    Keep(ref Unsafe.Add(ref kept, 3 * Chunk), j - start, r1l, r1h);
            }

            Accumulate(ref t0, j, a0, b0, r0l, r0h, r1l, r1h);
            Accumulate(ref t1, j, a1, b1, r0l, r0h, r1l, r1h);
            Accumulate(ref t2, j, a2, b2, r0l, r0h, r1l, r1h);
            Accumulate(ref t3, j, a3, b3, r0l, r0h, r1l, r1h);
            }

            if (divergence)
            {
                Divergence(ref Unsafe.Add(ref row0, start), ref kept, ref Unsafe.Add(ref kept, Chunk), end - start, ref e0, ref special);
                Divergence(ref Unsafe.Add(ref row1, start), ref Unsafe.Add(ref kept, 2 * Chunk), ref Unsafe.Add(ref kept, 3 * Chunk), end - start,
                    ref e1, ref special);
            }
        }

        double d0 = divergence ? Vector256.Sum(e0) : 0, d1 = divergence ? Vector256.Sum(e1) : 0;
        for (; j < m; j++)
        {
            double v0 = Unsafe.Add(ref s0, j), v1 = Unsafe.Add(ref s1, j), v2 = Unsafe.Add(ref s2, j), v3 = Unsafe.Add(ref s3, j);
            var y0 = Math.Max(Model(w[0], w[1], w[2], w[3], v0, v1, v2, v3), floor);
            var y1 = Math.Max(Model(w[4], w[5], w[6], w[7], v0, v1, v2, v3), floor);
            double x0 = Lanes.Get(ref row0, j), x1 = Lanes.Get(ref row1, j);
            double r0 = x0 / y0, r1 = x1 / y1;
            if (divergence)
            {
                d0 += BetaDivergence.Of(x0, y0, 0);
                d1 += BetaDivergence.Of(x1, y1, 0);
            }

            for (var q = 0; q < 4; q++)
            {
                ref var t = ref Unsafe.Add(ref t0, (q * m) + j);
                t = Math.FusedMultiplyAdd(w[4 + q], r1, Math.FusedMultiplyAdd(w[q], r0, t));
            }
        }

        return (d0, d1, special != Vector256<ulong>.Zero);
    }

    /// <summary>
    /// Adds d(x | y) of <paramref name="count"/> channels (a multiple of 8) of one row to the four lanes of
    /// <paramref name="sum"/> in channel order, given the kept model and ratios, as the general kernel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Divergence<T>(ref T row, ref double model, ref double ratio, int count, ref Vector256<double> sum,
        ref Vector256<ulong> special)
        where T : unmanaged
    {
        var total = sum;
        var flags = special;
        for (var j = 0; j < count; j += Lanes.Width)
        {
            Lanes.Load(ref row, j, out var xl, out var xh);
            total += Term(xl, Vector256.LoadUnsafe(ref model, (nuint)j), Vector256.LoadUnsafe(ref ratio, (nuint)j), out var fl);
            total += Term(xh, Vector256.LoadUnsafe(ref model, (nuint)(j + 4)), Vector256.LoadUnsafe(ref ratio, (nuint)(j + 4)), out var fh);
            flags |= fl | fh;
        }

        sum = total;
        special = flags;
    }

    /// <summary>
    /// d(x | y) = x·log r − x + y per lane (y where x = 0) for lanes whose ratio r = x/y is a positive normal number;
    /// the others are flagged in <paramref name="special"/> (their term is then meaningless).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Term(Vector256<double> x, Vector256<double> y, Vector256<double> r, out Vector256<ulong> special)
    {
        var positive = Vector256.GreaterThan(x, Vector256<double>.Zero);
        var argument = Vector256.ConditionalSelect(positive, r, Vector256<double>.One);
        special = KlLog.Special(argument);
        var term = (x * KlLog.OfNormal(argument)) - x + y;
        return Vector256.ConditionalSelect(positive, term, y);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Keep(ref double target, int j, Vector256<double> low, Vector256<double> high)
    {
        low.StoreUnsafe(ref target, (nuint)j);
        high.StoreUnsafe(ref target, (nuint)(j + 4));
    }

    /// <summary>t[j..j+8] ← t + a·r0 + b·r1, each addition a fused multiply–add, first row first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Accumulate(ref double t, int j, Vector256<double> a, Vector256<double> b,
        Vector256<double> r0l, Vector256<double> r0h, Vector256<double> r1l, Vector256<double> r1h)
    {
        var low = Vector256.LoadUnsafe(ref t, (nuint)j);
        var high = Vector256.LoadUnsafe(ref t, (nuint)(j + 4));
        Lanes.Fma(b, r1l, Lanes.Fma(a, r0l, low)).StoreUnsafe(ref t, (nuint)j);
        Lanes.Fma(b, r1h, Lanes.Fma(a, r0h, high)).StoreUnsafe(ref t, (nuint)(j + 4));
    }

    /// <summary>y = Σ_q c_q·s_q summed in component order from +0, as the general model row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Model(Vector256<double> c0, Vector256<double> c1, Vector256<double> c2, Vector256<double> c3,
        Vector256<double> s0, Vector256<double> s1, Vector256<double> s2, Vector256<double> s3)
        => Lanes.Fma(c3, s3, Lanes.Fma(c2, s2, Lanes.Fma(c1, s1, Lanes.Fma(c0, s0, Vector256<double>.Zero))));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Model(double c0, double c1, double c2, double c3, double s0, double s1, double s2, double s3)
        => Math.FusedMultiplyAdd(c3, s3, Math.FusedMultiplyAdd(c2, s2, Math.FusedMultiplyAdd(c1, s1, Math.FusedMultiplyAdd(c0, s0, 0.0))));
}
