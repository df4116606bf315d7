using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Nmf.Beta;

/// <summary>
/// Fused streaming passes of the β-NMF multiplicative updates: per pixel row the model row (C Sᵀ)ᵢ is built in a
/// small buffer, the ratios are formed and accumulated at once, so C Sᵀ never exists as a whole.
/// KL (β = 0) is vectorised; other β use scalar powers.
/// </summary>
internal static class BetaKernels
{
    /// <summary>
    /// Spectra pass: num[k, j] = Σᵢ C_ik·X_ij·Y_ij^(β−1), den[k, j] = Σᵢ C_ik·Y_ij^β (β in malspy's convention,
    /// Y = C Sᵀ floored at <paramref name="floor"/>); returns Σ d(X | Y). <paramref name="perRow"/> gets the
    /// divergence per pixel when given. For KL <paramref name="den"/> is left untouched (it is colsum C).
    /// </summary>
    public static double SpectraPass(NmfMatrix x, double[] c, double[] sT, int k, double beta, double floor,
        double[] num, double[] den, double[]? perRow, int threads, bool divergence = true)
        => x.IsDouble
            ? SpectraPass<double>(x, c, sT, k, beta, floor, num, den, perRow, threads, divergence)
            : SpectraPass<float>(x, c, sT, k, beta, floor, num, den, perRow, threads, divergence);

    /// <summary>Maps pass: num[i, k] = Σⱼ S_jk·X_ij·Y_ij^(β−1), den[i, k] = Σⱼ S_jk·Y_ij^β (den untouched for KL).</summary>
    public static void MapsPass(NmfMatrix x, double[] c, double[] sT, int k, double beta, double floor,
        double[] num, double[] den, int threads)
    {
        if (x.Doubles is not null)
        {
            MapsPass(x.Doubles, x.Rows, x.Columns, c, sT, k, beta, floor, num, den, threads);
        }
        else
        {
            MapsPass(x.Singles!, x.Rows, x.Columns, c, sT, k, beta, floor, num, den, threads);
        }
    }

    private static double SpectraPass<T>(NmfMatrix x, double[] c, double[] sT, int k, double beta, double floor,
        double[] num, double[] den, double[]? perRow, int threads, bool divergence)
        where T : unmanaged
    {
        var m = x.Columns;
        var partition = RowPartition.For(x.Rows);
        var parts = new (double[] Num, double[]? Den, double Div)[partition.Blocks];
        var kl = beta == 0;
        partition.Run(threads, b =>
        {
            var accNum = new double[k * m];
            var accDen = kl ? null : new double[k * m];
            var scratch = new RowScratch(m);
            var div = 0.0;
            foreach (var (data, first, start, end) in x.Chunks<T>(partition.Start(b), partition.End(b)))
            {
                var i = start;
                if (kl && k == 4 && floor > 0)
                {
                    i = KlFourSpectraKernels.Rows(data, first, i, end, m, sT, c, floor, accNum, perRow, divergence, ref div);
                }

                for (; i < end; i++)
                {
                    var rowDiv = SpectraRow(ref Lanes.Row(data, i - first, m), i, c, sT, k, m, beta, floor, scratch, accNum, accDen, divergence);
                    div += rowDiv;
                    if (perRow is not null)
                    {
                        perRow[i] = rowDiv;
                    }
                }
            }

            parts[b] = (accNum, accDen, div);
        });
        Array.Clear(num, 0, k * m);
        if (!kl)
        {
            Array.Clear(den, 0, k * m);
        }

        var total = 0.0;
        foreach (var (accNum, accDen, div) in parts)
        {
            total += div;
            for (var q = 0; q < accNum.Length; q++)
            {
                num[q] += accNum[q];
            }

            if (accDen is not null)
            {
                for (var q = 0; q < accDen.Length; q++)
                {
                    den[q] += accDen[q];
                }
            }
        }

        return total;
    }

