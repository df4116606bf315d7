using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Definitions.Yaml;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>Steps: ids, methods, input references and resources.</summary>
internal sealed partial class WorkflowBinding
{
    private static readonly string[] StepKeys =
    [
        "method", "description", "inputs", "params", "matrix", "resources",
        "command", "outputs", "sources", "environment", "timeout", "shell", "tolerance", "evaluate",
    ];
    private static readonly string[] ResourceKeys = ["cpus", "memory", "time"];

    private void BindSteps(YamlMapping root)
    {
        var node = root["steps"];
        if (node is null)
        {
            _bag.Error(DiagnosticCodes.MissingKey, root.Location, "missing 'steps:'", "add 'steps:' with at least one step");
            return;
        }

        if (AsMapping(node, "steps", "a mapping of step id to step") is not { } mapping)
        {
            if (node is YamlScalar)
            {
                _bag.Error(DiagnosticCodes.NoSteps, node.Location, "the workflow has no steps", "add at least one step under 'steps:'");
            }

            return;
        }

        if (mapping.Entries.Count == 0)
        {
            _bag.Error(DiagnosticCodes.NoSteps, mapping.Location, "the workflow has no steps", "add at least one step under 'steps:'");
        }

        // Register every id first so references can point forward.
        foreach (var (key, _) in mapping.Entries)
        {
            if (!StepIdPattern().IsMatch(key.Value))
            {
                _bag.Error(DiagnosticCodes.InvalidStepId, key.Location, $"invalid step id '{ScalarValues.Shorten(key.Value)}'",
                    "step ids are lowercase letters, digits and '_', starting with a letter (e.g. decompose_nmf)");
            }

            var draft = new StepDraft(key.Value, _steps.Count, key.Location);
            _steps.Add(draft);
            _stepsById[key.Value] = draft;
        }

        var bodies = new List<(StepDraft Step, YamlMapping Body)>();
        foreach (var (key, value) in mapping.Entries)
        {
            if (BindStepMethod(_stepsById[key.Value], value) is { } body)
            {
                bodies.Add((_stepsById[key.Value], body));
            }
        }

        foreach (var (step, body) in bodies)
        {
            BindStepBody(step, body);
        }
    }

    private YamlMapping? BindStepMethod(StepDraft step, YamlNode node)
    {
        if (node is not YamlMapping mapping)
        {
            _bag.Error(DiagnosticCodes.WrongShape, node.Location, $"step '{step.Id}' must be a mapping with 'method:', got a {node.ShapeName}",
                "write e.g. 'method: io.read-spectrum-image@1' indented under the step id");
            return null;
        }

        CheckKeys(mapping, StepKeys, "step keys");
        var methodEntry = mapping.Find("method");
        if (BindCommandHead(step, mapping, methodEntry))
        {
            return mapping;
        }

        if (methodEntry is null)
        {
            _bag.Error(DiagnosticCodes.MissingKey, step.Location, $"step '{step.Id}' has no 'method:'",
                "add 'method: id@version' (kiseki methods lists them)");
        }
        else
        {
            step.Method = BindMethod(methodEntry.Value);
        }

        return mapping;
    }

    private void BindStepBody(StepDraft step, YamlMapping mapping)
    {
        if (step.Command is not null || mapping.Find("command") is not null)
        {
            BindCommandBody(step, mapping);
            return;
        }

        OptionalString(mapping, "description");
        var inputs = AsMapping(mapping["inputs"], "inputs", "a mapping of input port to ${...} reference");
        BindStepInputs(step, inputs);
        if (step.Method is { } method)
        {
            var matrix = BindMatrix(step, method, mapping["matrix"]);
            BindStepParameters(step, method, mapping["params"], matrix);
            step.Resources = BindResources(method, mapping["resources"]);
            step.Evaluate = BindEvaluate(step, method, mapping);
        }
    }

    private MethodDescriptor? BindMethod(YamlNode node)
    {
        var text = node is YamlScalar scalar ? scalar.Value.Trim() : "";
        if (MethodRef.TryParse(text, out var reference))
        {
            if (catalog.TryGet(reference, out var descriptor))
            {
                return descriptor;
            }

            var versions = catalog.Versions(reference.Id);
            if (versions.Count > 0)
            {
                _bag.Error(DiagnosticCodes.UnknownMethodVersion, node.Location, $"method '{reference.Id}' has no version {reference.Version}",
                    $"available: {string.Join(", ", versions.Select(v => v.Reference.ToString()))}");
                return null;
            }

            _bag.Error(DiagnosticCodes.UnknownMethod, node.Location, $"unknown method '{reference.Id}'", MethodHint(reference.Id));
            return null;
        }

        var id = text.Split('@')[0];
        _bag.Error(DiagnosticCodes.MalformedMethod, node.Location, $"'{ScalarValues.Shorten(node is YamlScalar ? text : node.ShapeName)}' is not a method reference",
            catalog.Versions(id) is { Count: > 0 } known
                ? $"write id@version: {string.Join(", ", known.Select(v => v.Reference.ToString()))}"
                : "write id@version, e.g. spectral.nmf-so@1 (kiseki methods lists them)");
        return null;
    }

    private string MethodHint(string id)
    {
        var ids = catalog.Methods.Select(m => m.Id).Distinct().ToList();
        var near = DidYouMean.Suggest(id, ids);
        return near is not null
            ? $"did you mean '{catalog.Versions(near)[^1].Reference}'?"
            : "kiseki methods lists the available methods";
    }

