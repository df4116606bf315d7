using System.Numerics;
using System.Runtime.InteropServices;

namespace Kiseki.Abstractions.Arrays;

/// <summary>
/// NumPy <c>.npy</c> format: reads versions 1.0, 2.0 and 3.0, little- and big-endian, C and Fortran order; writes
/// version 1.0 (2.0 when the header needs it), little-endian, C order. Hostile headers and lengths are refused with
/// an <see cref="InvalidDataException"/> that names the byte offset. The header is <see cref="NpyHeader"/>; reading
/// and writing the elements are in <c>NpyFormat.Read.cs</c> and <c>NpyFormat.Write.cs</c>.
/// </summary>
public static class NpyFormat
{
    /// <summary>The six bytes every <c>.npy</c> file starts with.</summary>
    internal static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>NumPy descriptor (<c>&lt;f8</c>, <c>|u1</c>, …) of a little-endian array of <paramref name="type"/>.</summary>
    public static string Descriptor(DType type) => type switch
    {
        DType.Bool => "|b1",
        DType.Int8 => "|i1",
        DType.UInt8 => "|u1",
        DType.Int16 => "<i2",
        DType.UInt16 => "<u2",
        DType.Int32 => "<i4",
        DType.UInt32 => "<u4",
        DType.Int64 => "<i8",
        DType.UInt64 => "<u8",
        DType.Float32 => "<f4",
        DType.Float64 => "<f8",
        DType.Complex64 => "<c8",
        DType.Complex128 => "<c16",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Parses a NumPy type descriptor such as <c>&gt;u2</c> into an element type and byte order.</summary>
    public static (DType Type, bool BigEndian) ParseDescriptor(string descr, long offset = 0)
    {
        if (descr.Length < 2)
        {
            throw new InvalidDataException($"Unsupported .npy dtype '{descr}' (header at offset {offset}).");
        }

        var order = descr[0];
        var code = order is '<' or '>' or '|' or '=' ? descr[1..] : descr;
        var bigEndian = order == '>';
        DType? type = code switch
        {
            "b1" or "?" => DType.Bool,
            "i1" => DType.Int8,
            "u1" => DType.UInt8,
            "i2" => DType.Int16,
            "u2" => DType.UInt16,
            "i4" => DType.Int32,
            "u4" => DType.UInt32,
            "i8" => DType.Int64,
            "u8" => DType.UInt64,
            "f4" => DType.Float32,
            "f8" => DType.Float64,
            "c8" => DType.Complex64,
            "c16" => DType.Complex128,
            _ => null,
        };
        return type is null
            ? throw new InvalidDataException(
                $"Unsupported .npy dtype '{descr}' (header at offset {offset}); expected bool, int, uint, float or complex.")
            : (type.Value, bigEndian);
    }

    /// <summary>Reads one array from its <c>.npy</c> bytes.</summary>
    public static NdArray Read(byte[] bytes) => Read(new MemoryStream(bytes, writable: false));

    /// <summary>Reads one array; <paramref name="stream"/> is positioned after it on return.</summary>
    public static NdArray Read(Stream stream)
    {
        var header = NpyHeader.Read(stream);
        var (dtype, bigEndian, fortran, shape) = (header.Type, header.BigEndian, header.FortranOrder, header.Shape);
        long count = header.ElementCount, byteCount = header.ByteCount;
        var dataOffset = header.DataOffset;
        if (stream.CanSeek && stream.Length - stream.Position < byteCount)
        {
            throw new InvalidDataException(
                $".npy data at offset {dataOffset} needs {byteCount} bytes for shape " +
                $"({string.Join(", ", shape)}) of {DTypes.Name(dtype)} but only {stream.Length - stream.Position} remain.");
        }

        if (count > Array.MaxLength)
        {
            throw new InvalidDataException($".npy shape ({string.Join(", ", shape)}) has more elements than an array can hold.");
        }

        var data = Array.CreateInstance(DTypes.ClrType(dtype), count);
        var span = ElementBytes(data, dtype);
        ReadExactly(stream, span, dataOffset, "the array data");
        if (bigEndian && DTypes.SizeOf(dtype) > 1)
        {
            SwapBytes(span, dtype);
        }

        var array = CreateUntyped(data, dtype, shape);
        return fortran && shape.Length > 1 ? FortranToC(array, shape) : array;
    }

    /// <summary>Fills <paramref name="buffer"/> or throws a truncation error naming <paramref name="what"/> and its offset.</summary>
    internal static void ReadExactly(Stream stream, Span<byte> buffer, long offset, string what)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = stream.Read(buffer[read..]);
            if (n == 0)
            {
                throw new InvalidDataException(
                    $"Truncated .npy: {what} at offset {offset} needs {buffer.Length} bytes, only {read} present.");
            }

            read += n;
        }
    }

    internal static Span<byte> ElementBytes(Array data, DType type) => type switch
    {
        DType.Bool => MemoryMarshal.AsBytes(((bool[])data).AsSpan()),
        DType.Int8 => MemoryMarshal.AsBytes(((sbyte[])data).AsSpan()),
        DType.UInt8 => (byte[])data,
        DType.Int16 => MemoryMarshal.AsBytes(((short[])data).AsSpan()),
        DType.UInt16 => MemoryMarshal.AsBytes(((ushort[])data).AsSpan()),
        DType.Int32 => MemoryMarshal.AsBytes(((int[])data).AsSpan()),
        DType.UInt32 => MemoryMarshal.AsBytes(((uint[])data).AsSpan()),
        DType.Int64 => MemoryMarshal.AsBytes(((long[])data).AsSpan()),
        DType.UInt64 => MemoryMarshal.AsBytes(((ulong[])data).AsSpan()),
        DType.Float32 => MemoryMarshal.AsBytes(((float[])data).AsSpan()),
        DType.Float64 => MemoryMarshal.AsBytes(((double[])data).AsSpan()),
        DType.Complex64 => MemoryMarshal.AsBytes(((Complex64[])data).AsSpan()),
        DType.Complex128 => MemoryMarshal.AsBytes(((Complex[])data).AsSpan()),
        _ => throw new InvalidOperationException(),
    };

    internal static void SwapBytes(Span<byte> bytes, DType type)
    {
        var width = DTypes.IsComplex(type) ? DTypes.SizeOf(type) / 2 : DTypes.SizeOf(type);
        for (var i = 0; i + width <= bytes.Length; i += width)
        {
            bytes.Slice(i, width).Reverse();
        }
    }

    private static NdArray CreateUntyped(Array data, DType type, int[] shape) => type switch
    {
        DType.Bool => NdArray.Create((bool[])data, shape),
        DType.Int8 => NdArray.Create((sbyte[])data, shape),
        DType.UInt8 => NdArray.Create((byte[])data, shape),
        DType.Int16 => NdArray.Create((short[])data, shape),
        DType.UInt16 => NdArray.Create((ushort[])data, shape),
        DType.Int32 => NdArray.Create((int[])data, shape),
        DType.UInt32 => NdArray.Create((uint[])data, shape),
        DType.Int64 => NdArray.Create((long[])data, shape),
        DType.UInt64 => NdArray.Create((ulong[])data, shape),
        DType.Float32 => NdArray.Create((float[])data, shape),
        DType.Float64 => NdArray.Create((double[])data, shape),
        DType.Complex64 => NdArray.Create((Complex64[])data, shape),
        DType.Complex128 => NdArray.Create((Complex[])data, shape),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Reorders a Fortran-order buffer (first index fastest) into C order.</summary>
    private static NdArray FortranToC(NdArray source, int[] shape)
    {
        var rank = shape.Length;
        var size = DTypes.SizeOf(source.DType);
        var input = source.AsBytes();
        var target = Array.CreateInstance(DTypes.ClrType(source.DType), source.Length);
        var output = ElementBytes(target, source.DType);
        var fortranStrides = new long[rank];
        long stride = 1;
        for (var d = 0; d < rank; d++)
        {
            fortranStrides[d] = stride;
            stride *= shape[d];
        }

        var index = new int[rank];
        for (long c = 0; c < source.Length; c++)
        {
            long f = 0;
            for (var d = 0; d < rank; d++)
            {
                f += index[d] * fortranStrides[d];
            }

            input.Slice((int)(f * size), size).CopyTo(output.Slice((int)(c * size), size));
            for (var d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < shape[d])
                {
                    break;
                }

                index[d] = 0;
            }
        }

        return CreateUntyped(target, source.DType, shape);
    }

    /// <summary>Writes <paramref name="array"/> as <c>.npy</c>.</summary>
    public static void Write(Stream stream, NdArray array)
    {
        stream.Write(NpyHeader.Encode(array.DType, array.Shape));
        WriteElements(stream, array);
    }

    /// <summary>The <c>.npy</c> bytes of <paramref name="array"/> (small arrays; large ones go through <see cref="Write"/>).</summary>
    public static byte[] ToBytes(NdArray array)
    {
        using var memory = new MemoryStream();
        Write(memory, array);
        return memory.ToArray();
    }

    private static void WriteElements(Stream stream, NdArray array)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Writing .npy requires a little-endian host.");
        }

        var bytes = array.AsBytes();
        const int chunk = 1 << 24;
        for (var start = 0; start < bytes.Length; start += chunk)
        {
            stream.Write(bytes.Slice(start, Math.Min(chunk, bytes.Length - start)));
        }
    }
}