    private static void MapsPass<T>(T[] x, int n, int m, double[] c, double[] sT, int k, double beta, double floor,
        double[] num, double[] den, int threads)
        where T : unmanaged
    {
        var partition = RowPartition.For(n);
        partition.Run(threads, b =>
        {
            var scratch = new RowScratch(m);
            var i = partition.Start(b);
            if (beta == 0 && k == 4 && floor > 0)
            {
                for (; i + 1 < partition.End(b); i += 2)
                {
                    KlFourKernels.MapsPair(ref Lanes.Row(x, i, m), ref Lanes.Row(x, i + 1, m), m, sT, c, i, floor, num.AsSpan(i * 4, 8));
                }
            }

            for (; i < partition.End(b); i++)
            {
                MapRow(ref Lanes.Row(x, i, m), i, c, sT, k, m, beta, floor, scratch, num.AsSpan(i * k, k),
                    den.AsSpan(i * k, k));
            }
        });
    }

    /// <summary>
    /// Row <paramref name="i"/> of the maps pass: num[q] = Σⱼ S_jq·X_ij·Y_ij^(β−1), den[q] = Σⱼ S_jq·Y_ij^β (den
    /// untouched for KL), Y = (C Sᵀ)ᵢ floored; <paramref name="row"/> is that row of X.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MapRow<T>(ref T row, int i, double[] c, double[] sT, int k, int m, double beta, double floor, RowScratch scratch,
        Span<double> num, Span<double> den)
        where T : unmanaged
    {
        Span<double> dots = stackalloc double[4];
        if (beta == 0 && k == 4)
        {
            KlFourKernels.MapsRow(ref row, m, sT, c, i, floor, dots);
            dots.CopyTo(num);
            return;
        }

        ResidualKernels.ModelRow(c, sT, k, m, i, scratch.Model);
        BetaRatios.Of(ref row, scratch.Model, scratch.Ratio, scratch.Power, m, beta, floor, false);
        for (var k0 = 0; k0 < k; k0 += 4)
        {
            var count = Math.Min(4, k - k0);
            NmfKernels.DotFour(ref MemoryMarshal.GetArrayDataReference(scratch.Ratio), m, sT, k0, count, dots);
            dots[..count].CopyTo(num[k0..]);
            if (beta != 0)
            {
                NmfKernels.DotFour(ref MemoryMarshal.GetArrayDataReference(scratch.Power), m, sT, k0, count, dots);
                dots[..count].CopyTo(den[k0..]);
            }
        }
    }

    /// <summary>
    /// Row <paramref name="i"/> of the spectra pass: adds C_iq·X_ij·Y_ij^(β−1) to accNum[q, j] and C_iq·Y_ij^β to
    /// accDen[q, j] (null for KL) and returns the row's divergence (0 unless <paramref name="divergence"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double SpectraRow<T>(ref T row, int i, double[] c, double[] sT, int k, int m, double beta, double floor, RowScratch scratch,
        double[] accNum, double[]? accDen, bool divergence)
        where T : unmanaged
    {
        ResidualKernels.ModelRow(c, sT, k, m, i, scratch.Model);
        var rowDiv = BetaRatios.Of(ref row, scratch.Model, scratch.Ratio, scratch.Power, m, beta, floor, divergence);
        for (var q = 0; q < k; q++)
        {
            var w = c[(i * k) + q];
            if (w != 0)
            {
                Axpy(w, scratch.Ratio, accNum, q * m, m);
                if (accDen is not null)
                {
                    Axpy(w, scratch.Power, accDen, q * m, m);
                }
            }
        }

        return rowDiv;
    }

    /// <summary>The KL divergence of row <paramref name="i"/> (four components; <paramref name="row"/> is that row of X) by the general kernel.</summary>
    internal static double KlRowDivergence<T>(ref T row, int i, int m, double[] c, double[] sT, double floor, double[] model, double[] ratio)
        where T : unmanaged
    {
        ResidualKernels.ModelRow(c, sT, 4, m, i, model);
        return BetaRatios.Of(ref row, model, ratio, ratio, m, 0, floor, true);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Axpy(double w, double[] source, double[] target, int offset, int m)
    {
        ref var s = ref MemoryMarshal.GetArrayDataReference(source);
        ref var t = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(target), offset);
        var wv = Vector256.Create(w);
        var j = 0;
        for (; j + 4 <= m; j += 4)
        {
            Lanes.Fma(wv, Vector256.LoadUnsafe(ref s, (nuint)j), Vector256.LoadUnsafe(ref t, (nuint)j)).StoreUnsafe(ref t, (nuint)j);
        }

        for (; j < m; j++)
        {
            Unsafe.Add(ref t, j) = Math.FusedMultiplyAdd(w, Unsafe.Add(ref s, j), Unsafe.Add(ref t, j));
        }
    }
}
