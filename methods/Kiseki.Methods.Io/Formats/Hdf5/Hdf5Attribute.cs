namespace Kiseki.Methods.Io.Formats.Hdf5;

/// <summary>
/// An attribute message (versions 1-3): name, datatype, dataspace and the raw data, whose size (elements × element
/// size) is checked against the message before it is used.
/// </summary>
internal sealed class Hdf5Attribute
{
    private readonly Hdf5Block _data;
    private readonly GlobalHeap _heap;

    private Hdf5Attribute(string name, Hdf5Datatype? type, Hdf5Dataspace space, Hdf5Block data, GlobalHeap heap)
    {
        Name = name;
        Type = type;
        Space = space;
        _data = data;
        _heap = heap;
    }

    public string Name { get; }

    /// <summary>The element type, or null when the attribute's datatype is shared (not decoded).</summary>
    public Hdf5Datatype? Type { get; }

    public Hdf5Dataspace Space { get; }

    /// <summary>Reads only the name of an attribute message (to find one without decoding the others).</summary>
    public static string ReadName(Hdf5Block body)
    {
        body.Rewind();
        var version = body.U8("attribute version");
        body.Skip(1, "attribute flags");
        var nameSize = body.U16("attribute name size");
        body.Skip(4 + (version == 3 ? 1 : 0), "attribute datatype and dataspace sizes");
        return GlobalHeap.Text(body.Span(nameSize, "attribute name"));
    }

    public static Hdf5Attribute Read(Hdf5Block body, GlobalHeap heap)
    {
        body.Rewind();
        var version = body.U8("attribute version");
        if (version is < 1 or > 3)
        {
            throw body.Error($"attribute message version {version} is not supported; expected 1 to 3");
        }

        var flags = body.U8("attribute flags");
        var nameSize = body.U16("attribute name size");
        var typeSize = body.U16("attribute datatype size");
        var spaceSize = body.U16("attribute dataspace size");
        if (version == 3)
        {
            body.Skip(1, "attribute name encoding");
        }

        var pad = version == 1 ? 7 : 0;
        var name = GlobalHeap.Text(body.Slice(nameSize, "attribute name").Span(nameSize, "attribute name"));
        body.Skip((((nameSize + pad) & ~pad) - nameSize), "attribute name padding");
        var typeBlock = body.Slice(typeSize, "attribute datatype");
        body.Skip((((typeSize + pad) & ~pad) - typeSize), "attribute datatype padding");
        var spaceBlock = body.Slice(spaceSize, "attribute dataspace");
        body.Skip((((spaceSize + pad) & ~pad) - spaceSize), "attribute dataspace padding");
        var type = (flags & 1) != 0 ? null : Hdf5Datatype.Read(typeBlock);
        var space = (flags & 2) != 0
            ? throw body.Error("shared attribute dataspaces are not supported")
            : Hdf5Dataspace.Read(spaceBlock);
        var count = space.ElementCount;
        var size = type is null ? 0 : (ulong)type.Size;
        if (count != 0 && size != 0 && (count > (ulong)body.Remaining || count * size > (ulong)body.Remaining))
        {
            throw body.Error($"attribute '{name}' declares {count} elements of {size} bytes but only {body.Remaining} bytes follow");
        }

        var data = body.Slice(type is null ? body.Remaining : (long)(count * size), "attribute data");
        return new Hdf5Attribute(name, type, space, data, heap);
    }

    /// <summary>The first element as text (fixed-length or variable-length string), or null for other types.</summary>
    public string? ReadString()
    {
        if (Type is null || Space.ElementCount == 0)
        {
            return null;
        }

        _data.Rewind();
        var element = _data.Slice(Type.Size, "attribute element");
        if (Type.Class == Hdf5TypeClass.String)
        {
            return GlobalHeap.Text(element.Span(Type.Size, "string")).TrimEnd(' ');
        }

        return Type.Class == Hdf5TypeClass.VariableLength && Type.IsVariableString ? _heap.ReadString(element) : null;
    }

    /// <summary>The first element as a number (integer, float or enumeration), or null for other types.</summary>
    public double? ReadNumber()
    {
        if (Type is null || !Type.IsNumeric || Space.ElementCount == 0)
        {
            return null;
        }

        _data.Rewind();
        return Type.ToDouble(_data.Span(Type.Size, "attribute element"));
    }
}
