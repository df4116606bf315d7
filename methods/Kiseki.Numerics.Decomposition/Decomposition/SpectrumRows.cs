using Kiseki.Abstractions.Arrays;

namespace Kiseki.Methods.Spectral.Decomposition;

/// <summary>What one chunk of rows contributes; <paramref name="rows"/> holds rows [start, start + count) as float64.</summary>
public delegate void RowChunkAction(int chunk, int start, int count, ReadOnlySpan<double> rows);

/// <summary>
/// The rows of X (pixels × channels) as float64 in fixed chunks of <see cref="ChunkRows"/> pixels, from an in-memory
/// array or read from a <see cref="RowFile"/> (out of core), optionally Keenan–Kotula scaled as they are read
/// (X̃_ij = X_ij / (a_i·b_j), 0 where a_i·b_j = 0 — the values <see cref="PoissonScaling.Apply"/> gives). Every
/// decomposition pass goes through these chunks, so a file and memory give the same bits.
/// </summary>
public sealed class SpectrumRows
{
    /// <summary>Pixels per chunk (fixed: part of every summation order).</summary>
    public const int ChunkRows = 256;

    private readonly double[]? _values;
    private readonly RowFile? _file;
    private readonly double[]? _pixelWeights;
    private readonly double[]? _channelWeights;

    private SpectrumRows(double[]? values, RowFile? file, int rows, int columns, double[]? a, double[]? b)
    {
        _values = values;
        _file = file;
        Rows = rows;
        Columns = columns;
        _pixelWeights = a;
        _channelWeights = b;
    }

    /// <summary>Number of rows (pixels) n.</summary>
    public int Rows { get; }

    /// <summary>Number of columns (channels) m.</summary>
    public int Columns { get; }

    /// <summary>Whether the rows are read from a file.</summary>
    public bool IsFile => _file is not null;

    /// <summary>Whether the rows are Poisson-scaled as they are read.</summary>
    public bool IsScaled => _pixelWeights is not null;

    /// <summary>Number of chunks, ⌈n / <see cref="ChunkRows"/>⌉.</summary>
    public int Chunks => (Rows + ChunkRows - 1) / ChunkRows;

    /// <summary>The unscaled rows of the same source.</summary>
    public SpectrumRows Unscaled => IsScaled ? new SpectrumRows(_values, _file, Rows, Columns, null, null) : this;

    /// <summary>Rows of row-major X (n × m) in memory.</summary>
    public static SpectrumRows FromArray(double[] x, int n, int m)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentOutOfRangeException.ThrowIfNotEqual(x.Length, (long)n * m);
        return new SpectrumRows(x, null, n, m, null, null);
    }

    /// <summary>Rows read from <paramref name="file"/> (converted to float64 as they are read; the caller disposes the file).</summary>
    public static SpectrumRows FromFile(RowFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new SpectrumRows(null, file, file.Rows, file.Columns, null, null);
    }

    /// <summary>The same rows divided by a_i·b_j as they are read (pixel weights a, channel weights b).</summary>
    public SpectrumRows Scaled(double[] pixelWeights, double[] channelWeights)
    {
        ArgumentNullException.ThrowIfNull(pixelWeights);
        ArgumentNullException.ThrowIfNull(channelWeights);
        ArgumentOutOfRangeException.ThrowIfNotEqual(pixelWeights.Length, Rows);
        ArgumentOutOfRangeException.ThrowIfNotEqual(channelWeights.Length, Columns);
        return new SpectrumRows(_values, _file, Rows, Columns, pixelWeights, channelWeights);
    }

    /// <summary>A buffer for one chunk (empty when chunks are views of the array).</summary>
    public double[] Buffer() => _file is null && !IsScaled ? [] : new double[ChunkRows * Columns];

    /// <summary>Rows [start, start + count) as one span: a view of the array, or read (and scaled) into <paramref name="buffer"/>.</summary>
    public ReadOnlySpan<double> Read(int start, int count, double[] buffer)
    {
        var length = count * Columns;
        ReadOnlySpan<double> raw;
        if (_file is not null)
        {
            _file.ReadRows(start, count, buffer.AsSpan(0, length));
            raw = buffer.AsSpan(0, length);
        }
        else
        {
            raw = _values.AsSpan(start * Columns, length);
        }

        if (_pixelWeights is null || _channelWeights is null)
        {
            return raw;
        }

        var target = buffer.AsSpan(0, length);
        for (var r = 0; r < count; r++)
        {
            ScaleRow(start + r, raw.Slice(r * Columns, Columns), target.Slice(r * Columns, Columns));
        }

        return target;
    }

    /// <summary>
    /// Pixel <paramref name="pixel"/>'s raw values as this view gives them: divided by a_i·b_j when scaled (0 where
    /// a_i·b_j = 0), else copied.
    /// </summary>
    public void ScaleRow(int pixel, ReadOnlySpan<double> raw, Span<double> target)
    {
        if (_pixelWeights is null || _channelWeights is null)
        {
            raw.CopyTo(target);
            return;
        }

        var a = _pixelWeights[pixel];
        for (var j = 0; j < Columns; j++)
        {
            var w = a * _channelWeights[j];
            target[j] = w > 0 ? raw[j] / w : 0;
        }
    }

    /// <summary>
    /// Runs <paramref name="body"/> on every chunk, in parallel (each worker with its own buffer), in no fixed order:
    /// for per-row results only; order-dependent sums go through <see cref="ForEachChunkInOrder"/>.
    /// </summary>
    public void ForEachChunk(int maxDegreeOfParallelism, CancellationToken cancellationToken, RowChunkAction body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, maxDegreeOfParallelism),
            CancellationToken = cancellationToken,
        };
        Parallel.For(0, Chunks, options, Buffer, (chunk, _, buffer) =>
        {
            var start = chunk * ChunkRows;
            var count = Math.Min(ChunkRows, Rows - start);
            body(chunk, start, count, Read(start, count, buffer));
            return buffer;
        }, _ => { });
    }

    /// <summary>Runs <paramref name="body"/> on chunk 0, 1, 2, … in that order on the calling thread.</summary>
    public void ForEachChunkInOrder(CancellationToken cancellationToken, RowChunkAction body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var buffer = Buffer();
        for (var chunk = 0; chunk < Chunks; chunk++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = chunk * ChunkRows;
            var count = Math.Min(ChunkRows, Rows - start);
            body(chunk, start, count, Read(start, count, buffer));
        }
    }
}
