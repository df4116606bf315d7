using System.Text;
using System.Text.Json.Nodes;
using Kiseki.Engine.Definitions.Yaml;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary><c>${params.x}</c> substitution in step values: whole-scalar references keep the parameter's type, embedded ones become text.</summary>
internal sealed class ParameterSubstitution(BindingScope scope)
{
    /// <summary>A node's value with <c>${params.x}</c> substituted (whole-scalar references keep the parameter's type).</summary>
    public JsonNode? Substitute(YamlNode node) => TrySubstitute(node, out var value) ? value : null;

    /// <summary>Substitutes <c>${params.x}</c> in a node; false (after diagnostics) when a reference does not resolve.</summary>
    public bool TrySubstitute(YamlNode node, out JsonNode? value)
    {
        var ok = true;
        value = Walk(node);
        return ok;

        JsonNode? Walk(YamlNode current)
        {
            switch (current)
            {
                case YamlSequence sequence:
                    return new JsonArray([.. sequence.Items.Select(Walk)]);
                case YamlMapping mapping:
                    return new JsonObject(mapping.Entries.Select(e => KeyValuePair.Create(e.Key.Value, Walk(e.Value))));
                case YamlScalar scalar when WorkflowReference.ContainsExpression(scalar.Value):
                    var result = Interpolate(scalar);
                    ok &= result.Ok;
                    return result.Value;
                case YamlScalar scalar:
                    return ScalarValues.ToJson(scalar);
                default:
                    return null;
            }
        }
    }

    private (bool Ok, JsonNode? Value) Interpolate(YamlScalar scalar)
    {
        if (WorkflowReference.ParseWhole(scalar.Value) is { } whole)
        {
            return LookUpParameter(whole, scalar.Location) is var (found, value) && found ? (true, value?.DeepClone()) : (false, null);
        }

        var text = new StringBuilder();
        var last = 0;
        var ok = true;
        foreach (var match in WorkflowReference.Occurrences(scalar.Value))
        {
            text.Append(scalar.Value, last, match.Index - last);
            last = match.Index + match.Length;
            var reference = WorkflowReference.FromBody(match.Groups[1].Value, match.Value);
            if (reference is null)
            {
                Malformed(match.Value);
                ok = false;
                continue;
            }

            var (found, value) = LookUpParameter(reference, scalar.Location);
            ok &= found;
            text.Append(ScalarValues.Format(value));
        }

        text.Append(scalar.Value, last, scalar.Value.Length - last);
        return (ok, JsonValue.Create(text.ToString()));

        void Malformed(string expression) => scope.Bag.Error(DiagnosticCodes.MalformedReference, scalar.Location,
            $"'{ScalarValues.Shorten(expression)}' is not a valid reference", "values can refer to workflow parameters as ${params.name}");
    }

    private (bool Found, JsonNode? Value) LookUpParameter(WorkflowReference? reference, SourceLocation location)
    {
        if (reference is null || reference.Kind != ReferenceKind.Parameter)
        {
            scope.Bag.Error(DiagnosticCodes.MalformedReference, location,
                $"'{ScalarValues.Shorten(reference?.Text ?? "${...}")}' cannot be used here", "values can refer to workflow parameters as ${params.name}; step inputs take ${inputs.x} and ${step.outputs.port}");
            return (false, null);
        }

        if (scope.Parameters.TryGetValue(reference.Name, out var parameter))
        {
            return (true, parameter.Value);
        }

        scope.Bag.Error(DiagnosticCodes.UnknownParameterReference, location, $"{reference.Text}: the workflow has no parameter '{reference.Name}'",
            DidYouMean.Hint(reference.Name, scope.Parameters.Keys, "workflow parameters"));
        return (false, null);
    }
}
