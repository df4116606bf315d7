using System.Buffers;
using System.Numerics;
using Kiseki.Abstractions.Arrays;

namespace Kiseki.Methods.Spectral.Nmf.Kernels;

/// <summary>
/// A read-only data matrix X (pixels × channels, row-major) over the caller's <c>float[]</c> or <c>double[]</c>,
/// not copied (except by <see cref="ExactSingles"/>), or over a <see cref="RowFile"/> read in chunks of
/// <see cref="ChunkRows"/> rows as the kernels go (out of core): the NMF kernels stream it and accumulate in double
/// precision, and give the same bits for a file as for the same values in memory.
/// </summary>
public sealed class NmfMatrix
{
    private NmfMatrix(double[]? doubles, float[]? singles, int rows, int columns, RowFile? file = null)
    {
        Doubles = doubles;
        Singles = singles;
        Rows = rows;
        Columns = columns;
        File = file;
    }

    /// <summary>Number of pixels N.</summary>
    public int Rows { get; }

    /// <summary>Number of channels M.</summary>
    public int Columns { get; }

    /// <summary>The values when stored as float64, else null.</summary>
    public double[]? Doubles { get; }

    /// <summary>The values when stored as float32, else null.</summary>
    public float[]? Singles { get; }

    /// <summary>The file the rows are read from when the matrix is not in memory, else null.</summary>
    public RowFile? File { get; }

    /// <summary>Whether the kernels see the values as float64 (else float32).</summary>
    public bool IsDouble => Doubles is not null || (File is { } f && !f.ExactInSingles);

    /// <summary>
    /// Whether X·S and XᵀC take float32 products (<see cref="SingleKernels"/>; a method's <c>precision: float32</c>),
    /// else float64 ones. The same values in memory and from a file give the same bits either way.
    /// </summary>
    public bool SingleProducts { get; private init; }

    /// <summary>The same values (not copied) with float32 products in X·S and XᵀC.</summary>
    public NmfMatrix WithSingleProducts() => new(Doubles, Singles, Rows, Columns, File) { SingleProducts = true, Scan = Scan };

    /// <summary>The <see cref="DataScan"/> of these values once taken (the values never change).</summary>
    internal DataScan? Scan { get; set; }

    /// <summary>Number of entries N·M.</summary>
    public long Count => (long)Rows * Columns;

    /// <summary>Wraps float64 values (no copy).</summary>
    public static NmfMatrix FromDoubles(double[] values, int rows, int columns)
    {
        Check(values.LongLength, rows, columns);
        return new NmfMatrix(values, null, rows, columns);
    }

    /// <summary>Wraps float32 values (no copy).</summary>
    public static NmfMatrix FromSingles(float[] values, int rows, int columns)
    {
        Check(values.LongLength, rows, columns);
        return new NmfMatrix(null, values, rows, columns);
    }

    /// <summary>
    /// This matrix stored as float32 when every float64 value is exactly a float32 value (counts, for example): the
    /// kernels widen each value back to the same double, so they give the same bits while streaming half the bytes.
    /// Otherwise (or when already float32) this matrix. One pass over X in fixed row blocks; the copy is N·M floats.
    /// </summary>
    public NmfMatrix ExactSingles(int threads)
    {
        if (Doubles is not { } values || File is not null)
        {
            return this;
        }

        var singles = new float[values.LongLength];
        var partition = RowPartition.For(Rows);
        var exact = new bool[partition.Blocks];
        partition.Run(threads, b =>
        {
            long start = (long)partition.Start(b) * Columns, end = (long)partition.End(b) * Columns;
            for (var i = start; i < end; i++)
            {
                var f = (float)values[i];
                if (f != values[i])
                {
                    return;
                }

                singles[i] = f;
            }

            exact[b] = true;
        });
        return Array.TrueForAll(exact, e => e) ? new NmfMatrix(null, singles, Rows, Columns) : this;
    }

    /// <summary>
    /// Wraps an array whose last axis is the channel axis. float32/float64 are used in place; 8- and 16-bit integer and
    /// boolean types (detector counts) are converted once to float32, which holds each of them exactly, so the
    /// kernels see the same doubles as from a float64 copy at half its size; wider integers are converted to float64
    /// (the malspy integer truncation is not reproduced).
    /// </summary>
    public static NmfMatrix FromArray(NdArray array)
    {
        ArgumentNullException.ThrowIfNull(array);
        if (array.Rank < 1 || DTypes.IsComplex(array.DType))
        {
            throw new ArgumentException("Expected a real array with the channel axis last.", nameof(array));
        }

        var columns = array.Shape[^1];
        var rows = columns == 0 ? 0 : (int)(array.Length / columns);
        return array.Data switch
        {
            double[] d => FromDoubles(d, rows, columns),
            float[] f => FromSingles(f, rows, columns),
            bool[] or sbyte[] or byte[] or short[] or ushort[] => FromSingles(NarrowIntegers(array.Data), rows, columns),
            _ => FromDoubles(array.ToDoubleArray(), rows, columns),
        };
    }

