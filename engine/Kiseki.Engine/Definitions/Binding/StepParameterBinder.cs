using System.Text.Json.Nodes;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Definitions.Yaml;
using Kiseki.Engine.Hashing;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>A method step's parameters and matrix, converted to the method's declared types.</summary>
internal sealed class StepParameterBinder(BindingScope scope, ParameterSubstitution substitution)
{
    /// <summary>
    /// Binds free-form <c>params:</c> (of a command step or a command evaluator) into <paramref name="target"/>: any
    /// values, <c>${params.x}</c> substituted, names checked.
    /// </summary>
    public void BindFreeForm(YamlNode? node, JsonObject target)
    {
        if (scope.AsMapping(node, "params", "a mapping of parameter name to value") is not { } parameters)
        {
            return;
        }

        foreach (var (key, value) in parameters.Entries)
        {
            if (!WorkflowReference.IsName(key.Value))
            {
                scope.Bag.Error(DiagnosticCodes.InvalidName, key.Location, $"invalid parameter name '{ScalarValues.Shorten(key.Value)}'",
                    "use letters, digits, '_' and '-', starting with a letter");
                continue;
            }

            if (substitution.TrySubstitute(value, out var json))
            {
                target[key.Value] = json;
            }
        }
    }

    /// <summary>Binds and converts a method step's <c>params:</c>; reports required parameters left unset.</summary>
    public void BindStepParameters(StepDraft step, MethodDescriptor method, YamlNode? node, IReadOnlySet<string> matrix)
    {
        var given = new HashSet<string>(StringComparer.Ordinal);
        if (scope.AsMapping(node, "params", "a mapping of parameter name to value") is { } mapping)
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
                    scope.Bag.Error(DiagnosticCodes.ParameterInMatrixAndParams, key.Location,
                        $"parameter '{key.Value}' of step '{step.Id}' is set both in 'params' and in 'matrix'", "keep one of the two");
                    continue;
                }

                if (!substitution.TrySubstitute(value, out var json))
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
                scope.Bag.Error(DiagnosticCodes.MissingParameter, step.Location,
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
            && scope.Options.Overrides.TryGetValue(reference.Name, out var given)
            && scope.Parameters.TryGetValue(reference.Name, out var bound) && bound.Location.File == "--set")
        {
            var expected = parameter.Choices.Count > 0 ? "one of " + string.Join(", ", parameter.Choices) : parameter.TypeName;
            scope.Bag.Error(conversion.Code!, bound.Location,
                $"--set {reference.Name}={given} does not fit parameter '{parameter.Name}' of step '{step.Id}': {conversion.Message}",
                $"give {expected}{Range(parameter)}; workflow {scalar.Location} refers to it");
            return;
        }

        scope.Bag.Error(conversion.Code!, value.Location, conversion.Message!, conversion.Hint);
    }

    private static string Range(ParameterDescriptor p)
        => p.Minimum is null && p.Maximum is null ? ""
            : string.Create(System.Globalization.CultureInfo.InvariantCulture, $" in {p.Minimum?.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}..{p.Maximum?.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}");

    /// <summary>Binds a step's <c>matrix:</c>; returns the names it sweeps.</summary>
    public HashSet<string> BindMatrix(StepDraft step, MethodDescriptor method, YamlNode? node)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (scope.AsMapping(node, "matrix", "a mapping of parameter name to a list of values") is not { } mapping)
        {
            return names;
        }

        if (mapping.Entries.Count == 0)
        {
            scope.Bag.Error(DiagnosticCodes.InvalidMatrix, mapping.Location, "the matrix is empty", "list at least one parameter with its values");
        }

        var instances = 1L;
        foreach (var (key, value) in mapping.Entries)
        {
            names.Add(key.Value);
            if (FindParameter(method, key) is not { } parameter || !substitution.TrySubstitute(value, out var json))
            {
                continue;
            }

            if (json is not JsonArray { Count: > 0 } list)
            {
                scope.Bag.Error(DiagnosticCodes.InvalidMatrix, value.Location, $"matrix '{key.Value}' must be a non-empty list of values, got {ScalarValues.Describe(json)}",
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
                    scope.Bag.Error(conversion.Code!, itemLocation, conversion.Message!, conversion.Hint);
                    failed = true;
                    continue;
                }

                var canonical = ParameterValues.ToJson(parameter, conversion.Value);
                if (!seen.Add(CanonicalJson.ToText(canonical)))
                {
                    scope.Bag.Error(DiagnosticCodes.DuplicateMatrixValue, itemLocation,
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
                    scope.Bag.Error(DiagnosticCodes.TooManyInstances, mapping.Location,
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
            scope.Bag.Error(DiagnosticCodes.UnknownParameter, key.Location, $"{method.Reference} has no parameter '{ScalarValues.Shorten(key.Value)}'",
                DidYouMean.Hint(key.Value, [.. method.Parameters.Select(p => p.Name)], "parameters"));
        }

        return parameter;
    }
}
