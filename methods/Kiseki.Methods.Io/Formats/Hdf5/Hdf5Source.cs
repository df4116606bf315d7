using Microsoft.Win32.SafeHandles;

namespace Kiseki.Methods.Io.Formats.Hdf5;

/// <summary>
/// Random-access reads from an HDF5 file in which every (address, length) pair is checked against the file length and
/// a size cap before a buffer is allocated. Addresses are relative to the superblock's base address.
/// </summary>
internal sealed class Hdf5Source : IDisposable
{
    /// <summary>Largest metadata block (object header chunk, heap, B-tree node) read in one piece.</summary>
    public const int MaxMetadataBlock = 64 * 1024 * 1024;

    private readonly SafeFileHandle _handle;

    public Hdf5Source(string path)
    {
        Path = path;
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        Length = RandomAccess.GetLength(_handle);
    }

    /// <summary>The file being read (named in every error).</summary>
    public string Path { get; }

    /// <summary>File length in bytes: the bound for every address and size.</summary>
    public long Length { get; }

    /// <summary>Absolute position of address 0 (the superblock's base address).</summary>
    public long BaseAddress { get; set; }

    /// <summary>Bytes per address (2, 4 or 8).</summary>
    public int OffsetSize { get; set; } = 8;

    /// <summary>Bytes per length field (2, 4 or 8).</summary>
    public int LengthSize { get; set; } = 8;

    public void Dispose() => _handle.Dispose();

    public FileFormatException Error(long offset, string message) => FileFormatException.AtOffset(Path, offset, message);

    /// <summary>The absolute file position of <paramref name="address"/>, refused when it lies outside the file.</summary>
    public long Absolute(ulong address, string what, long from)
    {
        if (address == ulong.MaxValue)
        {
            throw Error(from, $"{what} address is undefined");
        }

        if (address > (ulong)Length || BaseAddress + (long)address >= Length)
        {
            throw Error(from, $"{what} points to address {address}, outside the file of {Length} bytes");
        }

        return BaseAddress + (long)address;
    }

    /// <summary>Checks that <paramref name="length"/> bytes at absolute <paramref name="position"/> lie inside the file.</summary>
    public void RequireRange(long position, ulong length, string what, long from)
    {
        if (position < 0 || position > Length || length > (ulong)(Length - position))
        {
            throw Error(from, $"{what} of {length} bytes at offset {position} runs past the end of the file ({Length} bytes)");
        }
    }

    /// <summary>Reads <paramref name="length"/> bytes at absolute <paramref name="position"/> after checking range and cap.</summary>
    public Hdf5Block Block(long position, ulong length, string what, long from, int cap = MaxMetadataBlock)
    {
        RequireRange(position, length, what, from);
        if (length > (ulong)cap)
        {
            throw Error(from, $"{what} of {length} bytes exceeds the limit of {cap} bytes");
        }

        var bytes = new byte[(int)length];
        ReadAt(position, bytes);
        return new Hdf5Block(this, bytes, position);
    }

    /// <summary>Reads up to <paramref name="maxLength"/> bytes at <paramref name="position"/>, fewer at the end of the file.</summary>
    public Hdf5Block BlockUpTo(long position, int maxLength, string what, long from)
    {
        RequireRange(position, 0, what, from);
        return Block(position, (ulong)Math.Min(maxLength, Length - position), what, from);
    }

    /// <summary>Fills <paramref name="buffer"/> from absolute <paramref name="position"/> (range already checked).</summary>
    public void ReadAt(long position, Span<byte> buffer)
    {
        RequireRange(position, (ulong)buffer.Length, "read", position);
        var done = 0;
        while (done < buffer.Length)
        {
            var n = RandomAccess.Read(_handle, buffer[done..], position + done);
            if (n <= 0)
            {
                throw Error(position + done, "the file ended early");
            }

            done += n;
        }
    }
}
