namespace Kiseki.Methods.Io.Dm;

/// <summary>A node of a DigitalMicrograph tag tree.</summary>
internal abstract class DmNode
{
    /// <summary>Byte offset of the node's data in the file (for messages).</summary>
    public long Offset { get; init; }
}

/// <summary>A tag group: named (or unnamed, for lists) entries in file order.</summary>
internal sealed class DmGroup : DmNode
{
    public List<KeyValuePair<string, DmNode>> Entries { get; } = [];

    public DmNode? this[string name] => Entries.FirstOrDefault(e => e.Key == name).Value;

    public DmGroup? Group(string name) => this[name] as DmGroup;

    /// <summary>Follows a '/'-separated path of names.</summary>
    public DmNode? Find(string path)
    {
        DmNode? node = this;
        foreach (var part in path.Split('/'))
        {
            node = (node as DmGroup)?[part];
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }
}

/// <summary>A scalar, struct or short string value, already decoded.</summary>
internal sealed class DmValue : DmNode
{
    public DmValue(object value) => Value = value;

    /// <summary>long, ulong, double, bool, string or object[] (struct fields).</summary>
    public object Value { get; }

    public double? AsDouble() => Value switch
    {
        long l => l,
        ulong u => u,
        double d => d,
        bool b => b ? 1 : 0,
        _ => null,
    };
}

/// <summary>An array tag: its element type and where its bytes are; small arrays and text are decoded eagerly.</summary>
internal sealed class DmArray : DmNode
{
    /// <summary>Encoded element type (2..12), or 15 for an array of structs.</summary>
    public required int ElementCode { get; init; }

    /// <summary>Struct field codes when <see cref="ElementCode"/> is 15.</summary>
    public int[] FieldCodes { get; init; } = [];

    public required long Count { get; init; }

    /// <summary>Bytes per element (the packed struct size for structs).</summary>
    public required int ElementSize { get; init; }

    /// <summary>Decoded text for arrays of code 4 (UTF-16) up to a bounded length.</summary>
    public string? Text { get; init; }

    /// <summary>Decoded values of short numeric arrays.</summary>
    public double[]? Values { get; init; }

    public long ByteLength => Count * ElementSize;
}
