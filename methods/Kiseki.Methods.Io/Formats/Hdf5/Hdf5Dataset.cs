using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kiseki.Methods.Io.Formats.Hdf5;

/// <summary>
/// A dataset: dataspace, datatype, layout and filters from its header, and a bounded read of its elements into an
/// array allocated only after its size has been checked against the caller's limit.
/// </summary>
internal sealed class Hdf5Dataset : Hdf5Object
{
    private Hdf5Dataspace? _space;
    private Hdf5Datatype? _type;
    private Hdf5Layout? _layout;

    internal Hdf5Dataset(Hdf5ObjectContext context, Hdf5ObjectHeader header, string key)
        : base(context, header, key)
    {
    }

    public Hdf5Dataspace Space => _space ??= Hdf5Dataspace.Read(Required(Hdf5ObjectHeader.MessageDataspace, "dataspace"));

    public Hdf5Datatype Type => _type ??= Hdf5Datatype.Read(Required(Hdf5ObjectHeader.MessageDatatype, "datatype"));

    public Hdf5Layout Layout => _layout ??= Hdf5Layout.Read(Required(Hdf5ObjectHeader.MessageLayout, "data layout"));

    /// <summary>The filter pipeline (empty when the dataset has none).</summary>
    public IReadOnlyList<Hdf5Filter> Filters =>
        Header.First(Hdf5ObjectHeader.MessageFilters) is { } m ? Hdf5Filter.ReadPipeline(m.Body, FilePath, Key) : [];

    /// <summary>
    /// Reads all elements into a new <typeparamref name="T"/>[] (element size must match the datatype). The array, and
    /// any chunk buffers, must fit in <paramref name="byteLimit"/> bytes; contiguous data must lie inside the file.
    /// Big-endian data is swapped to the machine's order. Chunks never written read as zeros.
    /// </summary>
    public T[] Read<T>(long byteLimit)
        where T : unmanaged
    {
        var size = Unsafe.SizeOf<T>();
        if (Type.Size != size)
        {
            throw FileFormatException.AtKey(FilePath, Key, $"element size {Type.Size} does not match the requested {size} bytes");
        }

        var count = Space.ElementCount;
        if (count > (ulong)Array.MaxLength || count * (ulong)size > (ulong)byteLimit)
        {
            throw FileFormatException.AtKey(FilePath, Key, $"{count} elements of {size} bytes exceed the limit of {byteLimit} bytes");
        }

        var layout = Layout;
        var bytes = (long)count * size;
        T[] data;
        switch (layout.Class)
        {
            case Hdf5LayoutClass.Compact:
                if (layout.Size != (ulong)bytes)
                {
                    throw FileFormatException.AtKey(FilePath, Key, $"compact data holds {layout.Size} bytes; the dataspace needs {bytes}");
                }

                data = new T[count];
                layout.CompactData!.Rewind();
                layout.CompactData.Span((int)bytes, "compact data").CopyTo(MemoryMarshal.AsBytes(data.AsSpan()));
                break;
            case Hdf5LayoutClass.Contiguous:
                data = ReadContiguous<T>(layout, bytes, (long)count);
                break;
            default:
                data = new Hdf5ChunkedReader(this, byteLimit - bytes).Read<T>((long)count);
                break;
        }

        if (Type.BigEndian && size > 1)
        {
            for (long i = 0; i < data.LongLength; i++)
            {
                MemoryMarshal.AsBytes(data.AsSpan((int)i, 1)).Reverse();
            }
        }

        return data;
    }

    /// <summary>
    /// File offset of a contiguous dataset's first element, after checking that all its bytes lie inside the file
    /// (for reading it by rows without reading it whole).
    /// </summary>
    public long ContiguousOffset()
    {
        var layout = Layout;
        var bytes = Space.ElementCount * (ulong)Type.Size;
        if (layout.Class != Hdf5LayoutClass.Contiguous || layout.Address == ulong.MaxValue || layout.Size < bytes)
        {
            throw FileFormatException.AtKey(FilePath, Key, $"no contiguous storage of {bytes} bytes (layout {layout.Class}, {layout.Size} bytes)");
        }

        var at = Context.Source.Absolute(layout.Address, "contiguous data", Header.Position);
        Context.Source.RequireRange(at, bytes, "contiguous data", Header.Position);
        return at;
    }

    private T[] ReadContiguous<T>(Hdf5Layout layout, long bytes, long count)
        where T : unmanaged
    {
        var source = Context.Source;
        if (layout.Address == ulong.MaxValue)
        {
            return new T[count];
        }

        if (layout.Size < (ulong)bytes)
        {
            throw FileFormatException.AtKey(FilePath, Key, $"contiguous storage holds {layout.Size} bytes; the dataspace needs {bytes}");
        }

        var at = source.Absolute(layout.Address, "contiguous data", Header.Position);
        source.RequireRange(at, (ulong)bytes, "contiguous data", Header.Position);
        var data = new T[count];
        const int piece = 1 << 24;
        var perPiece = Math.Max(1, piece / Unsafe.SizeOf<T>());
        for (long start = 0; start < count; start += perPiece)
        {
            var n = (int)Math.Min(perPiece, count - start);
            source.ReadAt(at + (start * Unsafe.SizeOf<T>()), MemoryMarshal.AsBytes(data.AsSpan((int)start, n)));
        }

        return data;
    }

    private Hdf5Block Required(int type, string what)
    {
        var message = Header.First(type) ?? throw FileFormatException.AtKey(FilePath, Key, $"dataset has no {what} message");
        if ((message.Flags & 0x02) != 0)
        {
            throw FileFormatException.AtKey(FilePath, Key, $"shared (committed) {what} messages are not supported");
        }

        message.Body.Rewind();
        return message.Body;
    }
}
