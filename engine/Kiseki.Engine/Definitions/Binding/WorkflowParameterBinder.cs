using System.Text.Json.Nodes;
using Kiseki.Engine.Definitions.Yaml;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>The workflow's <c>params:</c> section and the <c>--set</c> overrides applied to it.</summary>
internal sealed class WorkflowParameterBinder(BindingScope scope)
{
    /// <summary>Binds the <c>params:</c> section.</summary>
    public void Bind(YamlNode? node)
    {
        if (scope.AsMapping(node, "params", "a mapping of parameter name to value") is not { } mapping)
        {
            return;
        }

        foreach (var (key, valueNode) in mapping.Entries)
        {
            if (!BindingScope.IdentifierPattern().IsMatch(key.Value))
            {
                scope.Bag.Error(DiagnosticCodes.InvalidName, key.Location, $"invalid parameter name '{key.Value}'",
                    "use lowercase letters, digits and '_', starting with a letter");
                continue;
            }

            var value = ScalarValues.ToJson(valueNode);
            if (CheckWorkflowValue(value) is { } problem)
            {
                scope.Bag.Error(DiagnosticCodes.InvalidWorkflowParameter, valueNode.Location,
                    $"workflow parameter '{key.Value}' {problem}", "use a number, boolean, text or a list of them");
                continue;
            }

            scope.Parameters[key.Value] = (value, valueNode.Location);
        }
    }

    /// <summary>Applies the <c>--set name=value</c> overrides to the bound parameters.</summary>
    public void ApplyOverrides()
    {
        var index = 0;
        foreach (var (name, text) in scope.Options.Overrides)
        {
            index++;
            var location = BindOptions.OverrideLocation(index);
            if (!scope.Parameters.TryGetValue(name, out var existing))
            {
                scope.Bag.Error(DiagnosticCodes.UnknownOverride, location, $"--set {name}: the workflow has no parameter '{name}'",
                    DidYouMean.Hint(name, scope.Parameters.Keys, "workflow parameters"));
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
                scope.Bag.Error(DiagnosticCodes.MalformedOverride, location, $"--set {name}: cannot read the value: {e.Diagnostics[0].Message}",
                    "quote the value for the shell, e.g. --set 'sizes=[2, 3]'");
                continue;
            }

            if (CheckWorkflowValue(value) is { } problem)
            {
                scope.Bag.Error(DiagnosticCodes.MalformedOverride, location, $"--set {name}: the value {problem}",
                    "use a number, boolean, text or a list of them");
                continue;
            }

            scope.Parameters[name] = (value, location);
        }
    }

    private static string? CheckWorkflowValue(JsonNode? value) => value switch
    {
        JsonObject => "must not be a mapping",
        JsonArray array => array.Select(CheckWorkflowValue).FirstOrDefault(p => p is not null),
        JsonValue v when v.TryGetValue<double>(out var d) && !double.IsFinite(d) => "must be a finite number",
        _ => null,
    };
}
