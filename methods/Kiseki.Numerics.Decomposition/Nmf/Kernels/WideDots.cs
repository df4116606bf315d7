using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Kiseki.Methods.Spectral.Nmf.Kernels;

/// <summary>
/// The inner loop of X·S on 512-bit vectors, register-blocked over four rows of X, giving the same bits as
/// the 256-bit one-row loop (<see cref="NmfKernels.DotFour{T}"/>).
/// </summary>
/// <remarks>
/// X·S: every dot product keeps its own four-lane accumulator, fed channels j…j+3 then j+4…j+7 for each step of
/// eight channels exactly as in the 256-bit loop, summed by <see cref="Vector256.Sum{T}(Vector256{T})"/>, then the
/// scalar tail. Two rows share one 512-bit register (row r in the low half, row r + 1 in the high half), multiplied
/// by the same spectrum vector broadcast to both halves, so each spectrum load serves four rows and each row is
/// widened once for up to eight components. The kernels are compiled fully optimised from their first call
/// (<see cref="MethodImplOptions.AggressiveOptimization"/>), so tests exercise the code that long fits run.
/// </remarks>
internal static unsafe class WideDots
{
    /// <summary>
    /// dots[(r·8) + q] = row r · sT[k0 + q] for rows r0…r3 and q &lt; <paramref name="count"/> (≤ 8); slots of
    /// q ≥ count hold copies of the last component and are to be ignored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DotRowsEight<T>(ref T r0, ref T r1, ref T r2, ref T r3, int m, double* s, int k0, int count, Span<double> dots)
        where T : unmanaged
    {
        var s0 = Component(s, m, k0, 0, count);
        var s1 = Component(s, m, k0, 1, count);
        var s2 = Component(s, m, k0, 2, count);
        var s3 = Component(s, m, k0, 3, count);
        var s4 = Component(s, m, k0, 4, count);
        var s5 = Component(s, m, k0, 5, count);
        var s6 = Component(s, m, k0, 6, count);
        var s7 = Component(s, m, k0, 7, count);
        Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        Vector512<double> b0 = default, b1 = default, b2 = default, b3 = default, b4 = default, b5 = default, b6 = default, b7 = default;
        var vectorEnd = m - (m % Lanes.Width);
        // Four channels per step: the accumulator of a dot product takes channels j…j+3, then j+4…j+7, … in order,
        // as the 256-bit loop does with its low and high halves.
        for (var j = 0; j < vectorEnd; j += 4)
        {
            var p = LoadPair(ref r0, ref r1, j);
            var r = LoadPair(ref r2, ref r3, j);
            Step(p, r, s0 + j, ref a0, ref b0);
            Step(p, r, s1 + j, ref a1, ref b1);
            Step(p, r, s2 + j, ref a2, ref b2);
            Step(p, r, s3 + j, ref a3, ref b3);
            Step(p, r, s4 + j, ref a4, ref b4);
            Step(p, r, s5 + j, ref a5, ref b5);
            Step(p, r, s6 + j, ref a6, ref b6);
            Step(p, r, s7 + j, ref a7, ref b7);
        }

        Sums(a0, b0, dots, 0, 8);
        Sums(a1, b1, dots, 1, 8);
        Sums(a2, b2, dots, 2, 8);
        Sums(a3, b3, dots, 3, 8);
        Sums(a4, b4, dots, 4, 8);
        Sums(a5, b5, dots, 5, 8);
        Sums(a6, b6, dots, 6, 8);
        Sums(a7, b7, dots, 7, 8);
        for (var j = vectorEnd; j < m; j++)
        {
            Tail(Lanes.Get(ref r0, j), s, m, k0, count, j, dots[..8]);
            Tail(Lanes.Get(ref r1, j), s, m, k0, count, j, dots[8..16]);
            Tail(Lanes.Get(ref r2, j), s, m, k0, count, j, dots[16..24]);
            Tail(Lanes.Get(ref r3, j), s, m, k0, count, j, dots[24..32]);
        }
    }

