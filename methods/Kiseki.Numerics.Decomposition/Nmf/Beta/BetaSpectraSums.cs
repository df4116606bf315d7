using System.Runtime.CompilerServices;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Nmf.Beta;

/// <summary>
/// The sums over pixels that the spectra update of β-NMF needs — num[q, j] = Σᵢ C_iq·X_ij·Y_ij^(β−1) and
/// den[q, j] = Σᵢ C_iq·Y_ij^β (K × M) — with the squared column norms Σᵢ C_iq² and the divergence Σ d(X | Y), for one
/// row block or for all of them. They let the unit-norm rescaling of the maps be applied after the pass that produced
/// them (<see cref="Rescale"/>).
/// </summary>
internal sealed class BetaSpectraSums
{
    private readonly int _k;
    private readonly int _m;

    /// <summary>Zero sums for K components and M channels; <paramref name="withDenominator"/> false leaves out den (KL blocks).</summary>
    public BetaSpectraSums(int k, int m, bool withDenominator)
    {
        _k = k;
        _m = m;
        Num = new double[k * m];
        Den = withDenominator ? new double[k * m] : null;
        Squares = new double[k];
    }

    /// <summary>num (K × M, row-major).</summary>
    public double[] Num { get; }

    /// <summary>den (K × M), or null for a KL row block (KL's denominator is the column sum of C).</summary>
    public double[]? Den { get; }

    /// <summary>Σᵢ C_iq² of the rows added.</summary>
    public double[] Squares { get; }

    /// <summary>Σ d(X | Y) of the rows added, in row order.</summary>
    public double Divergence { get; private set; }

    /// <summary>Sets every sum to 0.</summary>
    public void Clear()
    {
        Array.Clear(Num);
        Array.Clear(Squares);
        if (Den is not null)
        {
            Array.Clear(Den);
        }

        Divergence = 0;
    }

    /// <summary>Adds row <paramref name="i"/>'s squared map values and its divergence (also written to <paramref name="perRow"/> when given).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void AddRow(double[] c, int i, double divergence, double[]? perRow)
    {
        for (var q = 0; q < _k; q++)
        {
            var v = c[(i * _k) + q];
            Squares[q] += v * v;
        }

        Divergence += divergence;
        if (perRow is not null)
        {
            perRow[i] = divergence;
        }
    }

    /// <summary>Replaces these sums (num, den when both have it, squares, divergence) by the blocks' sums added in block order.</summary>
    public void SetToTotalOf(IReadOnlyList<BetaSpectraSums> blocks)
    {
        Array.Clear(Num);
        Array.Clear(Squares);
        var withDen = Den is not null && blocks.All(b => b.Den is not null);
        if (withDen)
        {
            Array.Clear(Den!);
        }

        Divergence = 0;
        foreach (var block in blocks)
        {
            Add(block.Num, Num);
            Add(block.Squares, Squares);
            if (withDen)
            {
                Add(block.Den!, Den!);
            }

            Divergence += block.Divergence;
        }
    }

    /// <summary>
    /// Scales every map (column of the N × K <paramref name="c"/>) to unit L2 norm ν_q = √(Σᵢ C_iq²) and its spectrum
    /// (row q of <paramref name="sT"/>) by ν_q, as the two-pass sweep does, and keeps these sums those of the rescaled
    /// maps: every term of num[q, ·] and den[q, ·] carries one factor C_iq and the model C Sᵀ is unchanged, so both are
    /// divided by ν_q. (The ratio num/den, all that the spectra update uses, is unchanged; KL's den is instead set from
    /// the column sums of the rescaled maps, Σᵢ C_iq/ν_q, so there the division of num is what keeps the update exact.)
    /// Components with ν_q = 0 are left alone.
    /// </summary>
    public void Rescale(double[] c, double[] sT, int n, int threads)
    {
        var norms = new double[_k];
        for (var q = 0; q < _k; q++)
        {
            var norm = norms[q] = Math.Sqrt(Squares[q]);
            if (norm == 0)
            {
                continue;
            }

            for (var j = (q * _m); j < (q + 1) * _m; j++)
            {
                sT[j] *= norm;
                Num[j] /= norm;
                if (Den is not null)
                {
                    Den[j] /= norm;
                }
            }
        }

        var partition = RowPartition.For(n);
        partition.Run(threads, b =>
        {
            for (var i = partition.Start(b); i < partition.End(b); i++)
            {
                for (var q = 0; q < _k; q++)
                {
                    if (norms[q] != 0)
                    {
                        c[(i * _k) + q] /= norms[q];
                    }
                }
            }
        });
    }

    private static void Add(double[] source, double[] target)
    {
        for (var i = 0; i < source.Length; i++)
        {
            target[i] += source[i];
        }
    }
}
