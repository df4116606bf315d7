using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Definitions.Yaml;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>The state of one binding: the document's top level, workflow parameters and external inputs.</summary>
internal sealed partial class WorkflowBinding(MethodCatalog catalog, WorkflowDocument document, BindOptions options)
{
    private static readonly string[] TopLevelKeys = ["kiseki", "name", "description", "seed", "params", "inputs", "steps", "publish"];
    private static readonly string[] InputKeys = ["path", "sha256", "url"];

    private readonly DiagnosticBag _bag = new();
    private readonly Dictionary<string, (JsonNode? Value, SourceLocation Location)> _parameters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ExternalInput> _inputs = new(StringComparer.Ordinal);
    private readonly List<StepDraft> _steps = [];
    private readonly Dictionary<string, StepDraft> _stepsById = new(StringComparer.Ordinal);

    public WorkflowDefinition Bind()
    {
        var file = document.Path;
        if (document.Root is not YamlMapping root)
        {
            _bag.Error(DiagnosticCodes.RootNotMapping, document.Root?.Location ?? new SourceLocation(file, 1, 1),
                $"a workflow is a mapping with 'kiseki: 1', 'steps:' and more; this document is {Shape(document.Root)}",
                "start the file with 'kiseki: 1'");
            _bag.ThrowIfErrors();
            throw new InvalidOperationException("unreachable");
        }

        CheckKeys(root, TopLevelKeys, "top-level keys");
        CheckSchema(root);
        var name = BindName(root);
        var description = OptionalString(root, "description");
        var seed = BindSeed(root);
        BindParameters(root["params"]);
        ApplyOverrides();
        BindInputs(root["inputs"]);
        BindSteps(root);
        var instances = new StepExpander(_steps, _stepsById, _bag).Expand(orderOnly: _bag.HasErrors);
        var publish = BindPublish(root["publish"], instances);
        _bag.ThrowIfErrors();
        var steps = StepExpander.CreateBoundSteps(instances!, seed);
        var parameters = _parameters.ToDictionary(p => p.Key, p => p.Value.Value?.DeepClone(), StringComparer.Ordinal);
        return new WorkflowDefinition(
            name, description, document.Path, document.Text, seed, parameters, [.. _inputs.Values], steps, publish);
    }

    private void CheckSchema(YamlMapping root)
    {
        var entry = root.Find("kiseki");
        if (entry is null)
        {
            _bag.Error(DiagnosticCodes.MissingKey, root.Location, "missing 'kiseki:' schema version", "add 'kiseki: 1' as the first line");
        }
        else if (entry.Value is not YamlScalar { IsPlain: true, Value: "1" })
        {
            _bag.Error(DiagnosticCodes.UnsupportedSchema, entry.Value.Location,
                $"unsupported workflow schema version '{Text(entry.Value)}'", "this Kiseki reads 'kiseki: 1'");
        }
    }

    private string BindName(YamlMapping root)
    {
        var fallback = Path.GetFileNameWithoutExtension(document.Path);
        var entry = root.Find("name");
        if (entry is null)
        {
            return fallback;
        }

        if (entry.Value is not YamlScalar scalar || !WorkflowNamePattern().IsMatch(scalar.Value))
        {
            _bag.Error(DiagnosticCodes.InvalidName, entry.Value.Location, $"invalid workflow name '{Text(entry.Value)}'",
                "use letters, digits, '.', '-' and '_', starting with a letter or digit (e.g. eels-decomposition)");
            return fallback;
        }

        return scalar.Value;
    }

    private string? OptionalString(YamlMapping mapping, string key)
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

