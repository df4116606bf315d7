using System.Numerics;
using System.Runtime.InteropServices;
using Kiseki.Abstractions.Arrays;
using Microsoft.Win32.SafeHandles;

namespace Kiseki.Methods.Io.Formats;

/// <summary>
/// Decodes flat element buffers into typed arrays. File reads go straight into the final array (one copy from disk);
/// band-sequential layouts are transposed while streaming through a small buffer, never through a second full copy.
/// </summary>
internal static class ArrayCodec
{
    private const int ChunkBytes = 1 << 22;

    /// <summary>Bytes per swap unit: the component size for complex types, else the element size.</summary>
    public static int SwapUnit(DType type) => type switch
    {
        DType.Complex64 => 4,
        DType.Complex128 => 8,
        _ => DTypes.SizeOf(type),
    };

    public static Array Allocate(DType type, long count, string path, long offset)
    {
        if (count < 0 || count > Array.MaxLength)
        {
            throw FileFormatException.AtOffset(path, offset, $"{count} elements do not fit in one array (at most {Array.MaxLength})");
        }

        return Array.CreateInstance(DTypes.ClrType(type), count);
    }

    /// <summary>The bytes of elements [start, start+count) of <paramref name="data"/>.</summary>
    public static Span<byte> Bytes(Array data, long start, int count) => data switch
    {
        bool[] a => MemoryMarshal.AsBytes(a.AsSpan((int)start, count)),
        sbyte[] a => MemoryMarshal.AsBytes(a.AsSpan((int)start, count)),
        byte[] a => a.AsSpan((int)start, count),
        short[] a => MemoryMarshal.AsBytes(a.AsSpan((int)start, count)),
        ushort[] a => MemoryMarshal.AsBytes(a.AsSpan((int)start, count)),
        int[] a => MemoryMarshal.AsBytes(a.AsSpan((int)start, count)),
        uint[] a => MemoryMarshal.AsBytes(a.AsSpan((int)start, count)),
        long[] a => MemoryMarshal.AsBytes(a.AsSpan((int)start, count)),
        ulong[] a => MemoryMarshal.AsBytes(a.AsSpan((int)start, count)),
        float[] a => MemoryMarshal.AsBytes(a.AsSpan((int)start, count)),
        double[] a => MemoryMarshal.AsBytes(a.AsSpan((int)start, count)),
        Complex64[] a => MemoryMarshal.AsBytes(a.AsSpan((int)start, count)),
        Complex[] a => MemoryMarshal.AsBytes(a.AsSpan((int)start, count)),
        _ => throw new InvalidOperationException(),
    };

    public static void Swap(Span<byte> bytes, int unit)
    {
        if (unit <= 1)
        {
            return;
        }

        for (var i = 0; i + unit <= bytes.Length; i += unit)
        {
            bytes.Slice(i, unit).Reverse();
        }
    }

