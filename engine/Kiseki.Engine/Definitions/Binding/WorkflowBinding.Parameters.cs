using System.Text;
using System.Text.Json.Nodes;
using Kiseki.Engine.Definitions.Yaml;
using Kiseki.Engine.Hashing;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>Step parameters, matrices and <c>${params.x}</c> substitution.</summary>
internal sealed partial class WorkflowBinding
{
    private void BindStepParameters(StepDraft step, MethodDescriptor method, YamlNode? node, IReadOnlySet<string> matrix)
    {
        var given = new HashSet<string>(StringComparer.Ordinal);
        if (AsMapping(node, "params", "a mapping of parameter name to value") is { } mapping)
        {
            foreach (var (key, value) in mapping.Entries)
            {
                given.Add(key.Value);
                if (FindParameter(method, key) is not { } parameter)
                {
                    continue;
                }

                if (matrix.Contains(key.Value))
                {
                    _bag.Error(DiagnosticCodes.ParameterInMatrixAndParams, key.Location,
                        $"parameter '{key.Value}' of step '{step.Id}' is set both in 'params' and in 'matrix'", "keep one of the two");
                    continue;
                }

                if (!TrySubstitute(value, out var json))
                {
                    continue;
                }

                var conversion = ParameterConverter.Convert(parameter, json);
                if (!conversion.Succeeded)
                {
                    ReportConversion(conversion, step, parameter, value);
                    continue;
                }

                step.Parameters[parameter.Name] = conversion.Value;
            }
        }

        foreach (var parameter in method.Parameters)
        {
            if (parameter.IsRequired && !given.Contains(parameter.Name) && !matrix.Contains(parameter.Name))
            {
                _bag.Error(DiagnosticCodes.MissingParameter, step.Location,
                    $"step '{step.Id}' does not set required parameter '{parameter.Name}' ({parameter.TypeName})",
                    string.IsNullOrEmpty(parameter.Description) ? $"add 'params: {{ {parameter.Name}: ... }}'" : parameter.Description);
            }
        }
    }

    /// <summary>
    /// A parameter value that does not fit: reported where it was written, which for a value given with
    /// <c>--set name=value</c> is the command line, not the workflow line that refers to it.
    /// </summary>
    private void ReportConversion(ParameterConversion conversion, StepDraft step, ParameterDescriptor parameter, YamlNode value)
    {
        if (value is YamlScalar scalar && WorkflowReference.ParseWhole(scalar.Value) is { Kind: ReferenceKind.Parameter } reference
            && options.Overrides.TryGetValue(reference.Name, out var given)
            && _parameters.TryGetValue(reference.Name, out var bound) && bound.Location.File == "--set")
        {
            var expected = parameter.Choices.Count > 0 ? "one of " + string.Join(", ", parameter.Choices) : parameter.TypeName;
            _bag.Error(conversion.Code!, bound.Location,
                $"--set {reference.Name}={given} does not fit parameter '{parameter.Name}' of step '{step.Id}': {conversion.Message}",
                $"give {expected}{Range(parameter)}; workflow {scalar.Location} refers to it");
            return;
        }

        _bag.Error(conversion.Code!, value.Location, conversion.Message!, conversion.Hint);
    }

