using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;
using Kiseki.Abstractions.Arrays;

namespace Kiseki.Methods.Spectral.Decomposition;

/// <summary>Leading eigenpairs of the channels × channels Gram matrix XᵀX (optionally of the column-centred X).</summary>
/// <param name="Eigenvalues">The K largest eigenvalues of XᵀX (or X₀ᵀX₀), descending; tiny negative round-off clipped to 0.</param>
/// <param name="Vectors">Unit eigenvectors, row-major (channels × K), column k for eigenvalue k.</param>
/// <param name="Trace">trace(XᵀX) = ‖X‖²_F (of the centred X when centred): the total variance.</param>
/// <param name="Mean">Column means (length channels) when centred, else null.</param>
public sealed record GramEigenResult(double[] Eigenvalues, double[] Vectors, double Trace, double[]? Mean);

/// <summary>
/// Computes XᵀX (M × M) chunk by chunk (<see cref="SpectrumRows.ChunkRows"/> pixels each, added in chunk order; within a
/// chunk cache-blocked tiles, each entry summed over the rows in order), so the result is byte-identical for any thread
/// count and for X in memory or read from a file; then MathNet's symmetric eigensolver. Memory O(M²) plus one chunk:
/// an N × N matrix is never formed.
/// </summary>
public static class GramEigenSolver
{
    /// <summary>Pixels per Gram chunk (fixed: part of the summation order).</summary>
    public const int ChunkRows = SpectrumRows.ChunkRows;

    /// <summary>Top-<paramref name="k"/> eigenpairs of XᵀX, X given row-major (n × m).</summary>
    public static GramEigenResult Solve(
        double[] x, int n, int m, int k, bool centre, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfNotEqual(x.Length, n * m);
        var rows = SpectrumRows.FromArray(x, n, m);
        return Solve(rows, k, centre ? ColumnMeans(rows, cancellationToken) : null, maxDegreeOfParallelism, cancellationToken);
    }

    /// <summary>
    /// Top-<paramref name="k"/> eigenpairs of XᵀX with X read by rows from <paramref name="file"/> (out of core): the
    /// same chunks and summation order as in memory, so the same bits; one pass for the means when centred, one for XᵀX.
    /// </summary>
    public static GramEigenResult Solve(RowFile file, int k, bool centre, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        var rows = SpectrumRows.FromFile(file);
        return Solve(rows, k, centre ? ColumnMeans(rows, cancellationToken) : null, maxDegreeOfParallelism, cancellationToken);
    }

    /// <summary>
    /// Top-<paramref name="k"/> eigenpairs of X₀ᵀX₀ with X₀ = X − 1·<paramref name="mean"/>ᵀ (XᵀX when
    /// <paramref name="mean"/> is null; centred results carry it as <see cref="GramEigenResult.Mean"/>): one pass over X.
    /// </summary>
    public static GramEigenResult Solve(
        SpectrumRows x, int k, double[]? mean, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(x);
        var m = x.Columns;
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, m);
        var gram = Gram(x, mean, maxDegreeOfParallelism, cancellationToken);
        var trace = 0.0;
        for (var a = 0; a < m; a++)
        {
            trace += gram[(a * m) + a];
        }

        var matrix = Matrix<double>.Build.Dense(m, m, (r, c) => r <= c ? gram[(r * m) + c] : gram[(c * m) + r]);
        var evd = matrix.Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues;
        var vectors = evd.EigenVectors;

        // Order by eigenvalue descending; ties keep the lower solver index (stable order).
        var order = Enumerable.Range(0, m).OrderByDescending(i => values[i].Real).ThenBy(i => i).Take(k).ToArray();
        var outValues = new double[k];
        var outVectors = new double[m * k];
        for (var j = 0; j < k; j++)
        {
            outValues[j] = Math.Max(values[order[j]].Real, 0);
            for (var a = 0; a < m; a++)
            {
                outVectors[(a * k) + j] = vectors[a, order[j]];
            }
        }

        return new GramEigenResult(outValues, outVectors, trace, mean);
    }

    /// <summary>Column means of X (n × m), summed in the same fixed chunks as the Gram matrix.</summary>
    public static double[] ColumnMeans(double[] x, int n, int m) => ColumnMeans(SpectrumRows.FromArray(x, n, m), default);

    private static double[] ColumnMeans(SpectrumRows x, CancellationToken cancellationToken)
        => SpectrumScan.Of(x, rowSums: false, cancellationToken).ColumnMeans;

    /// <summary>Upper triangle (row-major, a ≤ b) of XᵀX or X₀ᵀX₀ with X₀ = X − 1·meanᵀ.</summary>
    public static double[] Gram(
        double[] x, int n, int m, double[]? mean, int maxDegreeOfParallelism, CancellationToken cancellationToken)
        => Gram(SpectrumRows.FromArray(x, n, m), mean, maxDegreeOfParallelism, cancellationToken);

    /// <summary>Upper triangle (row-major, a ≤ b) of XᵀX or X₀ᵀX₀ over the chunks of <paramref name="x"/>, in chunk order.</summary>
    public static double[] Gram(SpectrumRows x, double[]? mean, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(x);
        var m = x.Columns;
        var total = new double[m * m];
        var scratch = GramKernel.Scratch(ChunkRows, m);
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, maxDegreeOfParallelism),
            CancellationToken = cancellationToken,
        };
        x.ForEachChunkInOrder(cancellationToken, (_, _, count, rows) => GramKernel.Accumulate(rows, count, m, mean, total, scratch, options));
        return total;
    }
}