    /// <summary>Normalises bools read as raw bytes (any non-zero byte is true).</summary>
    private static void FixBools(Array data, long start, int count)
    {
        if (data is bool[])
        {
            var bytes = Bytes(data, start, count);
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = bytes[i] != 0 ? (byte)1 : (byte)0;
            }
        }
    }

    /// <summary>Decodes <paramref name="source"/> (packed elements) into a new array.</summary>
    public static Array Decode(ReadOnlySpan<byte> source, DType type, long count, bool bigEndian, string path, long offset)
    {
        var size = DTypes.SizeOf(type);
        if (source.Length < count * size)
        {
            throw FileFormatException.AtOffset(path, offset, $"{count} {DTypes.Name(type)} elements need {count * size} bytes but only {source.Length} are present");
        }

        var data = Allocate(type, count, path, offset);
        var target = Bytes(data, 0, (int)count);
        source[..target.Length].CopyTo(target);
        if (bigEndian)
        {
            Swap(target, SwapUnit(type));
        }

        FixBools(data, 0, (int)count);
        return data;
    }

    /// <summary>Reads <paramref name="count"/> elements at <paramref name="offset"/> straight into a new array.</summary>
    public static Array ReadFile(SafeFileHandle handle, string path, long offset, DType type, long count, bool bigEndian)
    {
        var data = Allocate(type, count, path, offset);
        var size = DTypes.SizeOf(type);
        var perChunk = Math.Max(1, ChunkBytes / size);
        for (long start = 0; start < count; start += perChunk)
        {
            var n = (int)Math.Min(perChunk, count - start);
            var span = Bytes(data, start, n);
            ReadAt(handle, path, offset + (start * size), span);
            if (bigEndian)
            {
                Swap(span, SwapUnit(type));
            }

            FixBools(data, start, n);
        }

        return data;
    }

    /// <summary>
    /// Reads a (<paramref name="slow"/>, <paramref name="fast"/>) block stored at <paramref name="offset"/> and returns
    /// it transposed to (fast, slow): target[f·slow + s] = source[s·fast + f]. Streams through a bounded buffer.
    /// </summary>
    public static Array ReadFileTransposed(
        SafeFileHandle handle, string path, long offset, DType type, long slow, long fast, bool bigEndian)
    {
        var count = checked(slow * fast);
        var data = Allocate(type, count, path, offset);
        if (count == 0)
        {
            return data;
        }

        var size = DTypes.SizeOf(type);
        var rowsPerChunk = (int)Math.Max(1, Math.Min(slow, ChunkBytes / Math.Max(1, fast * size)));
        var buffer = Allocate(type, rowsPerChunk * fast, path, offset);
        for (long s0 = 0; s0 < slow; s0 += rowsPerChunk)
        {
            var rows = (int)Math.Min(rowsPerChunk, slow - s0);
            var n = (int)(rows * fast);
            var span = Bytes(buffer, 0, n);
            ReadAt(handle, path, offset + (s0 * fast * size), span);
            if (bigEndian)
            {
                Swap(span, SwapUnit(type));
            }

            FixBools(buffer, 0, n);
            Scatter(buffer, data, rows, fast, s0, slow);
        }

        return data;
    }

    /// <summary>Transposes an in-memory (slow, fast) array to (fast, slow).</summary>
    public static Array Transpose(Array source, long slow, long fast)
    {
        var target = Array.CreateInstance(source.GetType().GetElementType()!, source.LongLength);
        Scatter(source, target, checked((int)slow), fast, 0, slow);
        return target;
    }

    /// <summary>target[f·slow + s0 + r] = buffer[r·fast + f] for r &lt; rows.</summary>
    private static void Scatter(Array buffer, Array target, int rows, long fast, long s0, long slow)
    {
        switch (target)
        {
            case bool[] t: Scatter((bool[])buffer, t, rows, fast, s0, slow); break;
            case sbyte[] t: Scatter((sbyte[])buffer, t, rows, fast, s0, slow); break;
            case byte[] t: Scatter((byte[])buffer, t, rows, fast, s0, slow); break;
            case short[] t: Scatter((short[])buffer, t, rows, fast, s0, slow); break;
            case ushort[] t: Scatter((ushort[])buffer, t, rows, fast, s0, slow); break;
            case int[] t: Scatter((int[])buffer, t, rows, fast, s0, slow); break;
            case uint[] t: Scatter((uint[])buffer, t, rows, fast, s0, slow); break;
            case long[] t: Scatter((long[])buffer, t, rows, fast, s0, slow); break;
            case ulong[] t: Scatter((ulong[])buffer, t, rows, fast, s0, slow); break;
            case float[] t: Scatter((float[])buffer, t, rows, fast, s0, slow); break;
            case double[] t: Scatter((double[])buffer, t, rows, fast, s0, slow); break;
            case Complex64[] t: Scatter((Complex64[])buffer, t, rows, fast, s0, slow); break;
            case Complex[] t: Scatter((Complex[])buffer, t, rows, fast, s0, slow); break;
            default: throw new InvalidOperationException();
        }
    }

    private static void Scatter<T>(T[] buffer, T[] target, int rows, long fast, long s0, long slow)
    {
        for (var r = 0; r < rows; r++)
        {
            var s = s0 + r;
            var row = (long)r * fast;
            for (long f = 0; f < fast; f++)
            {
                target[(f * slow) + s] = buffer[row + f];
            }
        }
    }

    private static void ReadAt(SafeFileHandle handle, string path, long offset, Span<byte> span)
    {
        var done = 0;
        while (done < span.Length)
        {
            var n = RandomAccess.Read(handle, span[done..], offset + done);
            if (n <= 0)
            {
                throw FileFormatException.AtOffset(path, offset + done, $"the file ends {span.Length - done} bytes before the array data does");
            }

            done += n;
        }
    }
}
