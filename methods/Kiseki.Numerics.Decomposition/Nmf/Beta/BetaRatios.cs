using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Nmf.Beta;

/// <summary>
/// The ratio and power rows of one pixel for the β-NMF updates, given its model row Y = (C Sᵀ)ᵢ: X·Y^(β−1) and Y^β
/// (Y floored), with the row's divergence when asked. KL (β = 0) is vectorised; other β use scalar powers.
/// </summary>
internal static class BetaRatios
{
    /// <summary>
    /// ratio = X·Y^(β−1), power = Y^β (Y floored); returns the row's summed divergence when
    /// <paramref name="divergence"/> is set, else 0 (the KL ratios then need no logarithm).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Of<T>(ref T row, double[] model, double[] ratio, double[] power, int m, double beta, double floor,
        bool divergence)
        where T : unmanaged
    {
        if (beta != 0)
        {
            var sum = 0.0;
            for (var j = 0; j < m; j++)
            {
                var y = Math.Max(model[j], floor);
                var v = Lanes.Get(ref row, j);
                ratio[j] = v * Math.Pow(y, beta - 1);
                power[j] = Math.Pow(y, beta);
                if (divergence)
                {
                    sum += BetaDivergence.Of(v, y, beta);
                }
            }

            return sum;
        }

        if (!divergence)
        {
            KlRatios(ref row, model, ratio, m, floor);
            return 0;
        }

        ref var md = ref MemoryMarshal.GetArrayDataReference(model);
        ref var rd = ref MemoryMarshal.GetArrayDataReference(ratio);
        var floorV = Vector256.Create(floor);
        var acc = Vector256<double>.Zero;
        var vectorEnd = m - (m % Lanes.Width);
        var jj = 0;
        for (; jj < vectorEnd; jj += Lanes.Width)
        {
            Lanes.Load(ref row, jj, out var xl, out var xh);
            acc += KlStep(xl, Vector256.Max(Vector256.LoadUnsafe(ref md, (nuint)jj), floorV), ref rd, jj);
            acc += KlStep(xh, Vector256.Max(Vector256.LoadUnsafe(ref md, (nuint)(jj + 4)), floorV), ref rd, jj + 4);
        }

        var total = Vector256.Sum(acc);
        for (; jj < m; jj++)
        {
            var y = Math.Max(model[jj], floor);
            var v = Lanes.Get(ref row, jj);
            ratio[jj] = v / y;
            total += BetaDivergence.Of(v, y, 0);
        }

        return total;
    }

    /// <summary>KL ratios X/Y (Y floored) without the divergence.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void KlRatios<T>(ref T row, double[] model, double[] ratio, int m, double floor)
        where T : unmanaged
    {
        ref var md = ref MemoryMarshal.GetArrayDataReference(model);
        ref var rd = ref MemoryMarshal.GetArrayDataReference(ratio);
        var floorV = Vector256.Create(floor);
        var vectorEnd = m - (m % Lanes.Width);
        var j = 0;
        for (; j < vectorEnd; j += Lanes.Width)
        {
            Lanes.Load(ref row, j, out var xl, out var xh);
            (xl / Vector256.Max(Vector256.LoadUnsafe(ref md, (nuint)j), floorV)).StoreUnsafe(ref rd, (nuint)j);
            (xh / Vector256.Max(Vector256.LoadUnsafe(ref md, (nuint)(j + 4)), floorV)).StoreUnsafe(ref rd, (nuint)(j + 4));
        }

        for (; j < m; j++)
        {
            ratio[j] = Lanes.Get(ref row, j) / Math.Max(model[j], floor);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> KlStep(Vector256<double> x, Vector256<double> y, ref double ratio, int j)
    {
        var r = x / y;
        r.StoreUnsafe(ref ratio, (nuint)j);
        return KlTerm(x, y, r);
    }

    /// <summary>d(x | y) = x·log(x/y) − x + y per lane (y where x = 0), given r = x/y.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<double> KlTerm(Vector256<double> x, Vector256<double> y, Vector256<double> r)
    {
        var positive = Vector256.GreaterThan(x, Vector256<double>.Zero);
        var term = (x * KlLog.Of(Vector256.ConditionalSelect(positive, r, Vector256<double>.One))) - x + y;
        return Vector256.ConditionalSelect(positive, term, y);
    }
}
