using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kiseki.Methods.Spectral.Nmf.Beta;

/// <summary>
/// The natural logarithm of four doubles, inlined into the KL kernels so that a call does not force the kernel's live
/// vectors out of registers. It evaluates the same reduction and degree-20 polynomial (from AMD's aocl-libm
/// <c>vrd2_log</c>, BSD-3-Clause) with the same fused multiply–adds in the same order as <see cref="Vector256.Log(Vector256{double})"/>
/// on FMA hardware, so the results are the same bits; vectors with a zero, subnormal, negative, infinite or NaN lane
/// are handed to <see cref="Vector256.Log(Vector256{double})"/> itself.
/// </summary>
internal static class KlLog
{
    private const ulong SmallestNormal = 0x0010000000000000;
    private const ulong Infinity = 0x7FF0000000000000;
    private const ulong MantissaMask = 0x000FFFFFFFFFFFFF;

    /// <summary>Bits of 2/3: the mantissa is reduced to [2/3, 4/3).</summary>
    private const ulong TwoThirds = 0x3FE5555555555555;

    /// <summary>log(x) per lane.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> Of(Vector256<double> x)
        => Special(x) != Vector256<ulong>.Zero ? Vector256.Log(x) : OfNormal(x);

    /// <summary>All-ones in the lanes that are zero, subnormal, negative, infinite or NaN.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<ulong> Special(Vector256<double> x)
        => Vector256.GreaterThanOrEqual(x.AsUInt64() - Vector256.Create(SmallestNormal), Vector256.Create(Infinity - SmallestNormal));

    /// <summary>
    /// log(x) for lanes that are positive normal numbers (other lanes get meaningless values: callers check
    /// <see cref="Special"/> and recompute those vectors).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> OfNormal(Vector256<double> x)
    {
        // x = 2^e·(1 + f) with 1 + f in [2/3, 4/3): log x = e·ln 2 + log1p(f).
        var shifted = x.AsUInt64() - Vector256.Create(TwoThirds);
        var e = Vector256.ConvertToDouble(shifted.AsInt64() >> 52);
        var f = ((shifted & Vector256.Create(MantissaMask)) + Vector256.Create(TwoThirds)).AsDouble() - Vector256<double>.One;
        var f2 = f * f;
        var f4 = f2 * f2;
        var f8 = f4 * f4;
        var f16 = f8 * f8;
        var p1916 = Fma(Pair(+0.088970636003577750, -0.045370170994891980, f), f2, Pair(+0.049370587082412105, -0.063995035098960040, f));
        var p1512 = Fma(Pair(+0.067963465211535730, -0.071296718946287310, f), f2, Pair(+0.076817603328311300, -0.083340600527551860, f));
        var p1108 = Fma(Pair(+0.090914349823462390, -0.099999750495501240, f), f2, Pair(+0.111110952357159440, -0.125000005127831270, f));
        var p0704 = Fma(Pair(+0.142857145600277100, -0.166666666608919500, f), f2, Pair(+0.199999999975985220, -0.250000000000297430, f));
        var p0301 = Fma(Pair(+0.333333333333414750, -0.499999999999999560, f), f2, f);
        var high = Fma(Vector256.Create(-0.086906174116908760), f4, p1916);
        var low = Fma(f8, Fma(f4, p1512, p1108), Fma(f4, p0704, p0301));
        var poly = Fma(f16, high, low);
        return Fma(e, Vector256.Create(0.693359375), Fma(e, Vector256.Create(-0.00021219444005469057), poly));
    }

    /// <summary>odd·f + even.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Pair(double odd, double even, Vector256<double> f)
        => Fma(Vector256.Create(odd), f, Vector256.Create(even));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Fma(Vector256<double> a, Vector256<double> b, Vector256<double> c)
        => Vector256.FusedMultiplyAdd(a, b, c);
}
