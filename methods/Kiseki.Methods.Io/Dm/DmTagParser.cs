using System.Buffers.Binary;
using System.Text;
using Kiseki.Methods.Io.Formats;

namespace Kiseki.Methods.Io.Dm;

/// <summary>
/// Parses the tag tree of a DM3 or DM4 file. Structure (header, group counts, name lengths, DM4 entry lengths, type
/// descriptors) is big-endian; values follow the header's byte-order flag. Every count and length is checked against
/// the bytes that remain before anything is allocated or skipped; arrays are recorded by offset, not read.
/// </summary>
internal sealed class DmTagParser
{
    private const int MaxDepth = 64;
    private const int EagerArrayLimit = 64;
    private const int TextLimit = 4096;

    private readonly ByteCursor _cursor;
    private readonly bool _dm4;

    private DmTagParser(ByteCursor cursor, int version, bool littleEndian)
    {
        _cursor = cursor;
        _dm4 = version == 4;
        Version = version;
        LittleEndian = littleEndian;
    }

    public int Version { get; }

    public bool LittleEndian { get; }

    public int TagCount { get; private set; }

    public static (DmGroup Root, DmTagParser Parser) Parse(Stream stream, string path)
    {
        var cursor = new ByteCursor(stream, path);
        var version = (int)cursor.ReadUInt32(true, "the DM version");
        if (version is not (3 or 4))
        {
            throw cursor.Error(0, $"DM version {version}; expected 3 or 4");
        }

        if (version == 4)
        {
            cursor.ReadUInt64(true, "the root length");
        }
        else
        {
            cursor.ReadUInt32(true, "the root length");
        }

        var flagOffset = cursor.Position;
        var flag = cursor.ReadUInt32(true, "the byte-order flag");
        if (flag > 1)
        {
            throw cursor.Error(flagOffset, $"byte-order flag {flag}; expected 0 (big-endian) or 1 (little-endian)");
        }

        var parser = new DmTagParser(cursor, version, flag == 1);
        var root = parser.ParseGroup(0, "root");
        return (root, parser);
    }

    private ulong ReadCount(string what) => _dm4 ? _cursor.ReadUInt64(true, what) : _cursor.ReadUInt32(true, what);

    private DmGroup ParseGroup(int depth, string path)
    {
        if (depth > MaxDepth)
        {
            throw _cursor.Error($"tag group '{path}' is nested deeper than {MaxDepth} levels");
        }

        var group = new DmGroup { Offset = _cursor.Position };
        _cursor.Skip(2, $"the flags of tag group '{path}'");
        var countOffset = _cursor.Position;
        var count = ReadCount($"the entry count of tag group '{path}'");
        if (count > (ulong)(_cursor.Remaining / 3))
        {
            throw _cursor.Error(countOffset, $"tag group '{path}' declares {count} entries but only {_cursor.Remaining} bytes remain");
        }

        for (ulong i = 0; i < count; i++)
        {
            var entryOffset = _cursor.Position;
            var kind = _cursor.ReadByte($"the kind of entry {i} of '{path}'");
            var nameLength = _cursor.ReadUInt16(true, "a tag name length");
            var name = Encoding.Latin1.GetString(_cursor.ReadBytes(nameLength, "a tag name"));
            var label = name.Length == 0 ? $"[{i}]" : name;
            var childPath = path + "/" + label;
            long end = -1;
            if (_dm4)
            {
                var lengthOffset = _cursor.Position;
                var length = _cursor.ReadUInt64(true, $"the length of '{childPath}'");
                if (length > (ulong)_cursor.Remaining)
                {
                    throw _cursor.Error(lengthOffset, $"tag '{childPath}' declares {length} bytes but only {_cursor.Remaining} remain");
                }

                end = _cursor.Position + (long)length;
            }

            DmNode node = kind switch
            {
                20 => ParseGroup(depth + 1, childPath),
                21 => ParseData(childPath),
                _ => throw _cursor.Error(entryOffset, $"entry kind {kind} in '{path}'; expected 20 (group) or 21 (data)"),
            };
            TagCount++;
            if (end >= 0 && _cursor.Position != end)
            {
                if (_cursor.Position > end)
                {
                    throw _cursor.Error(entryOffset, $"tag '{childPath}' runs {_cursor.Position - end} bytes past its declared length");
                }

                _cursor.Seek(end, $"the end of '{childPath}'");
            }

            group.Entries.Add(KeyValuePair.Create(name, node));
        }

        return group;
    }

