using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Methods.Io.Formats;

/// <summary>
/// MATLAB level-5 MAT-files: the 128-byte header, little- or big-endian data elements, the small-element format,
/// <c>miCOMPRESSED</c> elements (zlib) and numeric <c>miMATRIX</c> arrays (dimensions, name, real part; the
/// imaginary part is ignored). Arrays are column-major in the file and returned in C order with the same shape.
/// </summary>
internal static class MatReader
{
    private const int MiInt8 = 1, MiUInt8 = 2, MiInt16 = 3, MiUInt16 = 4, MiInt32 = 5, MiUInt32 = 6, MiSingle = 7;
    private const int MiDouble = 9, MiInt64 = 12, MiUInt64 = 13, MiMatrix = 14, MiCompressed = 15;

    public static SpectrumImage Read(string path, ReadOptions options)
    {
        var variables = ReadVariables(path);
        if (variables.Count == 0)
        {
            throw FileFormatException.Whole(path, "the MAT-file holds no numeric array; expected at least one miMATRIX of a numeric class");
        }

        var (name, array) = options.ArrayName is { } wanted
            ? variables.FirstOrDefault(v => v.Name == wanted) is { Array: not null } hit ? hit
                : throw FileFormatException.AtKey(path, wanted, $"no such numeric variable; the file holds {string.Join(", ", variables.Select(v => v.Name))}")
            : variables.OrderByDescending(v => v.Array.Length).First();
        var source = new JsonObject
        {
            ["format"] = "mat",
            ["variable"] = name,
            ["variables"] = new JsonObject(variables.Select(v => KeyValuePair.Create(v.Name, (JsonNode?)new JsonArray([.. v.Array.Shape.Select(d => (JsonNode?)d)])))),
        };
        return ArrayLayout.ToSpectrumImage(array, options.ChannelsFirst, null, SignalKind.Unknown, source, path);
    }

    public static List<(string Name, NdArray Array)> ReadVariables(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 128)
        {
            throw FileFormatException.AtOffset(path, bytes.Length, "a MAT-file needs a 128-byte header");
        }

        var bigEndian = bytes[126] == (byte)'M' && bytes[127] == (byte)'I';
        if (!bigEndian && !(bytes[126] == (byte)'I' && bytes[127] == (byte)'M'))
        {
            throw FileFormatException.AtOffset(path, 126, "the endian indicator is not 'IM' or 'MI'");
        }

        var result = new List<(string, NdArray)>();
        var position = 128;
        while (position + 8 <= bytes.Length && result.Count < 10_000)
        {
            var (type, size, dataStart, next) = Tag(bytes, position, bigEndian, path, position);
            if (type == MiCompressed)
            {
                var inner = Inflate(bytes.AsSpan(dataStart, size), path, dataStart);
                if (inner.Length >= 8)
                {
                    var (t2, s2, d2, _) = Tag(inner, 0, bigEndian, path, dataStart);
                    if (t2 == MiMatrix && ReadMatrix(inner.AsSpan(d2, s2), bigEndian, path, dataStart) is { } m)
                    {
                        result.Add(m);
                    }
                }
            }
            else if (type == MiMatrix && ReadMatrix(bytes.AsSpan(dataStart, size), bigEndian, path, dataStart) is { } m)
            {
                result.Add(m);
            }

            position = next;
        }

