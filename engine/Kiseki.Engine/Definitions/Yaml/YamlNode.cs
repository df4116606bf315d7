namespace Kiseki.Engine.Definitions.Yaml;

/// <summary>A node of a read workflow document; every node keeps where it was written.</summary>
public abstract class YamlNode
{
    private protected YamlNode(SourceLocation location)
    {
        Location = location;
    }

    public SourceLocation Location { get; }

    /// <summary>A short name of the node's shape for messages: <c>scalar</c>, <c>mapping</c>, <c>sequence</c>.</summary>
    public abstract string ShapeName { get; }
}

/// <summary>A scalar as written. <see cref="IsPlain"/> is false for quoted and block scalars and for <c>!!str</c>.</summary>
public sealed class YamlScalar : YamlNode
{
    internal YamlScalar(string value, bool isPlain, SourceLocation location)
        : base(location)
    {
        Value = value;
        IsPlain = isPlain;
    }

    public string Value { get; }

    /// <summary>Plain scalars are typed by the YAML 1.2 core schema (null, bool, int, float); others are strings.</summary>
    public bool IsPlain { get; }

    public override string ShapeName => "scalar";

    public override string ToString() => Value;
}

/// <summary>One key/value pair of a mapping.</summary>
public sealed record YamlMappingEntry(YamlScalar Key, YamlNode Value);

/// <summary>A mapping in declaration order; keys are unique (the reader refuses duplicates).</summary>
public sealed class YamlMapping : YamlNode
{
    internal YamlMapping(IReadOnlyList<YamlMappingEntry> entries, SourceLocation location)
        : base(location)
    {
        Entries = entries;
    }

    public IReadOnlyList<YamlMappingEntry> Entries { get; }

    public override string ShapeName => "mapping";

    public YamlMappingEntry? Find(string key) => Entries.FirstOrDefault(e => e.Key.Value == key);

    public YamlNode? this[string key] => Find(key)?.Value;
}

/// <summary>A sequence in order.</summary>
public sealed class YamlSequence : YamlNode
{
    internal YamlSequence(IReadOnlyList<YamlNode> items, SourceLocation location)
        : base(location)
    {
        Items = items;
    }

    public IReadOnlyList<YamlNode> Items { get; }

    public override string ShapeName => "sequence";
}

/// <summary>A read workflow file: the raw node tree with locations, before any binding.</summary>
public sealed class WorkflowDocument
{
    internal WorkflowDocument(string path, string text, YamlNode? root)
    {
        Path = path;
        Text = text;
        Root = root;
    }

    /// <summary>The file name used in locations (absolute when read from disk).</summary>
    public string Path { get; }

    /// <summary>The exact text read.</summary>
    public string Text { get; }

    /// <summary>The root node; null for an empty document.</summary>
    public YamlNode? Root { get; }
}