    private DmNode ParseData(string path)
    {
        var start = _cursor.Position;
        var delimiter = _cursor.ReadRaw(4, $"the %%%% delimiter of '{path}'");
        if (BinaryPrimitives.ReadUInt32BigEndian(delimiter) != 0x25252525)
        {
            throw _cursor.Error(start, $"tag '{path}' lacks the %%%% delimiter");
        }

        var infoCount = ReadCount($"the descriptor length of '{path}'");
        var width = _dm4 ? 8 : 4;
        if (infoCount == 0 || infoCount > 4096 || infoCount * (ulong)width > (ulong)_cursor.Remaining)
        {
            throw _cursor.Error(start + 4, $"tag '{path}' has a type descriptor of {infoCount} entries; expected 1..4096 within the file");
        }

        var info = new ulong[infoCount];
        for (var k = 0; k < info.Length; k++)
        {
            info[k] = ReadCount($"the type descriptor of '{path}'");
        }

        var offset = _cursor.Position;
        switch (info[0])
        {
            case 15:
                return new DmValue(ReadStruct(StructFields(info, 0, path, start), path)) { Offset = offset };
            case 18:
                {
                    var length = Checked(info.Length >= 2 ? info[1] : 0, 1, path);
                    var bytes = _cursor.ReadBytes((int)Math.Min(length, TextLimit), $"the string '{path}'");
                    _cursor.Skip(length - bytes.Length, $"the string '{path}'");
                    return new DmValue(Encoding.Latin1.GetString(bytes)) { Offset = offset };
                }

            case 20:
                return ParseArray(info, path, start);
            default:
                if (info.Length != 1)
                {
                    throw _cursor.Error(start, $"tag '{path}' has descriptor [{string.Join(", ", info)}]; expected one simple type");
                }

                return new DmValue(ReadSimple(Code(info[0], path, start), path)) { Offset = offset };
        }
    }

    private DmNode ParseArray(ulong[] info, string path, long start)
    {
        if (info.Length < 3)
        {
            throw _cursor.Error(start, $"array tag '{path}' has a descriptor of {info.Length} entries; expected at least 3");
        }

        var offset = _cursor.Position;
        var element = info[1];
        if (element == 15)
        {
            var fields = StructFields(info, 1, path, start);
            var size = fields.Sum(SizeOf);
            var count = Checked(info[^1], size, path);
            _cursor.Skip(count * size, $"the struct array '{path}'");
            return new DmArray { ElementCode = 15, FieldCodes = fields, Count = count, ElementSize = size, Offset = offset };
        }

        if (element == 18 && info.Length == 4)
        {
            var length = Checked(info[2], 1, path);
            var count = Checked(info[3], Math.Max(1, length), path);
            _cursor.Skip(count * length, $"the string array '{path}'");
            return new DmArray { ElementCode = 18, Count = count, ElementSize = (int)Math.Min(length, int.MaxValue), Offset = offset };
        }

        if (element == 20 && info.Length == 5)
        {
            var inner = SizeOf(Code(info[2], path, start));
            var length = Checked(info[3], inner, path);
            var count = Checked(info[4], Math.Max(1, length * inner), path);
            _cursor.Skip(count * length * inner, $"the nested array '{path}'");
            return new DmArray { ElementCode = 20, Count = count, ElementSize = (int)Math.Min(length * inner, int.MaxValue), Offset = offset };
        }

        if (info.Length != 3)
        {
            throw _cursor.Error(start, $"array tag '{path}' has descriptor [{string.Join(", ", info.Take(8))}…]; expected [20, type, count]");
        }

        var code = Code(element, path, start);
        var elementSize = SizeOf(code);
        var n = Checked(info[2], elementSize, path);
        string? text = null;
        double[]? values = null;
        if (code == 4 && n <= TextLimit)
        {
            var bytes = _cursor.ReadBytes((int)(n * 2), $"the text '{path}'");
            text = LittleEndian ? Encoding.Unicode.GetString(bytes) : Encoding.BigEndianUnicode.GetString(bytes);
        }
        else if (n <= EagerArrayLimit)
        {
            values = new double[n];
            for (var k = 0; k < values.Length; k++)
            {
                values[k] = new DmValue(ReadSimple(code, path)).AsDouble() ?? 0;
            }
        }
        else
        {
            _cursor.Skip(n * elementSize, $"the array '{path}'");
        }

        return new DmArray { ElementCode = code, Count = n, ElementSize = elementSize, Text = text, Values = values, Offset = offset };
    }

