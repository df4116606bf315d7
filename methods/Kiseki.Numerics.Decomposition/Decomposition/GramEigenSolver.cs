using SimdVector = System.Numerics.Vector;
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
/// Computes XᵀX (M × M) in fixed chunks of <see cref="ChunkRows"/> pixels, combining the partial sums in chunk
/// order, so the result is byte-identical for any thread count; then MathNet's symmetric eigensolver. Memory is
/// O(M²) per chunk in flight: an N × N matrix is never formed.
/// </summary>
public static class GramEigenSolver
{
    /// <summary>Pixels per Gram chunk (fixed: part of the summation order).</summary>
    public const int ChunkRows = 256;

    private const int ChunksInFlight = 16;

    /// <summary>Top-<paramref name="k"/> eigenpairs of XᵀX, X given row-major (n × m).</summary>
    public static GramEigenResult Solve(
        double[] x, int n, int m, int k, bool centre, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfNotEqual(x.Length, n * m);
        return Solve(new RowChunks(x, n, m), k, centre, maxDegreeOfParallelism, ChunksInFlight, cancellationToken);
    }

    /// <summary>
    /// Top-<paramref name="k"/> eigenpairs of XᵀX with X read by rows from <paramref name="file"/> (out of core): the
    /// same chunks and summation order as in memory, so the same bits; one pass for the means when centred, one for
    /// XᵀX, with at most one M × M partial per thread in flight.
    /// </summary>
    public static GramEigenResult Solve(RowFile file, int k, bool centre, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        return Solve(new RowChunks(file), k, centre, maxDegreeOfParallelism, Math.Max(1, maxDegreeOfParallelism), cancellationToken);
    }

    private static GramEigenResult Solve(
        RowChunks x, int k, bool centre, int maxDegreeOfParallelism, int inFlight, CancellationToken cancellationToken)
    {
        var m = x.Columns;
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, m);
        var mean = centre ? ColumnMeans(x) : null;
        var gram = Gram(x, mean, maxDegreeOfParallelism, inFlight, cancellationToken);
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
    public static double[] ColumnMeans(double[] x, int n, int m) => ColumnMeans(new RowChunks(x, n, m));

    private static double[] ColumnMeans(RowChunks x)
    {
        int n = x.Rows, m = x.Columns;
        var sum = new double[m];
        var buffer = x.Buffer();
        for (var start = 0; start < n; start += ChunkRows)
        {
            var partial = new double[m];
            var rows = x.Read(start, Math.Min(n, start + ChunkRows), buffer);
            for (var i = 0; i < rows.Length / Math.Max(1, m); i++)
            {
                AddScaled(partial, rows.Slice(i * m, m), 1.0);
            }

            AddScaled(sum, partial, 1.0);
        }

        for (var a = 0; a < m; a++)
        {
            sum[a] /= n;
        }

        return sum;
    }

    /// <summary>Upper triangle (row-major, a ≤ b) of XᵀX or X₀ᵀX₀ with X₀ = X − 1·meanᵀ.</summary>
    public static double[] Gram(
        double[] x, int n, int m, double[]? mean, int maxDegreeOfParallelism, CancellationToken cancellationToken)
        => Gram(new RowChunks(x, n, m), mean, maxDegreeOfParallelism, ChunksInFlight, cancellationToken);

    private static double[] Gram(
        RowChunks x, double[]? mean, int maxDegreeOfParallelism, int inFlight, CancellationToken cancellationToken)
    {
        int n = x.Rows, m = x.Columns;
        var total = new double[m * m];
        var chunks = (n + ChunkRows - 1) / ChunkRows;
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, maxDegreeOfParallelism),
            CancellationToken = cancellationToken,
        };
        for (var wave = 0; wave < chunks; wave += inFlight)
        {
            var count = Math.Min(inFlight, chunks - wave);
            var partials = new double[count][];
            Parallel.For(0, count, options, c =>
            {
                var start = (wave + c) * ChunkRows;
                partials[c] = ChunkGram(x.Read(start, Math.Min(n, start + ChunkRows), x.Buffer()), m, mean);
            });
            foreach (var partial in partials)
            {
                AddScaled(total, partial, 1.0);
            }
        }

        return total;
    }

    private static double[] ChunkGram(ReadOnlySpan<double> rows, int m, double[]? mean)
    {
        var g = new double[m * m];
        var row = new double[m];
        for (var i = 0; i < rows.Length / Math.Max(1, m); i++)
        {
            rows.Slice(i * m, m).CopyTo(row);
            if (mean is not null)
            {
                for (var a = 0; a < m; a++)
                {
                    row[a] -= mean[a];
                }
            }

            for (var a = 0; a < m; a++)
            {
                var xa = row[a];
                if (xa != 0)
                {
                    AddScaled(g.AsSpan((a * m) + a, m - a), row.AsSpan(a), xa);
                }
            }
        }

        return g;
    }

    /// <summary>target += scale · source, element by element (multiply then add: the same rounding for any vector width).</summary>
    private static void AddScaled(Span<double> target, ReadOnlySpan<double> source, double scale)
    {
        var i = 0;
        if (SimdVector.IsHardwareAccelerated && target.Length >= System.Numerics.Vector<double>.Count)
        {
            var s = new System.Numerics.Vector<double>(scale);
            for (; i <= target.Length - System.Numerics.Vector<double>.Count; i += System.Numerics.Vector<double>.Count)
            {
                var t = new System.Numerics.Vector<double>(target[i..]);
                var product = new System.Numerics.Vector<double>(source[i..]) * s;
                (t + product).CopyTo(target[i..]);
            }
        }

        for (; i < target.Length; i++)
        {
            target[i] += source[i] * scale;
        }
    }
}

/// <summary>Rows of X for the Gram chunks: a view of an in-memory array, or rows read from a <see cref="RowFile"/>.</summary>
internal sealed class RowChunks
{
    private readonly double[]? _values;
    private readonly RowFile? _file;

    public RowChunks(double[] values, int rows, int columns)
    {
        _values = values;
        Rows = rows;
        Columns = columns;
    }

    public RowChunks(RowFile file)
    {
        _file = file;
        Rows = file.Rows;
        Columns = file.Columns;
    }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>A buffer for one chunk when reading from a file (none in memory).</summary>
    public double[]? Buffer() => _file is null ? null : new double[GramEigenSolver.ChunkRows * Columns];

    /// <summary>Rows [start, end) as one span (a view in memory, read into <paramref name="buffer"/> from a file).</summary>
    public ReadOnlySpan<double> Read(int start, int end, double[]? buffer)
    {
        var length = (end - start) * Columns;
        if (_file is null)
        {
            return _values.AsSpan(start * Columns, length);
        }

        _file.ReadRows(start, end - start, buffer.AsSpan(0, length));
        return buffer.AsSpan(0, length);
    }
}