    private static string Range(ParameterDescriptor p)
        => p.Minimum is null && p.Maximum is null ? ""
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $" in {p.Minimum?.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}..{p.Maximum?.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");

    private HashSet<string> BindMatrix(StepDraft step, MethodDescriptor method, YamlNode? node)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (AsMapping(node, "matrix", "a mapping of parameter name to a list of values") is not { } mapping)
        {
            return names;
        }

        if (mapping.Entries.Count == 0)
        {
            _bag.Error(DiagnosticCodes.InvalidMatrix, mapping.Location, "the matrix is empty", "list at least one parameter with its values");
        }

        var instances = 1L;
        foreach (var (key, value) in mapping.Entries)
        {
            names.Add(key.Value);
            if (FindParameter(method, key) is not { } parameter || !TrySubstitute(value, out var json))
            {
                continue;
            }

            if (json is not JsonArray { Count: > 0 } list)
            {
                _bag.Error(DiagnosticCodes.InvalidMatrix, value.Location, $"matrix '{key.Value}' must be a non-empty list of values, got {ScalarValues.Describe(json)}",
                    $"write e.g. '{key.Value}: [2, 3, 4]'");
                continue;
            }

            var values = new List<(object?, JsonNode?)>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var failed = false;
            for (var i = 0; i < list.Count; i++)
            {
                var itemLocation = value is YamlSequence sequence && i < sequence.Items.Count ? sequence.Items[i].Location : value.Location;
                var conversion = ParameterConverter.Convert(parameter, list[i]);
                if (!conversion.Succeeded)
                {
                    _bag.Error(conversion.Code!, itemLocation, conversion.Message!, conversion.Hint);
                    failed = true;
                    continue;
                }

                var canonical = ParameterValues.ToJson(parameter, conversion.Value);
                if (!seen.Add(CanonicalJson.ToText(canonical)))
                {
                    _bag.Error(DiagnosticCodes.DuplicateMatrixValue, itemLocation,
                        $"matrix '{key.Value}' lists {ScalarValues.Format(canonical)} twice", "remove the repeated value");
                    failed = true;
                    continue;
                }

                values.Add((conversion.Value, canonical));
            }

            if (!failed)
            {
                step.Matrix.Add(new MatrixDimension(parameter.Name, values));
                instances *= values.Count;
                if (instances > DefinitionBinder.MaxInstancesPerStep)
                {
                    _bag.Error(DiagnosticCodes.TooManyInstances, mapping.Location,
                        $"the matrix of step '{step.Id}' makes more than {DefinitionBinder.MaxInstancesPerStep} instances",
                        "sweep fewer values or split the sweep into several steps");
                    step.Matrix.Clear();
                    return names;
                }
            }
        }

        return names;
    }

    private ParameterDescriptor? FindParameter(MethodDescriptor method, YamlScalar key)
    {
        var parameter = method.FindParameter(key.Value);
        if (parameter is null)
        {
            _bag.Error(DiagnosticCodes.UnknownParameter, key.Location, $"{method.Reference} has no parameter '{ScalarValues.Shorten(key.Value)}'",
                DidYouMean.Hint(key.Value, [.. method.Parameters.Select(p => p.Name)], "parameters"));
        }

        return parameter;
    }

    /// <summary>A node's value with <c>${params.x}</c> substituted (whole-scalar references keep the parameter's type).</summary>
    private JsonNode? Substitute(YamlNode node) => TrySubstitute(node, out var value) ? value : null;

    private bool TrySubstitute(YamlNode node, out JsonNode? value)
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

        void Malformed(string expression) => _bag.Error(DiagnosticCodes.MalformedReference, scalar.Location,
            $"'{ScalarValues.Shorten(expression)}' is not a valid reference", "values can refer to workflow parameters as ${params.name}");
    }

    private (bool Found, JsonNode? Value) LookUpParameter(WorkflowReference? reference, SourceLocation location)
    {
        if (reference is null || reference.Kind != ReferenceKind.Parameter)
        {
            _bag.Error(DiagnosticCodes.MalformedReference, location,
                $"'{ScalarValues.Shorten(reference?.Text ?? "${...}")}' cannot be used here", "values can refer to workflow parameters as ${params.name}; step inputs take ${inputs.x} and ${step.outputs.port}");
            return (false, null);
        }

        if (_parameters.TryGetValue(reference.Name, out var parameter))
        {
            return (true, parameter.Value);
        }

        _bag.Error(DiagnosticCodes.UnknownParameterReference, location, $"{reference.Text}: the workflow has no parameter '{reference.Name}'",
            DidYouMean.Hint(reference.Name, _parameters.Keys, "workflow parameters"));
        return (false, null);
    }
}
