namespace Kiseki.Methods.Io.Formats.Hdf5;

/// <summary>A local heap (<c>HEAP</c>): the data segment holding a symbol-table group's link names.</summary>
internal sealed class LocalHeap
{
    private const int MaxName = 65535;
    private readonly Hdf5Block _data;

    private LocalHeap(Hdf5Block data) => _data = data;

    public static LocalHeap Read(Hdf5Source source, ulong address, long from)
    {
        var at = source.Absolute(address, "local heap", from);
        var head = source.BlockUpTo(at, 32, "local heap header", from);
        head.Signature("HEAP");
        var version = head.U8("local heap version");
        if (version != 0)
        {
            throw source.Error(at + 4, $"local heap version {version} is not supported; expected 0");
        }

        head.Skip(3, "reserved");
        var size = head.FileLength("local heap data size");
        head.Skip(source.LengthSize, "free list offset");
        var dataAddress = head.Address("local heap data address");
        var dataAt = source.Absolute(dataAddress, "local heap data", head.Here);
        return new LocalHeap(source.Block(dataAt, size, "local heap data segment", at));
    }

    /// <summary>The NUL-terminated name at <paramref name="offset"/> in the data segment.</summary>
    public string Name(ulong offset)
    {
        if (offset >= (ulong)_data.Length)
        {
            throw _data.Error($"link name offset {offset} lies outside the local heap of {_data.Length} bytes");
        }

        _data.Rewind();
        _data.Skip((long)offset, "local heap name");
        var span = _data.Span(Math.Min(_data.Remaining, MaxName), "local heap name");
        var end = span.IndexOf((byte)0);
        if (end < 0)
        {
            throw _data.Error($"link name at heap offset {offset} is not terminated");
        }

        return GlobalHeap.Text(span[..end]);
    }
}
