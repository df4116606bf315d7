using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Kiseki.Abstractions.Arrays;

/// <summary>
/// The header of a <c>.npy</c> array: element type and byte order, memory order, shape and where the elements start
/// (<see cref="DataOffset"/> bytes after the magic). Parsing refuses hostile headers with an
/// <see cref="InvalidDataException"/> naming the byte offset; it never allocates more than the declared header length
/// (at most 1 MiB).
/// </summary>
/// <param name="Type">Element type.</param>
/// <param name="BigEndian">Whether the elements are stored big-endian.</param>
/// <param name="FortranOrder">Whether the first index varies fastest.</param>
/// <param name="Shape">The array's shape.</param>
/// <param name="DataOffset">Bytes from the start of the array (its magic) to its first element.</param>
public sealed record NpyHeader(DType Type, bool BigEndian, bool FortranOrder, int[] Shape, long DataOffset)
{
    private const int MaxHeaderLength = 1 << 20;

    /// <summary>Number of elements (the product of the shape).</summary>
    public long ElementCount { get; } = Count(Shape, Type).Elements;

    /// <summary>Bytes of element data that follow the header.</summary>
    public long ByteCount { get; } = Count(Shape, Type).Bytes;

    /// <summary>Reads the header at the stream's position and leaves the stream at the first element.</summary>
    public static NpyHeader Read(Stream stream)
    {
        Span<byte> prefix = stackalloc byte[8];
        NpyFormat.ReadExactly(stream, prefix, 0, "the .npy magic and version");
        if (!prefix[..6].SequenceEqual(NpyFormat.Magic))
        {
            throw new InvalidDataException("Not a .npy array: the first bytes are not \\x93NUMPY (offset 0).");
        }

        int major = prefix[6];
        int headerLength;
        int headerOffset;
        if (major == 1)
        {
            Span<byte> length = stackalloc byte[2];
            NpyFormat.ReadExactly(stream, length, 8, "the header length");
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(length);
            headerOffset = 10;
        }
        else if (major is 2 or 3)
        {
            Span<byte> length = stackalloc byte[4];
            NpyFormat.ReadExactly(stream, length, 8, "the header length");
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
        NpyFormat.ReadExactly(stream, headerBytes, headerOffset, "the header");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        var (descr, fortran, shape) = ParseHeader(header, headerOffset);
        var (dtype, bigEndian) = NpyFormat.ParseDescriptor(descr, headerOffset);
        return new NpyHeader(dtype, bigEndian, fortran, shape, headerOffset + headerLength);
    }

    /// <summary>
    /// The magic, version and header of a little-endian C-order array of <paramref name="type"/> and
    /// <paramref name="shape"/> (version 1.0, 2.0 when the header needs it), padded to 64 bytes: the elements follow.
    /// </summary>
    public static byte[] Encode(DType type, IReadOnlyList<int> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var tuple = shape.Count == 1 ? $"({shape[0]},)" : $"({string.Join(", ", shape)})";
        var dict = $"{{'descr': '{NpyFormat.Descriptor(type)}', 'fortran_order': False, 'shape': {tuple}, }}";
        var version = dict.Length + 1 + 10 > ushort.MaxValue ? 2 : 1;
        var prefix = version == 1 ? 10 : 12;
        var total = prefix + dict.Length + 1;
        var padded = (total + 63) / 64 * 64;
        var header = Encoding.Latin1.GetBytes(dict + new string(' ', padded - total) + "\n");
        var bytes = new byte[prefix + header.Length];
        NpyFormat.Magic.CopyTo(bytes);
        bytes[6] = (byte)version;
        if (version == 1)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        }
        else
        {
            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(8), (uint)header.Length);
        }

        header.CopyTo(bytes, prefix);
        return bytes;
    }

    private static (long Elements, long Bytes) Count(int[] shape, DType type)
    {
        try
        {
            var count = NdArray.ElementCount(shape);
            return (count, checked(count * DTypes.SizeOf(type)));
        }
        catch (OverflowException)
        {
            throw new InvalidDataException(
                $".npy shape ({string.Join(", ", shape)}) of {DTypes.Name(type)} is too large: its size in bytes overflows 64 bits.");
        }
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
}