    private void BindStepInputs(StepDraft step, YamlMapping? inputs)
    {
        var method = step.Command is null ? step.Method : null;
        var given = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in inputs?.Entries ?? [])
        {
            given.Add(key.Value);
            var port = method?.FindInput(key.Value);
            if (method is not null && port is null)
            {
                _bag.Error(DiagnosticCodes.UnknownInputPort, key.Location, $"{method.Reference} has no input '{key.Value}'",
                    DidYouMean.Hint(key.Value, [.. method.Inputs.Select(p => p.Name)], "inputs"));
            }

            if (value is not YamlScalar scalar || WorkflowReference.ParseWhole(scalar.Value) is not { } reference
                || reference.Kind == ReferenceKind.Parameter)
            {
                _bag.Error(DiagnosticCodes.MalformedReference, value.Location,
                    $"input '{key.Value}' must be a reference, got '{ScalarValues.Shorten(Text(value))}'",
                    "write ${inputs.name} for a workflow input or ${step.outputs.port} for another step's output");
                continue;
            }

            if (CheckReference(reference, value.Location, step.Id) is not { } producedKind)
            {
                continue;
            }

            if (port is not null && !KindsMatch(producedKind, port.ArtifactKind))
            {
                _bag.Error(DiagnosticCodes.KindMismatch, value.Location,
                    $"input '{key.Value}' of {method!.Reference} expects {port.ArtifactKind}, but {reference.Text} is {producedKind}",
                    producedKind == "file" ? "read the file with an io.* step first and pass its output" : "connect an output of the expected kind");
            }

            step.Inputs.Add((key.Value, reference, value.Location));
        }

        foreach (var port in method?.Inputs ?? [])
        {
            if (!port.IsOptional && !given.Contains(port.Name))
            {
                _bag.Error(DiagnosticCodes.MissingInputPort, step.Location, $"step '{step.Id}' does not connect required input '{port.Name}' ({port.ArtifactKind})",
                    $"add 'inputs: {{ {port.Name}: \"${{step.outputs.port}}\" }}'");
            }
        }
    }

    /// <summary>Checks an input/output reference; returns the artifact kind it yields, or null after a diagnostic.</summary>
    private string? CheckReference(WorkflowReference reference, SourceLocation location, string? consumer)
    {
        if (reference.Kind == ReferenceKind.Input)
        {
            if (_inputs.ContainsKey(reference.Name))
            {
                return "file";
            }

            _bag.Error(DiagnosticCodes.UnknownInputReference, location, $"{reference.Text}: the workflow has no input '{reference.Name}'",
                DidYouMean.Hint(reference.Name, _inputs.Keys, "inputs"));
            return null;
        }

        if (!_stepsById.TryGetValue(reference.Name, out var producer))
        {
            _bag.Error(DiagnosticCodes.UnknownStep, location, $"{reference.Text}: there is no step '{reference.Name}'",
                DidYouMean.Hint(reference.Name, [.. _stepsById.Keys.Where(k => k != consumer)], "steps"));
            return null;
        }

        if (producer.Command is not null || producer.Method is not { } method || Commands.CommandMethod.Is(method))
        {
            return CommandOutputKind(producer, reference, location);
        }

        var output = method.FindOutput(reference.Port!);
        if (output is null)
        {
            _bag.Error(DiagnosticCodes.UnknownOutput, location, $"{reference.Text}: {method.Reference} has no output '{reference.Port}'",
                DidYouMean.Hint(reference.Port!, [.. method.Outputs.Select(o => o.Name)], "outputs"));
            return null;
        }

        return output.ArtifactKind;
    }

    private static bool KindsMatch(string produced, string expected)
        => produced == expected || produced == "any" || expected == "any";

    private StepResources BindResources(MethodDescriptor method, YamlNode? node)
    {
        var attribute = method.Attribute;
        var cpus = attribute.Cpus;
        var memory = attribute.MemoryMb;
        var time = attribute.TimeMinutes;
        if (AsMapping(node, "resources", "a mapping {cpus, memory, time}") is { } mapping)
        {
            CheckKeys(mapping, ResourceKeys, "resource keys");
            if (mapping["cpus"] is { } c)
            {
                var value = Substitute(c);
                if (value is JsonValue v && v.TryGetValue<long>(out var n) && n is >= 1 and <= 4096)
                {
                    cpus = (int)n;
                }
                else
                {
                    _bag.Error(DiagnosticCodes.InvalidCpus, c.Location, $"cpus must be a whole number from 1 to 4096, got '{ScalarValues.Shorten(ScalarValues.Format(value))}'");
                }
            }

            if (mapping["memory"] is { } m)
            {
                var value = Substitute(m);
                if (value is not JsonValue || !ResourceValues.TryParseMemory(ScalarValues.Format(value), out memory))
                {
                    memory = attribute.MemoryMb;
                    _bag.Error(DiagnosticCodes.InvalidMemory, m.Location, $"memory '{ScalarValues.Shorten(ScalarValues.Format(value))}' is not a memory size",
                        "write e.g. 4G or 512M (a plain number is MiB)");
                }
            }

            if (mapping["time"] is { } t)
            {
                var value = Substitute(t);
                if (value is not JsonValue || !ResourceValues.TryParseTime(ScalarValues.Format(value), out time))
                {
                    time = attribute.TimeMinutes;
                    _bag.Error(DiagnosticCodes.InvalidTime, t.Location, $"time '{ScalarValues.Shorten(ScalarValues.Format(value))}' is not a duration",
                        "write e.g. 01:30:00, 90m, 2h or 1d (a plain number is minutes)");
                }
            }
        }

        return new StepResources(cpus, memory, time);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex StepIdPattern();
}
