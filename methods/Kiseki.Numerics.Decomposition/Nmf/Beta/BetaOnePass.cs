using System.Runtime.CompilerServices;
using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Nmf.Beta;

/// <summary>
/// The map half of a β-NMF sweep and the sums of the next spectra update in one pass over X (default mode, no
/// orthogonality). Given the updated spectra S, the map update of pixel i needs only row i of X, of C and S, so each
/// fixed row block, while its rows are in cache, builds each model row (C Sᵀ)ᵢ from the current row of C, forms the
/// map numerators and denominators, updates the row of C, rebuilds the model row from the new row and adds its share
/// of the spectra numerator and denominator, of the divergence and of the squared map norms.
/// </summary>
/// <remarks>
/// Multiplicative updates of Févotte and Idier, Neural Comput. 23 (2011) 2421. Partial sums are kept per fixed row
/// block (<see cref="RowPartition"/>) and added in block order, so the result does not depend on the thread count;
/// rows are taken in the same order and groups from a file read by chunks of <see cref="NmfMatrix.ChunkRows"/> rows as
/// from memory, so a file gives the same bits. The sums are those of the maps before their unit-norm rescaling, which
/// <see cref="BetaSpectraSums.Rescale"/> applies afterwards.
/// </remarks>
internal static class BetaOnePass
{
    /// <summary>The per-block sums of <see cref="Sweep"/> for <paramref name="x"/>, allocated once and reused by every sweep.</summary>
    public static BetaSpectraSums[] BlockSums(NmfMatrix x, BetaSettings settings)
        => [.. Enumerable.Range(0, RowPartition.For(x.Rows).Blocks).Select(_ => new BetaSpectraSums(settings.Components, x.Columns, !settings.IsKl))];

    /// <summary>
    /// Updates every row of <paramref name="c"/> (N × K) given <paramref name="sT"/> (K × M) and sets
    /// <paramref name="sums"/> to the spectra sums, squared map norms and (when <paramref name="divergence"/>) the
    /// divergence of the updated C with S, gathered per row block in <paramref name="blocks"/> (from
    /// <see cref="BlockSums"/>); <paramref name="perRow"/> gets each pixel's divergence when given.
    /// </summary>
    public static void Sweep(NmfMatrix x, double[] c, double[] sT, BetaSettings settings, BetaSpectraSums sums, BetaSpectraSums[] blocks,
        double[]? perRow, bool divergence)
    {
        if (x.IsDouble)
        {
            Sweep<double>(x, c, sT, settings, sums, blocks, perRow, divergence);
        }
        else
        {
            Sweep<float>(x, c, sT, settings, sums, blocks, perRow, divergence);
        }
    }

    private static void Sweep<T>(NmfMatrix x, double[] c, double[] sT, BetaSettings settings, BetaSpectraSums sums, BetaSpectraSums[] blocks,
        double[]? perRow, bool divergence)
        where T : unmanaged
    {
        int m = x.Columns, k = settings.Components;
        var klFour = settings.IsKl && k == 4 && settings.Floor > 0;

        // KL: the map denominator of component q is Σⱼ S_jq for every pixel (summed as the two-pass sweep does).
        var spectraSums = settings.IsKl ? SpectraSums(sT, k, m) : null;
        var partition = RowPartition.For(x.Rows);
        partition.Run(settings.Threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int b) =>
        {
            var part = blocks[b];
            part.Clear();
            var scratch = new RowScratch(m);
            RowScratch? general = scratch;
            var kept = klFour && divergence ? new double[4 * KlFourSpectraKernels.Chunk] : null;
            var num = new double[Math.Max(k, 8)];
            var den = new double[k];
            foreach (var (data, first, start, end) in x.Chunks<T>(partition.Start(b), partition.End(b)))
            {
                var i = start;
                for (; klFour && i + 1 < end; i += 2)
                {
                    ref var row0 = ref Lanes.Row(data, i - first, m);
                    ref var row1 = ref Lanes.Row(data, i + 1 - first, m);
                    KlFourKernels.MapsPair(ref row0, ref row1, m, sT, c, i, settings.Floor, num);
                    MultiplicativeUpdate.Apply(c.AsSpan(i * 4, 4), num.AsSpan(0, 4), spectraSums, settings.Gamma);
                    MultiplicativeUpdate.Apply(c.AsSpan((i + 1) * 4, 4), num.AsSpan(4, 4), spectraSums, settings.Gamma);
                    var (d0, d1) = KlFourSpectraKernels.AddPair(ref row0, ref row1, i, m, sT, c, settings.Floor, part.Num, kept, ref general);
                    part.AddRow(c, i, d0, perRow);
                    part.AddRow(c, i + 1, d1, perRow);
                }

                for (; i < end; i++)
                {
                    ref var row = ref Lanes.Row(data, i - first, m);
                    BetaKernels.MapRow(ref row, i, c, sT, k, m, settings.Beta, settings.Floor, scratch, num.AsSpan(0, k), den);
                    MultiplicativeUpdate.Apply(c.AsSpan(i * k, k), num.AsSpan(0, k), spectraSums ?? den, settings.Gamma);
                    var d = BetaKernels.SpectraRow(ref row, i, c, sT, k, m, settings.Beta, settings.Floor, scratch, part.Num, part.Den, divergence);
                    part.AddRow(c, i, d, perRow);
                }
            }
        });
        sums.SetToTotalOf(blocks);
    }

    /// <summary>Σⱼ S_jq per component (<paramref name="sT"/> is K × M), each summed over the channels in order.</summary>
    internal static double[] SpectraSums(double[] sT, int k, int m)
    {
        var sums = new double[k];
        HalsSolver.RowSums(sT, k, m, sums);
        return sums;
    }
}
