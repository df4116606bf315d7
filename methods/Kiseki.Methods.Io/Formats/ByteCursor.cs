using System.Buffers.Binary;

namespace Kiseki.Methods.Io.Formats;

/// <summary>
/// Sequential reads from a seekable stream that never run past its end: every read and skip is checked against the
/// remaining length first and refused with a <see cref="FileFormatException"/> naming the offset.
/// </summary>
internal sealed class ByteCursor
{
    private readonly Stream _stream;
    private readonly byte[] _scratch = new byte[16];

    public ByteCursor(Stream stream, string path)
    {
        _stream = stream;
        Path = path;
        Length = stream.Length;
    }

    public string Path { get; }

    public long Length { get; }

    public long Position => _stream.Position;

    public long Remaining => Length - _stream.Position;

    public FileFormatException Error(string message) => FileFormatException.AtOffset(Path, Position, message);

    public FileFormatException Error(long offset, string message) => FileFormatException.AtOffset(Path, offset, message);

    /// <summary>Refuses when fewer than <paramref name="count"/> bytes remain.</summary>
    public void Require(long count, string what)
    {
        if (count < 0 || count > Remaining)
        {
            throw Error($"{what} needs {count} bytes but only {Remaining} remain (file is {Length} bytes)");
        }
    }

    public void ReadExactly(Span<byte> buffer, string what)
    {
        Require(buffer.Length, what);
        _stream.ReadExactly(buffer);
    }

    public byte[] ReadBytes(int count, string what)
    {
        Require(count, what);
        var bytes = new byte[count];
        _stream.ReadExactly(bytes);
        return bytes;
    }

    public void Skip(long count, string what)
    {
        Require(count, what);
        _stream.Seek(count, SeekOrigin.Current);
    }

    public void Seek(long offset, string what)
    {
        if (offset < 0 || offset > Length)
        {
            throw Error($"{what} points to offset {offset}, outside the file of {Length} bytes");
        }

        _stream.Position = offset;
    }

    public byte ReadByte(string what)
    {
        ReadExactly(_scratch.AsSpan(0, 1), what);
        return _scratch[0];
    }

    public ushort ReadUInt16(bool bigEndian, string what)
    {
        ReadExactly(_scratch.AsSpan(0, 2), what);
        return bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(_scratch) : BinaryPrimitives.ReadUInt16LittleEndian(_scratch);
    }

    public uint ReadUInt32(bool bigEndian, string what)
    {
        ReadExactly(_scratch.AsSpan(0, 4), what);
        return bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(_scratch) : BinaryPrimitives.ReadUInt32LittleEndian(_scratch);
    }

    public ulong ReadUInt64(bool bigEndian, string what)
    {
        ReadExactly(_scratch.AsSpan(0, 8), what);
        return bigEndian ? BinaryPrimitives.ReadUInt64BigEndian(_scratch) : BinaryPrimitives.ReadUInt64LittleEndian(_scratch);
    }

    /// <summary>Reads <paramref name="size"/> (1..8) bytes into the scratch buffer and returns it.</summary>
    public ReadOnlySpan<byte> ReadRaw(int size, string what)
    {
        ReadExactly(_scratch.AsSpan(0, size), what);
        return _scratch.AsSpan(0, size);
    }
}
