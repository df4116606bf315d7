using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text;

namespace Kiseki.Abstractions.Arrays;

/// <summary>
/// NumPy <c>.npy</c> format: reads versions 1.0, 2.0 and 3.0, little- and big-endian, C and Fortran order; writes
/// version 1.0 (2.0 when the header needs it), little-endian, C order. Hostile headers and lengths are refused with
/// an <see cref="InvalidDataException"/> that names the byte offset.
/// </summary>
public static class NpyFormat
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const int MaxHeaderLength = 1 << 20;

    /// <summary>Writes <paramref name="array"/> as <c>.npy</c>.</summary>
    public static void Write(Stream stream, NdArray array)
    {
        var shape = array.Rank == 1 ? $"({array.Shape[0]},)" : $"({string.Join(", ", array.Shape)})";
        var dict = $"{{'descr': '{Descriptor(array.DType)}', 'fortran_order': False, 'shape': {shape}, }}";
        var version = dict.Length + 1 + 10 > ushort.MaxValue ? 2 : 1;
        var prefix = version == 1 ? 10 : 12;
        var total = prefix + dict.Length + 1;
        var padded = (total + 63) / 64 * 64;
        var header = dict + new string(' ', padded - total) + "\n";
        var headerBytes = Encoding.Latin1.GetBytes(header);
        stream.Write(Magic);
        stream.WriteByte((byte)version);
        stream.WriteByte(0);
        if (version == 1)
        {
            Span<byte> length = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)headerBytes.Length);
            stream.Write(length);
        }
        else
        {
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)headerBytes.Length);
            stream.Write(length);
        }

        stream.Write(headerBytes);
        WriteElements(stream, array);
    }

    public static byte[] ToBytes(NdArray array)
    {
        using var memory = new MemoryStream();
        Write(memory, array);
        return memory.ToArray();
    }

    public static NdArray Read(byte[] bytes) => Read(new MemoryStream(bytes, writable: false));

    /// <summary>Reads one array; <paramref name="stream"/> is positioned after it on return.</summary>
    public static NdArray Read(Stream stream)
    {
        Span<byte> prefix = stackalloc byte[8];
        ReadExactly(stream, prefix, 0, "the .npy magic and version");
        if (!prefix[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not a .npy array: the first bytes are not \\x93NUMPY (offset 0).");
        }

        int major = prefix[6];
        int headerLength;
        int headerOffset;
        if (major == 1)
        {
            Span<byte> length = stackalloc byte[2];
            ReadExactly(stream, length, 8, "the header length");
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(length);
            headerOffset = 10;
        }
        else if (major is 2 or 3)
        {
            Span<byte> length = stackalloc byte[4];
            ReadExactly(stream, length, 8, "the header length");
            var value = BinaryPrimitives.ReadUInt32LittleEndian(length);
            if (value > MaxHeaderLength)
            {
                throw new InvalidDataException($".npy header length {value} at offset 8 exceeds {MaxHeaderLength} bytes.");
            }

            headerLength = (int)value;
            headerOffset = 12;
        }
        else
        {
            throw new InvalidDataException($"Unsupported .npy version {major}.{prefix[7]} at offset 6 (expected 1, 2 or 3).");
        }

        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, headerOffset, "the header");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        var (descr, fortran, shape) = ParseHeader(header, headerOffset);
        var (dtype, bigEndian) = ParseDescriptor(descr, headerOffset);
        long count, byteCount;
        try
        {
            count = NdArray.ElementCount(shape);
            byteCount = checked(count * DTypes.SizeOf(dtype));
        }
        catch (OverflowException)
        {
            throw new InvalidDataException(
                $".npy shape ({string.Join(", ", shape)}) of {DTypes.Name(dtype)} is too large: its size in bytes overflows 64 bits.");
        }

        if (stream.CanSeek && stream.Length - stream.Position < byteCount)
        {
            throw new InvalidDataException(
                $".npy data at offset {headerOffset + headerLength} needs {byteCount} bytes for shape " +
                $"({string.Join(", ", shape)}) of {DTypes.Name(dtype)} but only {stream.Length - stream.Position} remain.");
        }

        if (count > Array.MaxLength)
        {
            throw new InvalidDataException($".npy shape ({string.Join(", ", shape)}) has more elements than an array can hold.");
        }

        var data = Array.CreateInstance(DTypes.ClrType(dtype), count);
        var span = ElementBytes(data, dtype);
        ReadExactly(stream, span, headerOffset + headerLength, "the array data");
        if (bigEndian && DTypes.SizeOf(dtype) > 1)
        {
            SwapBytes(span, dtype);
        }

        var array = CreateUntyped(data, dtype, shape);
        return fortran && shape.Length > 1 ? FortranToC(array, shape) : array;
    }

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

    private static (string Descr, bool Fortran, int[] Shape) ParseHeader(string header, int offset)
    {
        string? descr = null;
        bool? fortran = null;
        int[]? shape = null;
        var text = header.Trim().TrimEnd('\0').Trim();
        if (!text.StartsWith('{') || !text.EndsWith('}'))
        {
            throw new InvalidDataException($".npy header at offset {offset} is not a Python dict literal.");
        }

        var body = text[1..^1];
        var position = 0;
        while (true)
        {
            SkipSpaceAndCommas(body, ref position);
            if (position >= body.Length)
            {
                break;
            }

            var key = ReadQuoted(body, ref position, offset);
            SkipSpace(body, ref position);
            if (position >= body.Length || body[position] != ':')
            {
                throw new InvalidDataException($".npy header at offset {offset}: expected ':' after '{key}'.");
            }

            position++;
            SkipSpace(body, ref position);
            switch (key)
            {
                case "descr":
                    descr = ReadQuoted(body, ref position, offset);
                    break;
                case "fortran_order":
                    fortran = ReadBool(body, ref position, offset);
                    break;
                case "shape":
                    shape = ReadShape(body, ref position, offset);
                    break;
                default:
                    throw new InvalidDataException($".npy header at offset {offset}: unexpected key '{key}'.");
            }
        }

        if (descr is null || fortran is null || shape is null)
        {
            throw new InvalidDataException($".npy header at offset {offset} lacks 'descr', 'fortran_order' or 'shape'.");
        }

        return (descr, fortran.Value, shape);
    }

    private static void SkipSpace(string s, ref int p)
    {
        while (p < s.Length && char.IsWhiteSpace(s[p]))
        {
            p++;
        }
    }

    private static void SkipSpaceAndCommas(string s, ref int p)
    {
        while (p < s.Length && (char.IsWhiteSpace(s[p]) || s[p] == ','))
        {
            p++;
        }
    }

    private static string ReadQuoted(string s, ref int p, int offset)
    {
        if (p >= s.Length || (s[p] != '\'' && s[p] != '"'))
        {
            throw new InvalidDataException($".npy header at offset {offset}: expected a quoted string at character {p}.");
        }

        var quote = s[p];
        var end = s.IndexOf(quote, p + 1);
        if (end < 0)
        {
            throw new InvalidDataException($".npy header at offset {offset}: unterminated string at character {p}.");
        }

        var value = s[(p + 1)..end];
        p = end + 1;
        return value;
    }

    private static bool ReadBool(string s, ref int p, int offset)
    {
        if (string.CompareOrdinal(s, p, "True", 0, 4) == 0)
        {
            p += 4;
            return true;
        }

        if (string.CompareOrdinal(s, p, "False", 0, 5) == 0)
        {
            p += 5;
            return false;
        }

        throw new InvalidDataException($".npy header at offset {offset}: fortran_order must be True or False.");
    }

    private static int[] ReadShape(string s, ref int p, int offset)
    {
        if (p >= s.Length || s[p] != '(')
        {
            throw new InvalidDataException($".npy header at offset {offset}: shape must be a tuple.");
        }

        var end = s.IndexOf(')', p);
        if (end < 0)
        {
            throw new InvalidDataException($".npy header at offset {offset}: unterminated shape tuple.");
        }

        var parts = s[(p + 1)..end].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        p = end + 1;
        if (parts.Length > 32)
        {
            throw new InvalidDataException($".npy header at offset {offset}: {parts.Length} dimensions (at most 32).");
        }

        var shape = new int[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            var part = parts[i].TrimEnd('L');
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
            {
                throw new InvalidDataException(
                    $".npy header at offset {offset}: dimension '{parts[i]}' is not a non-negative 32-bit integer.");
            }
        }

        return shape;
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, long offset, string what)
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

    private static Span<byte> ElementBytes(Array data, DType type) => type switch
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

    private static void SwapBytes(Span<byte> bytes, DType type)
    {
        var width = DTypes.IsComplex(type) ? DTypes.SizeOf(type) / 2 : DTypes.SizeOf(type);
        for (var i = 0; i + width <= bytes.Length; i += width)
        {
            bytes.Slice(i, width).Reverse();
        }
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
}
