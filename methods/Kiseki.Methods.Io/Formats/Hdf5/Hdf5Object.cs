namespace Kiseki.Methods.Io.Formats.Hdf5;

/// <summary>
/// A group or dataset: its object header's messages and its attributes. Attributes are stored compactly in the header
/// (HyperSpy and h5py's default); dense attribute storage in a fractal heap is refused with a clear message.
/// </summary>
internal abstract class Hdf5Object
{
    protected Hdf5Object(Hdf5ObjectContext context, Hdf5ObjectHeader header, string key)
    {
        Context = context;
        Header = header;
        Key = key;
    }

    /// <summary>The object's path in the file (<c>/Experiments/x/data</c>), named in errors.</summary>
    public string Key { get; }

    internal Hdf5ObjectContext Context { get; }

    internal Hdf5ObjectHeader Header { get; }

    protected string FilePath => Context.Source.Path;

    /// <summary>The attribute named <paramref name="name"/>, or null when the object has none of that name.</summary>
    public Hdf5Attribute? Attribute(string name)
    {
        foreach (var message in Header.Messages)
        {
            if (message.Type == Hdf5ObjectHeader.MessageAttribute && Hdf5Attribute.ReadName(message.Body) == name)
            {
                return Hdf5Attribute.Read(message.Body, Context.GlobalHeap);
            }
        }

        if (Header.First(Hdf5ObjectHeader.MessageAttributeInfo) is { } info)
        {
            var body = info.Body;
            body.Rewind();
            body.Skip(1, "attribute info version");
            var flags = body.U8("attribute info flags");
            body.Skip((flags & 1) != 0 ? 2 : 0, "maximum creation index");
            if (body.Address("attribute fractal heap") != ulong.MaxValue)
            {
                throw FileFormatException.AtKey(FilePath, Key, "attributes in dense storage (fractal heap) are not supported");
            }
        }

        return null;
    }

    /// <summary>Reads the attribute as text (null when absent or not a string).</summary>
    public string? StringAttribute(string name) => Attribute(name)?.ReadString();

    /// <summary>Reads the attribute as a number (null when absent or not numeric).</summary>
    public double? NumberAttribute(string name) => Attribute(name)?.ReadNumber();

    /// <summary>Opens the object whose header lies at <paramref name="address"/> as a group or dataset (null otherwise).</summary>
    internal static Hdf5Object? Open(Hdf5ObjectContext context, ulong address, string key, long from)
    {
        var header = Hdf5ObjectHeader.Read(context.Source, address, key, from);
        if (header.First(Hdf5ObjectHeader.MessageLayout) is not null)
        {
            return new Hdf5Dataset(context, header, key);
        }

        return Hdf5Group.From(context, header, key);
    }
}
