using Kiseki.Abstractions.Arrays;

namespace Kiseki.Methods.Spectral.Nmf.Kernels;

/// <summary>
/// A read-only data matrix X (pixels × channels, row-major) over the caller's <c>float[]</c> or <c>double[]</c>,
/// never copied: the NMF kernels stream it and accumulate in double precision.
/// </summary>
public sealed class NmfMatrix
{
    private NmfMatrix(double[]? doubles, float[]? singles, int rows, int columns)
    {
        Doubles = doubles;
        Singles = singles;
        Rows = rows;
        Columns = columns;
    }

    /// <summary>Number of pixels N.</summary>
    public int Rows { get; }

    /// <summary>Number of channels M.</summary>
    public int Columns { get; }

    /// <summary>The values when stored as float64, else null.</summary>
    public double[]? Doubles { get; }

    /// <summary>The values when stored as float32, else null.</summary>
    public float[]? Singles { get; }

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
    /// Wraps an array whose last axis is the channel axis. float32/float64 are used in place; integer and boolean
    /// types are converted once to float64 (the malspy integer truncation is not reproduced).
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
            _ => FromDoubles(array.ToDoubleArray(), rows, columns),
        };
    }

    /// <summary>Element (i, j) as a double.</summary>
    public double this[int row, int column]
    {
        get
        {
            var index = ((long)row * Columns) + column;
            return Doubles is not null ? Doubles[index] : Singles![index];
        }
    }

    /// <summary>Copies row <paramref name="row"/> (a pixel spectrum) into <paramref name="destination"/>.</summary>
    public void CopyRow(int row, Span<double> destination)
    {
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
}