    /// <summary>As <see cref="DotRowsEight{T}"/> for at most four components: dots[(r·4) + q].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DotRowsFour<T>(ref T r0, ref T r1, ref T r2, ref T r3, int m, double* s, int k0, int count, Span<double> dots)
        where T : unmanaged
    {
        var s0 = Component(s, m, k0, 0, count);
        var s1 = Component(s, m, k0, 1, count);
        var s2 = Component(s, m, k0, 2, count);
        var s3 = Component(s, m, k0, 3, count);
        Vector512<double> a0 = default, a1 = default, a2 = default, a3 = default;
        Vector512<double> b0 = default, b1 = default, b2 = default, b3 = default;
        var vectorEnd = m - (m % Lanes.Width);
        for (var j = 0; j < vectorEnd; j += 4)
        {
            var p = LoadPair(ref r0, ref r1, j);
            var r = LoadPair(ref r2, ref r3, j);
            Step(p, r, s0 + j, ref a0, ref b0);
            Step(p, r, s1 + j, ref a1, ref b1);
            Step(p, r, s2 + j, ref a2, ref b2);
            Step(p, r, s3 + j, ref a3, ref b3);
        }

        Sums(a0, b0, dots, 0, 4);
        Sums(a1, b1, dots, 1, 4);
        Sums(a2, b2, dots, 2, 4);
        Sums(a3, b3, dots, 3, 4);
        for (var j = vectorEnd; j < m; j++)
        {
            Tail(Lanes.Get(ref r0, j), s, m, k0, count, j, dots[..4]);
            Tail(Lanes.Get(ref r1, j), s, m, k0, count, j, dots[4..8]);
            Tail(Lanes.Get(ref r2, j), s, m, k0, count, j, dots[8..12]);
            Tail(Lanes.Get(ref r3, j), s, m, k0, count, j, dots[12..16]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double* Component(double* s, int m, int k0, int q, int count)
        => s + ((nint)(k0 + Math.Min(q, count - 1)) * m);

    /// <summary>Rows r, r + 1 (first pair) and r + 2, r + 3 (second pair) times the four spectrum values at s.</summary>
    /// <remarks>
    /// The address must not carry a constant offset: the .NET 10 JIT encodes <c>vbroadcastf64x4</c> with a constant
    /// displacement scaled as for a 16-byte operand, so <c>BroadcastVector256ToVector512(p + 4)</c> reads p + 8 in
    /// optimised code (and p + 4 unoptimised). Hence one step of four channels per iteration, addressed base + index.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Step(Vector512<double> pair0, Vector512<double> pair1, double* s, ref Vector512<double> a, ref Vector512<double> b)
    {
        var v = Avx512F.BroadcastVector256ToVector512(s);
        a = Vector512.FusedMultiplyAdd(pair0, v, a);
        b = Vector512.FusedMultiplyAdd(pair1, v, b);
    }

    /// <summary>Channels j…j+3 of rows r0 and r1 as one [r0 | r1] double vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<double> LoadPair<T>(ref T r0, ref T r1, int j)
        where T : unmanaged
    {
        if (typeof(T) == typeof(double))
        {
            return Vector512.Create(
                Vector256.LoadUnsafe(ref Unsafe.As<T, double>(ref r0), (nuint)j), Vector256.LoadUnsafe(ref Unsafe.As<T, double>(ref r1), (nuint)j));
        }

        return Avx512F.ConvertToVector512Double(Vector256.Create(
            Vector128.LoadUnsafe(ref Unsafe.As<T, float>(ref r0), (nuint)j), Vector128.LoadUnsafe(ref Unsafe.As<T, float>(ref r1), (nuint)j)));
    }

    /// <summary>The two rows' sums of each pair: rows 0, 1 from <paramref name="a"/>, rows 2, 3 from <paramref name="b"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Sums(Vector512<double> a, Vector512<double> b, Span<double> dots, int q, int stride)
    {
        dots[q] = Vector256.Sum(a.GetLower());
        dots[stride + q] = Vector256.Sum(a.GetUpper());
        dots[(2 * stride) + q] = Vector256.Sum(b.GetLower());
        dots[(3 * stride) + q] = Vector256.Sum(b.GetUpper());
    }

    private static void Tail(double v, double* s, int m, int k0, int count, int j, Span<double> dots)
    {
        for (var q = 0; q < dots.Length; q++)
        {
            dots[q] = Math.FusedMultiplyAdd(v, Component(s, m, k0, q, count)[j], dots[q]);
        }
    }
}
