using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Kiseki.Methods.Spectral.Nmf.Hals;

/// <summary>The small (K-sized) pieces of a HALS sweep: Gram matrices and the in-place Gauss–Seidel S update.</summary>
internal static class HalsSweeps
{
    public const double Eps = 2.220446049250313e-16;

    /// <summary>
    /// CᵀC for C stored N × K row-major: for every row in order, g[a, b] += C[i, a]·C[i, b] for b ≥ a (a product, then
    /// a sum; rows where C[i, a] = 0 skipped), then the lower triangle copied from the upper. Four b at a time: the lanes
    /// left of the diagonal are overwritten by that copy, so every kept value is the one the scalar loop gives.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] GramOfRows(double[] c, int n, int k)
    {
        var g = new double[k * k];
        ref var gr = ref MemoryMarshal.GetArrayDataReference(g);
        for (var i = 0; i < n; i++)
        {
            var row = i * k;
            ref var cr = ref MemoryMarshal.GetArrayDataReference(c);
            cr = ref Unsafe.Add(ref cr, row);
            for (var a = 0; a < k; a++)
            {
                var ca = Unsafe.Add(ref cr, a);
                if (ca == 0)
                {
                    continue;
                }

                var b = a & ~3;
                if (b + 4 <= k)
                {
                    var va = Vector256.Create(ca);
                    for (; b + 4 <= k; b += 4)
                    {
                        ref var at = ref Unsafe.Add(ref gr, (a * k) + b);
                        (Vector256.LoadUnsafe(ref at)
                         + (va * Vector256.LoadUnsafe(ref Unsafe.Add(ref cr, b)))).StoreUnsafe(ref at);
                    }
                }

                for (b = Math.Max(a, b); b < k; b++)
                {
                    Unsafe.Add(ref gr, (a * k) + b) += ca * Unsafe.Add(ref cr, b);
                }
            }
        }

        Symmetrise(g, k);
        return g;
    }

    /// <summary>SᵀS for S stored transposed (K × M).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double[] GramOfTransposed(double[] sT, int k, int m)
    {
        var g = new double[k * k];
        for (var a = 0; a < k; a++)
        {
            for (var b = a; b < k; b++)
            {
                var sum = 0.0;
                for (var j = 0; j < m; j++)
                {
                    sum += sT[(a * m) + j] * sT[(b * m) + j];
                }

                g[(a * k) + b] = sum;
            }
        }

        Symmetrise(g, k);
        return g;
    }

    /// <summary>
    /// For j = 0…K−1 in order: s_j ← clip(XC_j − S·G_j + G_jj·s_j), using the columns already overwritten in this
    /// sweep (malspy's operation order). With <paramref name="unitNorm"/> each new s_j is scaled to unit L2 norm
    /// (flat 1/√M when it is zero), as in NMF-ARD-SO. With <paramref name="exact"/> the value is divided by G_jj
    /// (the exact block minimiser; malspy relies on ‖c_j‖ ≈ 1 instead).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void UpdateSpectra(double[] sT, double[] xc, double[] g, int k, int m, bool unitNorm, bool exact = false)
    {
        for (var j = 0; j < k; j++)
        {
            var gjj = g[(j * k) + j];
            var divisor = exact && gjj > 0 ? gjj : 1;
            for (var ch = 0; ch < m; ch++)
            {
                var sg = 0.0;
                for (var q = 0; q < k; q++)
                {
                    sg += sT[(q * m) + ch] * g[(q * k) + j];
                }

                var v = (xc[(j * m) + ch] - sg) + (gjj * sT[(j * m) + ch]);
                sT[(j * m) + ch] = v > 0 ? v / divisor : 0;
            }

            if (unitNorm)
            {
                NormaliseSpectrum(sT, j, m);
            }
        }
    }

    /// <summary>s_j ← s_j/‖s_j‖, or the flat spectrum 1/√M when ‖s_j‖ = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void NormaliseSpectrum(double[] sT, int j, int m)
    {
        var sum = 0.0;
        for (var ch = 0; ch < m; ch++)
        {
            sum += sT[(j * m) + ch] * sT[(j * m) + ch];
        }

        var norm = Math.Sqrt(sum);
        for (var ch = 0; ch < m; ch++)
        {
            sT[(j * m) + ch] = norm == 0 ? 1 / Math.Sqrt(m) : sT[(j * m) + ch] / norm;
        }
    }

    /// <summary>
    /// v = XS_ij − Σ_q C_iq·H_qj + H_jj·C_ij for every pixel i (the HALS least-squares value of c_j), and, when
    /// <paramref name="others"/> is given, others_i −= C_ij in the same pass. Each v_i is computed by itself, so
    /// spreading the rows over <paramref name="threads"/> threads (fixed row blocks) gives the same bits as one thread.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void HalsColumn(double[] c, double[] xs, double[] h, int n, int k, int j, double[] v, int threads = 1, double[]? others = null)
    {
        var hjj = h[(j * k) + j];
        var partition = Kernels.RowPartition.For(n);
        partition.Run(threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int b) =>
        {
            for (var i = partition.Start(b); i < partition.End(b); i++)
            {
                var row = i * k;
                if (others is not null)
                {
                    others[i] -= c[row + j];
                }

                var ch = 0.0;
                for (var q = 0; q < k; q++)
                {
                    ch += c[row + q] * h[(q * k) + j];
                }

                v[i] = (xs[row + j] - ch) + (hjj * c[row + j]);
            }
        });
    }

    /// <summary>
    /// c_ij ← v_i/norm (v_i clipped at 0 first with <paramref name="clip"/>) and others_i += c_ij for every pixel i
    /// (each value by itself: the same bits on any number of threads).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void StoreColumn(double[] c, double[] v, double[] others, int n, int k, int j, double norm, int threads, bool clip = false)
    {
        var partition = Kernels.RowPartition.For(n);
        partition.Run(threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int b) =>
        {
            for (var i = partition.Start(b); i < partition.End(b); i++)
            {
                c[(i * k) + j] = (clip ? (v[i] > 0 ? v[i] : 0) : v[i]) / norm;
                others[i] += c[(i * k) + j];
            }
        });
    }

    /// <summary>v ← v − w_o·(c̄ᵀv / c̄ᵀc̄)·c̄ (skipped when c̄ = 0, i.e. K = 1, unless <paramref name="literal"/>).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RemoveOverlap(double[] v, double[] others, double weight, bool literal)
    {
        double num = 0, den = 0;
        for (var i = 0; i < v.Length; i++)
        {
            num += others[i] * v[i];
            den += others[i] * others[i];
        }

        if (den == 0 && !literal)
        {
            return;
        }

        var f = (weight * num) / den;
        for (var i = 0; i < v.Length; i++)
        {
            v[i] -= f * others[i];
        }
    }

    /// <summary>Σᵢₖ A_ik·B_ik.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Dot(double[] a, double[] b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Symmetrise(double[] g, int k)
    {
        for (var a = 0; a < k; a++)
        {
            for (var b = 0; b < a; b++)
            {
                g[(a * k) + b] = g[(b * k) + a];
            }
        }
    }
}
