using Kiseki.Engine.Commands;
using Kiseki.Engine.Definitions.Yaml;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>Step inputs and the references they (and <c>publish:</c>) make to workflow inputs and step outputs.</summary>
internal sealed class StepInputBinder(BindingScope scope)
{
    /// <summary>Binds a step's <c>inputs:</c> (port → reference), checking ports, references and artifact kinds.</summary>
    public void BindStepInputs(StepDraft step, YamlMapping? inputs)
    {
        var method = step.Command is null ? step.Method : null;
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in inputs?.Entries ?? [])
        {
            given.Add(key.Value);
            var port = method?.FindInput(key.Value);
            if (method is not null && port is null)
            {
                scope.Bag.Error(DiagnosticCodes.UnknownInputPort, key.Location, $"{method.Reference} has no input '{key.Value}'",
                    DidYouMean.Hint(key.Value, [.. method.Inputs.Select(p => p.Name)], "inputs"));
            }

            if (value is not YamlScalar scalar || WorkflowReference.ParseWhole(scalar.Value) is not { } reference
                || reference.Kind == ReferenceKind.Parameter)
            {
                scope.Bag.Error(DiagnosticCodes.MalformedReference, value.Location,
                    $"input '{key.Value}' must be a reference, got '{ScalarValues.Shorten(BindingScope.Text(value))}'",
                    "write ${inputs.name} for a workflow input or ${step.outputs.port} for another step's output");
                continue;
            }

            if (CheckReference(reference, value.Location, step.Id) is not { } producedKind)
            {
                continue;
            }

            if (port is not null && !KindsMatch(producedKind, port.ArtifactKind))
            {
                scope.Bag.Error(DiagnosticCodes.KindMismatch, value.Location,
                    $"input '{key.Value}' of {method!.Reference} expects {port.ArtifactKind}, but {reference.Text} is {producedKind}",
                    producedKind == ArtifactKind.File ? "read the file with an io.* step first and pass its output" : "connect an output of the expected kind");
            }

            step.Inputs.Add((key.Value, reference, value.Location));
        }

        foreach (var port in method?.Inputs ?? [])
        {
            if (!port.IsOptional && !given.Contains(port.Name))
            {
                scope.Bag.Error(DiagnosticCodes.MissingInputPort, step.Location, $"step '{step.Id}' does not connect required input '{port.Name}' ({port.ArtifactKind})",
                    $"add 'inputs: {{ {port.Name}: \"${{step.outputs.port}}\" }}'");
            }
        }
    }

    /// <summary>Checks an input/output reference; returns the artifact kind it yields, or null after a diagnostic.</summary>
    public string? CheckReference(WorkflowReference reference, SourceLocation location, string? consumer)
    {
        if (reference.Kind == ReferenceKind.Input)
        {
            if (scope.Inputs.ContainsKey(reference.Name))
            {
                return ArtifactKind.File;
            }

            scope.Bag.Error(DiagnosticCodes.UnknownInputReference, location, $"{reference.Text}: the workflow has no input '{reference.Name}'",
                DidYouMean.Hint(reference.Name, scope.Inputs.Keys, "inputs"));
            return null;
        }

        if (!scope.StepsById.TryGetValue(reference.Name, out var producer))
        {
            scope.Bag.Error(DiagnosticCodes.UnknownStep, location, $"{reference.Text}: there is no step '{reference.Name}'",
                DidYouMean.Hint(reference.Name, [.. scope.StepsById.Keys.Where(k => k != consumer)], "steps"));
            return null;
        }

        if (producer.Command is not null || producer.Method is not { } method || Commands.CommandMethod.Is(method))
        {
            return CommandOutputKind(producer, reference, location);
        }

        var output = method.FindOutput(reference.Port!);
        if (output is null)
        {
            scope.Bag.Error(DiagnosticCodes.UnknownOutput, location, $"{reference.Text}: {method.Reference} has no output '{reference.Port}'",
                DidYouMean.Hint(reference.Port!, [.. method.Outputs.Select(o => o.Name)], "outputs"));
            return null;
        }

        return output.ArtifactKind;
    }

    private static bool KindsMatch(string produced, string expected)
        => produced == expected || produced == ArtifactKind.Any || expected == ArtifactKind.Any;

    /// <summary>The kind a command step's output yields (from its file extension; <c>.npy</c> is an array or a spectrum image).</summary>
    private string? CommandOutputKind(StepDraft producer, WorkflowReference reference, SourceLocation location)
    {
        if (producer.Command is not { } command)
        {
            return null;
        }

        if (command.OutputPath(reference.Port!) is not { } path)
        {
            scope.Bag.Error(DiagnosticCodes.UnknownOutput, location, $"{reference.Text}: command step '{producer.Id}' declares no output '{reference.Port}'",
                DidYouMean.Hint(reference.Port!, [.. command.Outputs.Select(o => o.Key)], "outputs"));
            return null;
        }

        var kind = CommandOutputs.KindOf(path);
        return kind == ArtifactKind.NdArray ? ArtifactKind.Any : kind;
    }
}