        return result;
    }

    /// <summary>Parses a tag at <paramref name="at"/>; returns type, byte count, data start and the next element's start.</summary>
    private static (int Type, int Size, int Data, int Next) Tag(ReadOnlySpan<byte> b, int at, bool be, string path, long fileOffset)
    {
        if (at + 8 > b.Length)
        {
            throw FileFormatException.AtOffset(path, fileOffset + at, "a data element tag needs 8 bytes");
        }

        var word = be ? BinaryPrimitives.ReadUInt32BigEndian(b[at..]) : BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);
        if ((word >> 16) != 0)
        {
            var smallSize = (int)(word >> 16);
            if (smallSize > 4)
            {
                throw FileFormatException.AtOffset(path, fileOffset + at, $"small data element of {smallSize} bytes; expected at most 4");
            }

            return ((int)(word & 0xFFFF), smallSize, at + 4, at + 8);
        }

        var size = be ? BinaryPrimitives.ReadUInt32BigEndian(b[(at + 4)..]) : BinaryPrimitives.ReadUInt32LittleEndian(b[(at + 4)..]);
        if (size > b.Length - at - 8)
        {
            throw FileFormatException.AtOffset(path, fileOffset + at + 4, $"data element of {size} bytes runs past the end ({b.Length - at - 8} bytes remain)");
        }

        var type = (int)word;
        var next = at + 8 + (int)size;
        if (type != MiCompressed)
        {
            next = (int)Math.Min(b.Length, (next + 7L) & ~7L);
        }

        return (type, (int)size, at + 8, next);
    }

    private static byte[] Inflate(ReadOnlySpan<byte> compressed, string path, long offset)
    {
        using var zlib = new ZLibStream(new MemoryStream(compressed.ToArray()), CompressionMode.Decompress);
        var head = new byte[8];
        try
        {
            zlib.ReadAtLeast(head, 8, throwOnEndOfStream: true);
            var word = BinaryPrimitives.ReadUInt32LittleEndian(head);
            var wordBe = BinaryPrimitives.ReadUInt32BigEndian(head);
            var sizeLe = BinaryPrimitives.ReadUInt32LittleEndian(head.AsSpan(4));
            var sizeBe = BinaryPrimitives.ReadUInt32BigEndian(head.AsSpan(4));
            var size = word == MiMatrix ? sizeLe : wordBe == MiMatrix ? sizeBe : Math.Min(sizeLe, sizeBe);
            if ((word >> 16) != 0 || size > (long)compressed.Length * 1100 || size > Array.MaxLength - 8)
            {
                throw FileFormatException.AtOffset(path, offset, $"compressed element declares {size} bytes, absurd for {compressed.Length} compressed bytes");
            }

            var result = new byte[8 + size];
            head.CopyTo(result, 0);
            zlib.ReadAtLeast(result.AsSpan(8), (int)size, throwOnEndOfStream: true);
            return result;
        }
        catch (Exception ex) when (ex is InvalidDataException or EndOfStreamException)
        {
            throw FileFormatException.AtOffset(path, offset, $"miCOMPRESSED element does not inflate ({ex.Message})", ex);
        }
    }

    private static (string, NdArray)? ReadMatrix(ReadOnlySpan<byte> b, bool be, string path, long offset)
    {
        var (flagsType, flagsSize, flagsData, p) = Tag(b, 0, be, path, offset);
        if (flagsType != MiUInt32 || flagsSize < 8)
        {
            throw FileFormatException.AtOffset(path, offset, "miMATRIX array flags are not 8 bytes of miUINT32");
        }

        var flags = be ? BinaryPrimitives.ReadUInt32BigEndian(b[flagsData..]) : BinaryPrimitives.ReadUInt32LittleEndian(b[flagsData..]);
        var mxClass = (int)(flags & 0xFF);
        var target = mxClass switch
        {
            6 => DType.Float64, 7 => DType.Float32, 8 => DType.Int8, 9 => DType.UInt8, 10 => DType.Int16,
            11 => DType.UInt16, 12 => DType.Int32, 13 => DType.UInt32, 14 => DType.Int64, 15 => DType.UInt64,
            _ => (DType?)null,
        };
        if (target is null)
        {
            return null;
        }

        var (dimType, dimSize, dimData, p2) = Tag(b, p, be, path, offset);
        if (dimType != MiInt32 || dimSize < 8 || dimSize % 4 != 0 || dimSize > 128)
        {
            throw FileFormatException.AtOffset(path, offset + p, "miMATRIX dimensions are not 2..32 miINT32 values");
        }

        var dims = new int[dimSize / 4];
        long count = 1;
        for (var i = 0; i < dims.Length; i++)
        {
            dims[i] = be ? BinaryPrimitives.ReadInt32BigEndian(b[(dimData + (4 * i))..]) : BinaryPrimitives.ReadInt32LittleEndian(b[(dimData + (4 * i))..]);
            if (dims[i] < 0)
            {
                throw FileFormatException.AtOffset(path, offset + dimData + (4 * i), $"negative dimension {dims[i]}");
            }

            count = count > (1L << 40) ? count : count * dims[i];
        }

        var (nameType, nameSize, nameData, p3) = Tag(b, p2, be, path, offset);
        var name = nameType is MiInt8 or MiUInt8 ? Encoding.Latin1.GetString(b.Slice(nameData, nameSize)) : "";
        var (realType, realSize, realData, _) = Tag(b, p3, be, path, offset);
        var stored = realType switch
        {
            MiInt8 => DType.Int8, MiUInt8 => DType.UInt8, MiInt16 => DType.Int16, MiUInt16 => DType.UInt16,
            MiInt32 => DType.Int32, MiUInt32 => DType.UInt32, MiSingle => DType.Float32, MiDouble => DType.Float64,
            MiInt64 => DType.Int64, MiUInt64 => DType.UInt64,
            _ => throw FileFormatException.AtKey(path, name, $"real part has unsupported element type {realType}"),
        };
        if (count * DTypes.SizeOf(stored) > realSize)
        {
            throw FileFormatException.AtKey(path, name, $"dimensions ({string.Join(", ", dims)}) need {count * DTypes.SizeOf(stored)} bytes but the real part has {realSize}");
        }

        var raw = ArrayCodec.Decode(b.Slice(realData, realSize), stored, count, be, path, offset + realData);
        var converted = Convert(raw, stored, target.Value, count);
        var fortran = ArrayLayout.Create(converted, target.Value, [count == 0 ? 0 : (int)count]);
        return (name, FortranToC(fortran, dims));
    }

    private static Array Convert(Array raw, DType stored, DType target, long count)
    {
        if (stored == target)
        {
            return raw;
        }

        var source = ArrayLayout.Create(raw, stored, [(int)count]);
        var values = Array.CreateInstance(DTypes.ClrType(target), count);
        for (long i = 0; i < count; i++)
        {
            values.SetValue(System.Convert.ChangeType(source.GetDouble(i), DTypes.ClrType(target), System.Globalization.CultureInfo.InvariantCulture), i);
        }

        return values;
    }

    private static NdArray FortranToC(NdArray flat, int[] dims)
    {
        Array target = flat.Data switch
        {
            bool[] a => Reorder(a, dims),
            sbyte[] a => Reorder(a, dims),
            byte[] a => Reorder(a, dims),
            short[] a => Reorder(a, dims),
            ushort[] a => Reorder(a, dims),
            int[] a => Reorder(a, dims),
            uint[] a => Reorder(a, dims),
            long[] a => Reorder(a, dims),
            ulong[] a => Reorder(a, dims),
            float[] a => Reorder(a, dims),
            double[] a => Reorder(a, dims),
            _ => throw new InvalidOperationException(),
        };
        return ArrayLayout.Create(target, flat.DType, dims);
    }

    /// <summary>Column-major (first index fastest) to C order (last index fastest), same shape.</summary>
    private static T[] Reorder<T>(T[] source, int[] dims)
    {
        var rank = dims.Length;
        var target = new T[source.Length];
        var index = new int[rank];
        var strides = new long[rank];
        long stride = 1;
        for (var d = 0; d < rank; d++)
        {
            strides[d] = stride;
            stride *= dims[d];
        }

        long f = 0;
        for (long c = 0; c < target.LongLength; c++)
        {
            target[c] = source[f];
            for (var d = rank - 1; d >= 0; d--)
            {
                f += strides[d];
                if (++index[d] < dims[d])
                {
                    break;
                }

                f -= strides[d] * dims[d];
                index[d] = 0;
            }
        }

        return target;
    }
}
