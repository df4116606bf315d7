using System.Text.Json.Nodes;
using Kiseki.Engine.Commands;
using Kiseki.Engine.Definitions.Yaml;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>Command steps: the <c>command:</c> keys (through <see cref="CommandStepBinder"/>), free-form params and output kinds.</summary>
internal sealed partial class WorkflowBinding
{
    private static readonly string[] MethodOnlyKeys = ["matrix"];
    private static readonly string[] CommandOnlyKeys = ["outputs", "sources", "environment", "timeout", "shell", "tolerance"];

    /// <summary>Binds the command keys of a step that has <c>command:</c>; false for a method step.</summary>
    private bool BindCommandHead(StepDraft step, YamlMapping mapping, YamlMappingEntry? methodEntry)
    {
        if (mapping.Find("command") is null)
        {
            foreach (var key in mapping.Entries.Select(e => e.Key).Where(k => CommandOnlyKeys.Contains(k.Value)))
            {
                _bag.Error(DiagnosticCodes.CommandAndMethod, key.Location, $"'{key.Value}' belongs to command steps, and step '{step.Id}' has no 'command:'",
                    "remove it, or make the step a command step");
            }

            return false;
        }

        if (methodEntry is not null)
        {
            _bag.Error(DiagnosticCodes.CommandAndMethod, methodEntry.Key.Location, $"step '{step.Id}' has both 'method:' and 'command:'",
                "a step either calls a built-in method or runs its own command; split it into two steps");
        }

        foreach (var key in mapping.Entries.Select(e => e.Key).Where(k => MethodOnlyKeys.Contains(k.Value)))
        {
            _bag.Error(DiagnosticCodes.CommandMatrix, key.Location, $"command step '{step.Id}' cannot have a '{key.Value}'",
                "sweep with a matrix on the steps it reads from (it fans out over them), or write one command step per value");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(document.Path)) ?? Directory.GetCurrentDirectory();
        step.Method = CommandMethod.Descriptor;
        step.Command = new CommandStepBinder(_bag, folder).Bind(step.Id, mapping);
        return true;
    }

    private void BindCommandBody(StepDraft step, YamlMapping mapping)
    {
        OptionalString(mapping, "description");
        BindStepInputs(step, AsMapping(mapping["inputs"], "inputs", "a mapping of input name to ${...} reference"));
        if (AsMapping(mapping["params"], "params", "a mapping of parameter name to value") is { } parameters)
        {
            foreach (var (key, value) in parameters.Entries)
            {
                if (!WorkflowReference.IsName(key.Value))
                {
                    _bag.Error(DiagnosticCodes.InvalidName, key.Location, $"invalid parameter name '{ScalarValues.Shorten(key.Value)}'",
                        "use letters, digits, '_' and '-', starting with a letter");
                    continue;
                }

                if (TrySubstitute(value, out var json))
                {
                    step.CommandParameters[key.Value] = json;
                }
            }
        }

        step.Resources = BindResources(CommandMethod.Descriptor, mapping["resources"]);
        BindEvaluate(step, CommandMethod.Descriptor, mapping);
    }

    /// <summary>The kind a command step's output yields (from its file extension; <c>.npy</c> is an array or a spectrum image).</summary>
    private string? CommandOutputKind(StepDraft producer, WorkflowReference reference, SourceLocation location)
    {
        if (producer.Command is not { } command)
        {
            return null;
        }

        if (command.OutputPath(reference.Port!) is not { } path)
        {
            _bag.Error(DiagnosticCodes.UnknownOutput, location, $"{reference.Text}: command step '{producer.Id}' declares no output '{reference.Port}'",
                DidYouMean.Hint(reference.Port!, [.. command.Outputs.Select(o => o.Key)], "outputs"));
            return null;
        }

        var kind = CommandOutputs.KindOf(path);
        return kind == "ndarray" ? "any" : kind;
    }
}
