using System.Buffers;
using Kiseki.Abstractions.Arrays;

namespace Kiseki.Methods.Spectral.Nmf.Kernels;

/// <summary>Out-of-core access: a matrix over a <see cref="RowFile"/>, and rows handed to the kernels in chunks.</summary>
public sealed partial class NmfMatrix
{
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