    private static float[] NarrowIntegers(Array data) => data switch
    {
        ushort[] v => ToSingles(v),
        short[] v => ToSingles(v),
        byte[] v => ToSingles(v),
        sbyte[] v => ToSingles(v),
        bool[] v => ToSingles(Array.ConvertAll(v, b => b ? (byte)1 : (byte)0)),
        _ => throw new ArgumentException($"{data.GetType().Name} is not an 8- or 16-bit integer array.", nameof(data)),
    };

    private static float[] ToSingles<T>(T[] values)
        where T : INumberBase<T>
    {
        var result = new float[values.LongLength];
        for (long i = 0; i < values.LongLength; i++)
        {
            result[i] = float.CreateTruncating(values[i]);
        }

        return result;
    }

    /// <summary>Element (i, j) as a double (reads the row when the matrix is a file).</summary>
    public double this[int row, int column]
    {
        get
        {
            if (File is not null)
            {
                var values = new double[Columns];
                CopyRow(row, values);
                return values[column];
            }

            var index = ((long)row * Columns) + column;
            return Doubles is not null ? Doubles[index] : Singles![index];
        }
    }

    /// <summary>Copies row <paramref name="row"/> (a pixel spectrum) into <paramref name="destination"/>.</summary>
    public void CopyRow(int row, Span<double> destination)
    {
        if (File is { } file)
        {
            if (file.ExactInSingles)
            {
                var singles = new float[Columns];
                file.ReadRows(row, 1, singles);
                for (var j = 0; j < Columns; j++)
                {
                    destination[j] = singles[j];
                }
            }
            else
            {
                file.ReadRows(row, 1, destination[..Columns]);
            }

            return;
        }

        var start = (long)row * Columns;
        for (var j = 0; j < Columns; j++)
        {
            destination[j] = Doubles is not null ? Doubles[start + j] : Singles![start + j];
        }
    }

    private static void Check(long length, int rows, int columns)
    {
        if (rows < 0 || columns < 0 || (long)rows * columns != length)
        {
            throw new ArgumentException($"{length} values cannot form a {rows} × {columns} matrix.");
        }
    }

    /// <summary>
    /// Rows read per positioned read when the matrix is a file. A multiple of four, so the kernels' groups of four rows
    /// fall exactly as in memory and a file gives the same bits as the same values in memory.
    /// </summary>
    public const int ChunkRows = 256;

    /// <summary>
    /// Wraps a file read by rows (not read now). Types exact in float32 (8/16-bit integers, bool, float32) are read as
    /// float32, others as float64 — the same choice as <see cref="FromArray"/> makes for the same array in memory.
    /// </summary>
    public static NmfMatrix FromFile(RowFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return new NmfMatrix(null, null, file.Rows, file.Columns, file);
    }

    /// <summary>
    /// Rows [<paramref name="start"/>, <paramref name="end"/>) as consecutive chunks: the values, the row their first
    /// element belongs to, and the rows [Start, End) of the chunk. In memory: one chunk over the whole array (first row
    /// 0). From a file: chunks of <see cref="ChunkRows"/> rows in a pooled buffer that the next chunk reuses.
    /// </summary>
    internal IEnumerable<(T[] Data, int FirstRow, int Start, int End)> Chunks<T>(int start, int end)
        where T : unmanaged
    {
        if (File is not { } file)
        {
            yield return ((T[])(object)(typeof(T) == typeof(double) ? Doubles! : Singles!), 0, start, end);
            yield break;
        }

        var buffer = ArrayPool<T>.Shared.Rent(Math.Max(1, Math.Min(ChunkRows, end - start) * Columns));
        try
        {
            for (var first = start; first < end; first += ChunkRows)
            {
                var count = Math.Min(ChunkRows, end - first);
                if (typeof(T) == typeof(double))
                {
                    file.ReadRows(first, count, ((double[])(object)buffer).AsSpan(0, count * Columns));
                }
                else
                {
                    file.ReadRows(first, count, ((float[])(object)buffer).AsSpan(0, count * Columns));
                }

                yield return (buffer, first, first, first + count);
            }
        }
        finally
        {
            ArrayPool<T>.Shared.Return(buffer);
        }
    }
}
