namespace Kiseki.Methods.Io.Formats.Hdf5;

/// <summary>
/// A group: its hard links come from a symbol table (v1 B-tree of <c>SNOD</c> nodes naming entries in a local heap) or
/// from link messages in the header. Links are listed in name order; their number is capped.
/// </summary>
internal sealed class Hdf5Group : Hdf5Object
{
    /// <summary>Most links one group may hold.</summary>
    public const int MaxLinks = 100_000;

    private List<(string Name, ulong Address)>? _links;

    private Hdf5Group(Hdf5ObjectContext context, Hdf5ObjectHeader header, string key)
        : base(context, header, key)
    {
    }

    /// <summary>The names of the group's hard links, in name order.</summary>
    public IReadOnlyList<string> Names => Links().Select(l => l.Name).ToList();

    /// <summary>A group when the header holds a symbol table, link info or link messages; null otherwise.</summary>
    public static Hdf5Group? From(Hdf5ObjectContext context, Hdf5ObjectHeader header, string key)
        => header.Messages.Any(m => m.Type is Hdf5ObjectHeader.MessageSymbolTable or Hdf5ObjectHeader.MessageLinkInfo or Hdf5ObjectHeader.MessageLink)
            ? new Hdf5Group(context, header, key) : null;

    public bool Contains(string name) => Links().Any(l => l.Name == name);

    /// <summary>The child named <paramref name="name"/> (group or dataset), or null when absent or of another kind.</summary>
    public Hdf5Object? Get(string name)
    {
        foreach (var (n, address) in Links())
        {
            if (n == name)
            {
                return Open(Context, address, Child(name), Header.Position);
            }
        }

        return null;
    }

    public Hdf5Group? Group(string name) => Get(name) as Hdf5Group;

    public Hdf5Dataset? Dataset(string name) => Get(name) as Hdf5Dataset;

    private string Child(string name) => Key == "/" ? "/" + name : Key + "/" + name;

    private List<(string Name, ulong Address)> Links()
    {
        if (_links is not null)
        {
            return _links;
        }

        var links = new List<(string, ulong)>();
        if (Header.First(Hdf5ObjectHeader.MessageSymbolTable) is { } table)
        {
            ReadSymbolTable(table.Body, links);
        }
        else
        {
            if (Header.First(Hdf5ObjectHeader.MessageLinkInfo) is { } info)
            {
                var body = info.Body;
                body.Rewind();
                body.Skip(1, "link info version");
                var flags = body.U8("link info flags");
                body.Skip((flags & 1) != 0 ? 8 : 0, "maximum creation index");
                if (body.Address("link fractal heap") != ulong.MaxValue)
                {
                    throw FileFormatException.AtKey(FilePath, Key, "links in dense storage (fractal heap) are not supported");
                }
            }

            foreach (var message in Header.Messages.Where(m => m.Type == Hdf5ObjectHeader.MessageLink))
            {
                if (ReadLink(message.Body) is { } link)
                {
                    links.Add(link);
                }
            }
        }

        if (links.Count > MaxLinks)
        {
            throw FileFormatException.AtKey(FilePath, Key, $"group holds more than {MaxLinks} links");
        }

        links.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        _links = links;
        return links;
    }

    private void ReadSymbolTable(Hdf5Block body, List<(string, ulong)> links)
    {
        var source = Context.Source;
        body.Rewind();
        var tree = body.Address("symbol table B-tree address");
        var heap = LocalHeap.Read(source, body.Address("symbol table local heap address"), body.FileOffset);
        var entrySize = (2 * source.OffsetSize) + 24;
        BTreeV1.Walk(source, tree, 0, source.LengthSize, MaxLinks, body.FileOffset, (_, child) =>
        {
            var at = source.Absolute(child, "symbol table node", body.FileOffset);
            var head = source.BlockUpTo(at, 8, "symbol table node", body.FileOffset);
            head.Signature("SNOD");
            var version = head.U8("symbol table node version");
            if (version != 1)
            {
                throw source.Error(at + 4, $"symbol table node version {version}; expected 1");
            }

            head.Skip(1, "reserved");
            var count = head.U16("number of symbols");
            if (links.Count + count > MaxLinks)
            {
                throw source.Error(at + 6, $"group holds more than {MaxLinks} links");
            }

            var entries = source.Block(at + 8, (ulong)(count * entrySize), "symbol table entries", at);
            for (var i = 0; i < count; i++)
            {
                var entry = entries.Slice(entrySize, "symbol table entry");
                var nameOffset = entry.Sized(source.OffsetSize, "link name offset");
                var address = entry.Address("object header address");
                links.Add((heap.Name(nameOffset), address));
            }
        });
    }

    private static (string, ulong)? ReadLink(Hdf5Block body)
    {
        body.Rewind();
        var version = body.U8("link version");
        if (version != 1)
        {
            throw body.Error($"link message version {version} is not supported; expected 1");
        }

        var flags = body.U8("link flags");
        var type = (flags & 0x08) != 0 ? body.U8("link type") : 0;
        body.Skip(((flags & 0x04) != 0 ? 8 : 0) + ((flags & 0x10) != 0 ? 1 : 0), "link creation order and encoding");
        var nameLength = body.Sized(1 << (flags & 3), "link name length");
        if (nameLength == 0 || nameLength > (ulong)body.Remaining)
        {
            throw body.Error($"link name length {nameLength} does not fit the message");
        }

        var name = GlobalHeap.Text(body.Span((int)nameLength, "link name"));
        return type == 0 ? (name, body.Address("link target address")) : null;
    }
}
