namespace Kiseki.Methods.Io.Formats.Hdf5;

/// <summary>How a dataset's raw data is stored.</summary>
internal enum Hdf5LayoutClass
{
    Compact = 0,
    Contiguous = 1,
    Chunked = 2,
}

/// <summary>
/// A data layout message (versions 3 and 4; chunked storage only with the version 3 B-tree index): compact bytes,
/// a contiguous address and size, or the chunk B-tree address and chunk dimensions.
/// </summary>
internal sealed record Hdf5Layout(Hdf5LayoutClass Class, ulong Address, ulong Size, Hdf5Block? CompactData, uint[] ChunkDimensions)
{
    public static Hdf5Layout Read(Hdf5Block body)
    {
        body.Rewind();
        var version = body.U8("layout version");
        if (version is not (3 or 4))
        {
            throw body.Error($"data layout version {version} is not supported; expected 3 or 4");
        }

        var cls = body.U8("layout class");
        switch (cls)
        {
            case 0:
                {
                    var size = body.U16("compact data size");
                    return new(Hdf5LayoutClass.Compact, 0, size, body.Slice(size, "compact data"), []);
                }

            case 1:
                return new(Hdf5LayoutClass.Contiguous, body.Address("contiguous data address"), body.RawLength("contiguous data size"), null, []);
            case 2 when version == 3:
                {
                    var dimensionality = body.U8("chunk dimensionality");
                    if (dimensionality is < 2 or > Hdf5Dataspace.MaxRank + 1)
                    {
                        throw body.Error($"chunk dimensionality {dimensionality} is outside 2..{Hdf5Dataspace.MaxRank + 1}");
                    }

                    var address = body.Address("chunk B-tree address");
                    var dims = new uint[dimensionality];
                    for (var i = 0; i < dims.Length; i++)
                    {
                        dims[i] = body.U32("chunk dimension");
                        if (dims[i] == 0)
                        {
                            throw body.Error("chunk dimension of size 0");
                        }
                    }

                    return new(Hdf5LayoutClass.Chunked, address, 0, null, dims);
                }

            case 2:
                throw body.Error("chunked layout version 4 (chunk indexes other than the version 1 B-tree) is not supported");
            default:
                throw body.Error($"layout class {cls} is not supported; expected compact, contiguous or chunked");
        }
    }
}

/// <summary>One filter of a dataset's pipeline: its id, flags and client data.</summary>
internal sealed record Hdf5Filter(int Id, int Flags, uint[] ClientData)
{
    public const int Deflate = 1;
    public const int Shuffle = 2;
    public const int Fletcher32 = 3;

    private const int MaxFilters = 32;

    /// <summary>Parses a filter pipeline message (versions 1 and 2); unknown filter ids are refused by name.</summary>
    public static IReadOnlyList<Hdf5Filter> ReadPipeline(Hdf5Block body, string path, string key)
    {
        body.Rewind();
        var version = body.U8("filter pipeline version");
        if (version is not (1 or 2))
        {
            throw body.Error($"filter pipeline version {version} is not supported; expected 1 or 2");
        }

        var count = body.U8("number of filters");
        if (count > MaxFilters)
        {
            throw body.Error($"filter pipeline of {count} filters exceeds {MaxFilters}");
        }

        if (version == 1)
        {
            body.Skip(6, "reserved");
        }

        var filters = new List<Hdf5Filter>(count);
        for (var f = 0; f < count; f++)
        {
            var id = body.U16("filter id");
            var nameLength = version == 1 || id >= 256 ? body.U16("filter name length") : 0;
            var flags = body.U16("filter flags");
            var values = body.U16("number of client data values");
            var name = GlobalHeap.Text(body.Span(nameLength, "filter name"));
            body.Skip(version == 1 ? ((nameLength + 7) & ~7) - nameLength : 0, "filter name padding");
            body.Require(4L * values, "filter client data");
            var data = new uint[values];
            for (var i = 0; i < values; i++)
            {
                data[i] = body.U32("filter client data");
            }

            if (version == 1 && values % 2 == 1)
            {
                body.Skip(4, "filter padding");
            }

            if (id is not (Deflate or Shuffle or Fletcher32))
            {
                var label = name.Length > 0 ? $"'{name}' (id {id})" : $"id {id}";
                throw FileFormatException.AtKey(path, key, $"filter {label} is not supported; expected deflate, shuffle or Fletcher-32");
            }

            filters.Add(new Hdf5Filter(id, flags, data));
        }

        return filters;
    }
}
