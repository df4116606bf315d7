using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Kiseki.Methods.Spectral.Nmf.Kernels;

/// <summary>Per-pixel squared residuals Σⱼ (X − C Sᵀ)ᵢⱼ², one model row at a time (no N × M temporary).</summary>
public static class ResidualKernels
{
    /// <summary>perRow[i] = Σⱼ (X[i, j] − Σₖ C[i, k]·S[j, k])², with S given transposed (K × M).</summary>
    public static void RowSquaredResiduals(NmfMatrix x, double[] c, double[] sT, int k, double[] perRow, int threads)
    {
        if (x.IsDouble)
        {
            Run<double>(x, c, sT, k, perRow, threads);
        }
        else
        {
            Run<float>(x, c, sT, k, perRow, threads);
        }
    }

    /// <summary>Σ over pixels of <see cref="RowSquaredResiduals"/>, summed in row order.</summary>
    public static double SquaredResidual(NmfMatrix x, double[] c, double[] sT, int k, int threads)
    {
        var perRow = new double[x.Rows];
        RowSquaredResiduals(x, c, sT, k, perRow, threads);
        var total = 0.0;
        foreach (var v in perRow)
        {
            total += v;
        }

        return total;
    }

    private static void Run<T>(NmfMatrix x, double[] c, double[] sT, int k, double[] perRow, int threads)
        where T : unmanaged
    {
        var m = x.Columns;
        var partition = RowPartition.For(x.Rows);
        partition.Run(threads, b =>
        {
            var model = new double[m];
            foreach (var (data, first, start, end) in x.Chunks<T>(partition.Start(b), partition.End(b)))
            {
                for (var i = start; i < end; i++)
                {
                    ModelRow(c, sT, k, m, i, model);
                    perRow[i] = SquaredDifference(ref Lanes.Row(data, i - first, m), model, m);
                }
            }
        });
    }

    /// <summary>model[j] = Σₖ C[i, k]·S[j, k].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ModelRow(double[] c, double[] sT, int k, int m, int i, double[] model)
    {
        Array.Clear(model);
        ref var md = ref MemoryMarshal.GetArrayDataReference(model);
        var vectorEnd = m - (m % 4);
        for (var kk = 0; kk < k; kk++)
        {
            var w = c[(i * k) + kk];
            if (w == 0)
            {
                continue;
            }

            var wv = Vector256.Create(w);
            ref var s = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(sT), kk * m);
            var j = 0;
            for (; j < vectorEnd; j += 4)
            {
                var acc = Vector256.LoadUnsafe(ref md, (nuint)j);
                Lanes.Fma(wv, Vector256.LoadUnsafe(ref s, (nuint)j), acc).StoreUnsafe(ref md, (nuint)j);
            }

            for (; j < m; j++)
            {
                Unsafe.Add(ref md, j) = Math.FusedMultiplyAdd(w, Unsafe.Add(ref s, j), Unsafe.Add(ref md, j));
            }
        }
    }

    private static double SquaredDifference<T>(ref T row, double[] model, int m)
        where T : unmanaged
    {
        ref var md = ref MemoryMarshal.GetArrayDataReference(model);
        var a0 = Vector256<double>.Zero;
        var a1 = Vector256<double>.Zero;
        var vectorEnd = m - (m % Lanes.Width);
        var j = 0;
        for (; j < vectorEnd; j += Lanes.Width)
        {
            Lanes.Load(ref row, j, out var xl, out var xh);
            var dl = xl - Vector256.LoadUnsafe(ref md, (nuint)j);
            var dh = xh - Vector256.LoadUnsafe(ref md, (nuint)(j + 4));
            a0 = Lanes.Fma(dl, dl, a0);
            a1 = Lanes.Fma(dh, dh, a1);
        }

        var total = Vector256.Sum(a0 + a1);
        for (; j < m; j++)
        {
            var d = Lanes.Get(ref row, j) - Unsafe.Add(ref md, j);
            total = Math.FusedMultiplyAdd(d, d, total);
        }

        return total;
    }
}
