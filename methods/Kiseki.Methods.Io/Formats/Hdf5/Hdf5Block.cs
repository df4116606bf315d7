using System.Buffers.Binary;

namespace Kiseki.Methods.Io.Formats.Hdf5;

/// <summary>
/// A bounded little-endian parser over bytes read from the file: every read checks the bytes left in the block first
/// and refuses with a <see cref="FileFormatException"/> naming the absolute file offset.
/// </summary>
internal sealed class Hdf5Block
{
    private readonly byte[] _bytes;
    private readonly int _start;
    private readonly int _end;

    public Hdf5Block(Hdf5Source source, byte[] bytes, long fileOffset)
        : this(source, bytes, 0, bytes.Length, fileOffset)
    {
    }

    private Hdf5Block(Hdf5Source source, byte[] bytes, int start, int end, long fileOffset)
    {
        Source = source;
        _bytes = bytes;
        _start = start;
        _end = end;
        Position = start;
        FileOffset = fileOffset;
    }

    public Hdf5Source Source { get; }

    /// <summary>Absolute file offset of the first byte of this block.</summary>
    public long FileOffset { get; }

    /// <summary>Index into the underlying bytes (from <c>_start</c>).</summary>
    private int Position { get; set; }

    /// <summary>Bytes read so far from the start of this block.</summary>
    public int Consumed => Position - _start;

    public int Remaining => _end - Position;

    public int Length => _end - _start;

    /// <summary>Absolute file offset of the next byte.</summary>
    public long Here => FileOffset + Consumed;

    public FileFormatException Error(string message) => Source.Error(Here, message);

    public void Require(long count, string what)
    {
        if (count < 0 || count > Remaining)
        {
            throw Error($"{what} needs {count} bytes but only {Remaining} remain in this structure");
        }
    }

    /// <summary>Moves back to the first byte of this block.</summary>
    public void Rewind() => Position = _start;

    public void Skip(long count, string what)
    {
        Require(count, what);
        Position += (int)count;
    }

    /// <summary>Skips to the next multiple of 8 bytes from the start of the block (clamped to its end).</summary>
    public void Align8() => Position = Math.Min(_end, _start + ((Consumed + 7) & ~7));

    public byte U8(string what)
    {
        Require(1, what);
        return _bytes[Position++];
    }

    public ushort U16(string what)
    {
        Require(2, what);
        var v = BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan(Position));
        Position += 2;
        return v;
    }

    public uint U32(string what)
    {
        Require(4, what);
        var v = BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan(Position));
        Position += 4;
        return v;
    }

    public ulong U64(string what)
    {
        Require(8, what);
        var v = BinaryPrimitives.ReadUInt64LittleEndian(_bytes.AsSpan(Position));
        Position += 8;
        return v;
    }

    /// <summary>An unsigned little-endian integer of 1, 2, 4 or 8 bytes.</summary>
    public ulong Sized(int size, string what) => size switch
    {
        1 => U8(what),
        2 => U16(what),
        4 => U32(what),
        8 => U64(what),
        _ => throw Error($"{what} has an unsupported field size of {size} bytes"),
    };

    /// <summary>An address (all ones = undefined, returned as <see cref="ulong.MaxValue"/>).</summary>
    public ulong Address(string what)
    {
        var size = Source.OffsetSize;
        var v = Sized(size, what);
        return size < 8 && v == (1UL << (8 * size)) - 1 ? ulong.MaxValue : v;
    }

    /// <summary>A length field, refused when larger than the file.</summary>
    public ulong FileLength(string what)
    {
        var v = Sized(Source.LengthSize, what);
        if (v > (ulong)Source.Length)
        {
            throw Error($"{what} of {v} bytes is larger than the file ({Source.Length} bytes)");
        }

        return v;
    }

    /// <summary>A length field of any size (for dimensions; callers bound it).</summary>
    public ulong RawLength(string what) => Sized(Source.LengthSize, what);

    public ReadOnlySpan<byte> Span(int count, string what)
    {
        Require(count, what);
        var s = _bytes.AsSpan(Position, count);
        Position += count;
        return s;
    }

    /// <summary>A sub-block of <paramref name="count"/> bytes at the current position; this block moves past it.</summary>
    public Hdf5Block Slice(long count, string what)
    {
        Require(count, what);
        var slice = new Hdf5Block(Source, _bytes, Position, Position + (int)count, Here);
        Position += (int)count;
        return slice;
    }

    /// <summary>The four-byte signature check (HEAP, TREE, SNOD, GCOL, OHDR, OCHK).</summary>
    public void Signature(string expected)
    {
        var at = Here;
        var s = Span(4, expected + " signature");
        for (var i = 0; i < 4; i++)
        {
            if (s[i] != expected[i])
            {
                throw Source.Error(at, $"expected the signature '{expected}'");
            }
        }
    }
}