        _bag.Error(DiagnosticCodes.WrongShape, node.Location, $"'{key}' must be text, got a {node.ShapeName}");
        return null;
    }

    private ulong BindSeed(YamlMapping root)
    {
        var node = root["seed"];
        if (node is null)
        {
            return 0;
        }

        if (node is YamlScalar { IsPlain: true } scalar && ulong.TryParse(scalar.Value.TrimStart('+'),
                System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seed))
        {
            return seed;
        }

        _bag.Error(DiagnosticCodes.InvalidSeed, node.Location, $"seed must be a whole number from 0 to {ulong.MaxValue}, got '{Text(node)}'",
            "write e.g. 'seed: 20161001'");
        return 0;
    }

    private void BindParameters(YamlNode? node)
    {
        if (AsMapping(node, "params", "a mapping of parameter name to value") is not { } mapping)
        {
            return;
        }

        foreach (var (key, valueNode) in mapping.Entries)
        {
            if (!IdentifierPattern().IsMatch(key.Value))
            {
                _bag.Error(DiagnosticCodes.InvalidName, key.Location, $"invalid parameter name '{key.Value}'",
                    "use lowercase letters, digits and '_', starting with a letter");
                continue;
            }

            var value = ScalarValues.ToJson(valueNode);
            if (CheckWorkflowValue(value) is { } problem)
            {
                _bag.Error(DiagnosticCodes.InvalidWorkflowParameter, valueNode.Location,
                    $"workflow parameter '{key.Value}' {problem}", "use a number, boolean, text or a list of them");
                continue;
            }

            _parameters[key.Value] = (value, valueNode.Location);
        }
    }

    private void ApplyOverrides()
    {
        var index = 0;
        foreach (var (name, text) in options.Overrides)
        {
            index++;
            var location = BindOptions.OverrideLocation(index);
            if (!_parameters.TryGetValue(name, out var existing))
            {
                _bag.Error(DiagnosticCodes.UnknownOverride, location, $"--set {name}: the workflow has no parameter '{name}'",
                    DidYouMean.Hint(name, _parameters.Keys, "workflow parameters"));
                continue;
            }

            JsonNode? value;
            try
            {
                var parsed = YamlWorkflowReader.Parse(text, "--set");
                value = parsed.Root is null ? null : ScalarValues.ToJson(parsed.Root);
            }
            catch (WorkflowException e)
            {
                _bag.Error(DiagnosticCodes.MalformedOverride, location, $"--set {name}: cannot read the value: {e.Diagnostics[0].Message}",
                    "quote the value for the shell, e.g. --set 'sizes=[2, 3]'");
                continue;
            }

            if (CheckWorkflowValue(value) is { } problem)
            {
                _bag.Error(DiagnosticCodes.MalformedOverride, location, $"--set {name}: the value {problem}",
                    "use a number, boolean, text or a list of them");
                continue;
            }

            _parameters[name] = (value, location);
        }
    }

    private static string? CheckWorkflowValue(JsonNode? value) => value switch
    {
        JsonObject => "must not be a mapping",
        JsonArray array => array.Select(CheckWorkflowValue).FirstOrDefault(p => p is not null),
        JsonValue v when v.TryGetValue<double>(out var d) && !double.IsFinite(d) => "must be a finite number",
        _ => null,
    };

    private void BindInputs(YamlNode? node)
    {
        if (AsMapping(node, "inputs", "a mapping of input name to {path, sha256, url}") is not { } mapping)
        {
            return;
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(document.Path)) ?? Directory.GetCurrentDirectory();
        foreach (var (key, value) in mapping.Entries)
        {
            if (!IdentifierPattern().IsMatch(key.Value))
            {
                _bag.Error(DiagnosticCodes.InvalidName, key.Location, $"invalid input name '{key.Value}'",
                    "use lowercase letters, digits and '_', starting with a letter");
                continue;
            }

            YamlScalar? pathNode = value as YamlScalar;
            ContentHash? sha = null;
            Uri? url = null;
            if (value is YamlMapping spec)
            {
                CheckKeys(spec, InputKeys, "input keys");
                pathNode = spec["path"] as YamlScalar;
                if (spec["path"] is { } p && p is not YamlScalar)
                {
                    _bag.Error(DiagnosticCodes.WrongShape, p.Location, $"'path' must be text, got a {p.ShapeName}");
                }

                sha = BindSha(spec["sha256"]);
                url = BindUrl(spec["url"]);
            }
            else if (value is not YamlScalar)
            {
                _bag.Error(DiagnosticCodes.WrongShape, value.Location,
                    $"input '{key.Value}' must be a mapping {{path, sha256, url}} or a path, got a {value.ShapeName}");
                continue;
            }

            if (pathNode is null || pathNode.Value.Trim().Length == 0)
            {
                _bag.Error(DiagnosticCodes.MissingInputPath, key.Location, $"input '{key.Value}' has no path",
                    "add 'path: data/file.ext' (relative to the workflow file)");
                continue;
            }

            string full;
            try
            {
                full = Path.GetFullPath(pathNode.Value, folder);
            }
            catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
            {
                _bag.Error(DiagnosticCodes.MissingInputPath, pathNode.Location, $"input '{key.Value}' has an invalid path: {e.Message}");
                continue;
            }

            _inputs[key.Value] = new ExternalInput(key.Value, full, sha, url, key.Location);
        }
    }

    private ContentHash? BindSha(YamlNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalar scalar && ContentHash.TryParse(scalar.Value.Trim(), out var hash))
        {
            return hash;
        }

        _bag.Error(DiagnosticCodes.InvalidSha256, node.Location, $"'{ScalarValues.Shorten(Text(node))}' is not a SHA-256 digest",
            "write 64 hexadecimal digits, optionally prefixed 'sha256:' (sha256sum FILE prints them)");
        return null;
    }

    private Uri? BindUrl(YamlNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalar scalar && Uri.TryCreate(scalar.Value.Trim(), UriKind.Absolute, out var uri)
            && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return uri;
        }

        _bag.Error(DiagnosticCodes.InvalidUrl, node.Location, $"'{ScalarValues.Shorten(Text(node))}' is not an absolute http(s) URL",
            "write e.g. https://zenodo.org/records/123/files/si.dm3");
        return null;
    }

    /// <summary>Reports keys not in <paramref name="allowed"/> with a did-you-mean hint.</summary>
    private void CheckKeys(YamlMapping mapping, IReadOnlyCollection<string> allowed, string what)
    {
        foreach (var (key, _) in mapping.Entries)
        {
            if (!allowed.Contains(key.Value))
            {
                _bag.Error(DiagnosticCodes.UnknownKey, key.Location, $"unknown key '{ScalarValues.Shorten(key.Value)}'",
                    DidYouMean.Hint(key.Value, allowed, what));
            }
        }
    }

    /// <summary>The node as a mapping; null (after a diagnostic for a wrong shape) otherwise. Empty values count as empty mappings.</summary>
    private YamlMapping? AsMapping(YamlNode? node, string key, string expected)
    {
        switch (node)
        {
            case null or YamlScalar { IsPlain: true, Value: "" or "~" or "null" }:
                return null;
            case YamlMapping mapping:
                return mapping;
            default:
                _bag.Error(DiagnosticCodes.WrongShape, node.Location, $"'{key}' must be {expected}, got a {node.ShapeName}");
                return null;
        }
    }

    private static string Shape(YamlNode? node) => node is null ? "empty" : $"a {node.ShapeName}";

    private static string Text(YamlNode node) => node is YamlScalar s ? s.Value : node.ShapeName;

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex IdentifierPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex WorkflowNamePattern();
}
