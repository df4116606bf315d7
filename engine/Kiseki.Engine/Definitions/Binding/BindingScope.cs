using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kiseki.Engine.Definitions.Yaml;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>
/// What the section binders of one workflow share: the catalog, the document, the options, the diagnostics and the
/// tables each section fills for the next (workflow parameters, external inputs, declared steps), plus the YAML shape
/// checks every section uses.
/// </summary>
internal sealed partial class BindingScope(MethodCatalog catalog, WorkflowDocument document, BindOptions options)
{
    public MethodCatalog Catalog { get; } = catalog;

    public WorkflowDocument Document { get; } = document;

    public BindOptions Options { get; } = options;

    public DiagnosticBag Bag { get; } = new();

    /// <summary>Workflow parameters (after <c>--set</c> overrides) with where each was given.</summary>
    public Dictionary<string, (JsonNode? Value, SourceLocation Location)> Parameters { get; } = new(StringComparer.Ordinal);

    /// <summary>External inputs by name.</summary>
    public Dictionary<string, ExternalInput> Inputs { get; } = new(StringComparer.Ordinal);

    /// <summary>Declared steps in declaration order.</summary>
    public List<StepDraft> Steps { get; } = [];

    public Dictionary<string, StepDraft> StepsById { get; } = new(StringComparer.Ordinal);

    /// <summary>The folder relative paths in the workflow are resolved against.</summary>
    public string Folder => Path.GetDirectoryName(Path.GetFullPath(Document.Path)) ?? Directory.GetCurrentDirectory();

    /// <summary>An optional text value; null when absent or empty (after a diagnostic for a wrong shape).</summary>
    public string? OptionalString(YamlMapping mapping, string key)
    {
        var node = mapping[key];
        if (node is null or YamlScalar { IsPlain: true, Value: "" or "~" or "null" })
        {
            return null;
        }

        if (node is YamlScalar scalar)
        {
            return scalar.Value;
        }

        Bag.Error(DiagnosticCodes.WrongShape, node.Location, $"'{key}' must be text, got a {node.ShapeName}");
        return null;
    }

    /// <summary>Reports keys not in <paramref name="allowed"/> with a did-you-mean hint.</summary>
    public void CheckKeys(YamlMapping mapping, IReadOnlyCollection<string> allowed, string what)
    {
        foreach (var (key, _) in mapping.Entries)
        {
            if (!allowed.Contains(key.Value))
            {
                Bag.Error(DiagnosticCodes.UnknownKey, key.Location, $"unknown key '{ScalarValues.Shorten(key.Value)}'",
                    DidYouMean.Hint(key.Value, allowed, what));
            }
        }
    }

    /// <summary>The node as a mapping; null (after a diagnostic for a wrong shape) otherwise. Empty values count as empty mappings.</summary>
    public YamlMapping? AsMapping(YamlNode? node, string key, string expected)
    {
        switch (node)
        {
            case null or YamlScalar { IsPlain: true, Value: "" or "~" or "null" }:
                return null;
            case YamlMapping mapping:
                return mapping;
            default:
                Bag.Error(DiagnosticCodes.WrongShape, node.Location, $"'{key}' must be {expected}, got a {node.ShapeName}");
                return null;
        }
    }

    /// <summary>"empty" or "a mapping"/"a sequence"/… for messages.</summary>
    public static string Shape(YamlNode? node) => node is null ? "empty" : $"a {node.ShapeName}";

    /// <summary>A scalar's text, or the node's shape name.</summary>
    public static string Text(YamlNode node) => node is YamlScalar s ? s.Value : node.ShapeName;

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    public static partial Regex IdentifierPattern();
}
