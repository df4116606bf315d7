using System.Reflection;

namespace Kiseki.Engine.Methods;

/// <summary>The YAML-facing type of a method parameter.</summary>
public enum ParameterKind
{
    Integer,
    Long,
    Number,
    Boolean,
    Text,
    Choice,
    IntegerList,
    NumberList,
    NumberMatrix,
    TextList,
}

/// <summary>One parameter of a method, reflected once from its parameter record.</summary>
public sealed class ParameterDescriptor
{
    internal ParameterDescriptor(
        string name, PropertyInfo property, ParameterKind kind, bool isRequired, bool isNullable,
        object? defaultValue, string description, double? minimum, double? maximum, IReadOnlyList<string> choices,
        bool omittedAtDefault = false)
    {
        Name = name;
        Property = property;
        Kind = kind;
        IsRequired = isRequired;
        IsNullable = isNullable;
        DefaultValue = defaultValue;
        Description = description;
        Minimum = minimum;
        Maximum = maximum;
        Choices = choices;
        OmittedAtDefault = omittedAtDefault;
    }

    /// <summary>YAML name (snake case).</summary>
    public string Name { get; }

    public PropertyInfo Property { get; }

    public ParameterKind Kind { get; }

    /// <summary>Must be given in YAML (a C# <c>required</c> member).</summary>
    public bool IsRequired { get; }

    /// <summary>May be absent with no value (<c>int?</c>, <c>double?</c>, <c>string?</c>).</summary>
    public bool IsNullable { get; }

    /// <summary>The value a fresh parameter record carries (null for required or nullable parameters).</summary>
    public object? DefaultValue { get; }

    public string Description { get; }

    public double? Minimum { get; }

    public double? Maximum { get; }

    /// <summary>Allowed YAML names for a <see cref="ParameterKind.Choice"/> parameter.</summary>
    public IReadOnlyList<string> Choices { get; }

    /// <summary>
    /// Left out of the canonical parameters while it holds <see cref="DefaultValue"/> (a parameter added later whose
    /// default keeps the outputs recorded before it existed; see <c>OmittedAtDefaultAttribute</c>).
    /// </summary>
    public bool OmittedAtDefault { get; }

    /// <summary>The enum type behind a choice parameter.</summary>
    public Type? EnumType => Kind == ParameterKind.Choice
        ? Nullable.GetUnderlyingType(Property.PropertyType) ?? Property.PropertyType
        : null;

    /// <summary>Human-readable type, e.g. <c>integer</c>, <c>number[]</c>, <c>none | malspy-0.4.0</c>.</summary>
    public string TypeName => Kind switch
    {
        ParameterKind.Integer or ParameterKind.Long => "integer",
        ParameterKind.Number => "number",
        ParameterKind.Boolean => "boolean",
        ParameterKind.Text => "string",
        ParameterKind.Choice => string.Join(" | ", Choices),
        ParameterKind.IntegerList => "integer[]",
        ParameterKind.NumberList => "number[]",
        ParameterKind.NumberMatrix => "number[][]",
        ParameterKind.TextList => "string[]",
        _ => Kind.ToString(),
    } + (IsNullable ? "?" : "");

    public object? GetValue(object parameters) => Property.GetValue(parameters);
}
