using System.Reflection;

namespace Kiseki.Engine.Methods;

/// <summary>One input or output port of a method: a named artifact property of its inputs/outputs record.</summary>
public sealed class PortDescriptor
{
    internal PortDescriptor(string name, PropertyInfo property, Type artifactType, string artifactKind, bool isOptional, string description)
    {
        Name = name;
        Property = property;
        ArtifactType = artifactType;
        ArtifactKind = artifactKind;
        IsOptional = isOptional;
        Description = description;
    }

    /// <summary>YAML name (snake case).</summary>
    public string Name { get; }

    public PropertyInfo Property { get; }

    /// <summary>The artifact CLR type (<c>NdArray</c>, <c>SpectrumImage</c>, …).</summary>
    public Type ArtifactType { get; }

    /// <summary>The artifact kind name (<c>ndarray</c>, <c>spectrum-image</c>, …).</summary>
    public string ArtifactKind { get; }

    public bool IsOptional { get; }

    public string Description { get; }
}