    /// <summary>Checks that <paramref name="count"/> elements of <paramref name="size"/> bytes fit in what remains.</summary>
    private long Checked(ulong count, long size, string path)
    {
        if (size <= 0 || count > (ulong)(_cursor.Remaining / size))
        {
            throw _cursor.Error($"tag '{path}' declares {count} elements of {size} bytes but only {_cursor.Remaining} bytes remain");
        }

        return (long)count;
    }

    private int[] StructFields(ulong[] info, int at, string path, long start)
    {
        var fieldCount = info.Length > at + 2 ? info[at + 2] : ulong.MaxValue;
        var expected = at == 0 ? 3 + (2 * (long)Math.Min(fieldCount, 1000)) : 5 + (2 * (long)Math.Min(fieldCount, 1000));
        if (fieldCount == 0 || fieldCount > 1000 || info.Length != expected)
        {
            throw _cursor.Error(start, $"struct tag '{path}' has a malformed descriptor of {info.Length} entries");
        }

        var fields = new int[fieldCount];
        for (var k = 0; k < fields.Length; k++)
        {
            fields[k] = Code(info[at + 4 + (2 * k)], path, start);
        }

        return fields;
    }

    private object[] ReadStruct(int[] fields, string path)
    {
        var values = new object[fields.Length];
        for (var k = 0; k < fields.Length; k++)
        {
            values[k] = ReadSimple(fields[k], path);
        }

        return values;
    }

    private int Code(ulong code, string path, long start)
        => code is >= 2 and <= 12 ? (int)code : throw _cursor.Error(start, $"tag '{path}' uses type code {code}; expected a simple type 2..12");

    public static int SizeOf(int code) => code switch
    {
        2 or 4 => 2,
        3 or 5 or 6 => 4,
        7 or 11 or 12 => 8,
        8 or 9 or 10 => 1,
        _ => throw new InvalidOperationException(),
    };

    private object ReadSimple(int code, string path)
    {
        var b = _cursor.ReadRaw(SizeOf(code), $"the value of '{path}'");
        var le = LittleEndian;
        return code switch
        {
            2 => (long)(le ? BinaryPrimitives.ReadInt16LittleEndian(b) : BinaryPrimitives.ReadInt16BigEndian(b)),
            3 => (long)(le ? BinaryPrimitives.ReadInt32LittleEndian(b) : BinaryPrimitives.ReadInt32BigEndian(b)),
            4 => (long)(le ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b)),
            5 => (long)(le ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b)),
            6 => (double)(le ? BinaryPrimitives.ReadSingleLittleEndian(b) : BinaryPrimitives.ReadSingleBigEndian(b)),
            7 => le ? BinaryPrimitives.ReadDoubleLittleEndian(b) : BinaryPrimitives.ReadDoubleBigEndian(b),
            8 => b[0] != 0,
            9 => (long)(sbyte)b[0],
            10 => (long)b[0],
            11 => le ? BinaryPrimitives.ReadInt64LittleEndian(b) : BinaryPrimitives.ReadInt64BigEndian(b),
            _ => le ? BinaryPrimitives.ReadUInt64LittleEndian(b) : BinaryPrimitives.ReadUInt64BigEndian(b),
        };
    }
}
