using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Commands;
using Kiseki.Engine.Definitions.Yaml;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>
/// The <c>steps:</c> section: step ids, the method (or <c>command:</c>, bound by <see cref="CommandStepBinder"/>) of each,
/// then inputs (<see cref="StepInputBinder"/>), params and matrix (<see cref="StepParameterBinder"/>) and resources.
/// </summary>
internal sealed partial class StepBinder(BindingScope scope, StepInputBinder references, ParameterSubstitution substitution)
{
    private static readonly string[] StepKeys =
    [
        "method", "description", "inputs", "params", "matrix", "resources",
        "command", "outputs", "sources", "environment", "timeout", "shell", "tolerance", "evaluate",
    ];
    private static readonly string[] ResourceKeys = ["cpus", "memory", "time"];

    private readonly StepParameterBinder _parameters = new(scope, substitution);
    private EvaluateBinder? _evaluate;

    private EvaluateBinder Evaluate => _evaluate ??= new EvaluateBinder(scope, _parameters, BindMethod);

    /// <summary>Binds the <c>steps:</c> section into <see cref="BindingScope.Steps"/>.</summary>
    public void Bind(YamlMapping root)
    {
        var node = root["steps"];
        if (node is null)
        {
            scope.Bag.Error(DiagnosticCodes.MissingKey, root.Location, "missing 'steps:'", "add 'steps:' with at least one step");
            return;
        }

        if (scope.AsMapping(node, "steps", "a mapping of step id to step") is not { } mapping)
        {
            if (node is YamlScalar)
            {
                scope.Bag.Error(DiagnosticCodes.NoSteps, node.Location, "the workflow has no steps", "add at least one step under 'steps:'");
            }

            return;
        }

        if (mapping.Entries.Count == 0)
        {
            scope.Bag.Error(DiagnosticCodes.NoSteps, mapping.Location, "the workflow has no steps", "add at least one step under 'steps:'");
        }

        // Register every id first so references can point forward.
        foreach (var (key, _) in mapping.Entries)
        {
            if (!StepIdPattern().IsMatch(key.Value))
            {
                scope.Bag.Error(DiagnosticCodes.InvalidStepId, key.Location, $"invalid step id '{ScalarValues.Shorten(key.Value)}'",
                    "step ids are lowercase letters, digits and '_', starting with a letter (e.g. decompose_nmf)");
            }

            var draft = new StepDraft(key.Value, scope.Steps.Count, key.Location);
            scope.Steps.Add(draft);
            scope.StepsById[key.Value] = draft;
        }

        var bodies = new List<(StepDraft Step, YamlMapping Body)>();
        foreach (var (key, value) in mapping.Entries)
        {
            if (BindStepMethod(scope.StepsById[key.Value], value) is { } body)
            {
                bodies.Add((scope.StepsById[key.Value], body));
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
            scope.Bag.Error(DiagnosticCodes.WrongShape, node.Location, $"step '{step.Id}' must be a mapping with 'method:', got a {node.ShapeName}",
                "write e.g. 'method: io.read-spectrum-image@1' indented under the step id");
            return null;
        }

        scope.CheckKeys(mapping, StepKeys, "step keys");
        var methodEntry = mapping.Find("method");
        if (BindCommandHead(step, mapping, methodEntry))
        {
            return mapping;
        }

        if (methodEntry is null)
        {
            scope.Bag.Error(DiagnosticCodes.MissingKey, step.Location, $"step '{step.Id}' has no 'method:'",
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

        scope.OptionalString(mapping, "description");
        var inputs = scope.AsMapping(mapping["inputs"], "inputs", "a mapping of input port to ${...} reference");
        references.BindStepInputs(step, inputs);
        if (step.Method is { } method)
        {
            var matrix = _parameters.BindMatrix(step, method, mapping["matrix"]);
            _parameters.BindStepParameters(step, method, mapping["params"], matrix);
            step.Resources = BindResources(method, mapping["resources"]);
            step.Evaluate = Evaluate.Bind(step, method, mapping);
        }
    }

    private MethodDescriptor? BindMethod(YamlNode node)
    {
        var text = node is YamlScalar scalar ? scalar.Value.Trim() : "";
        if (MethodRef.TryParse(text, out var reference))
        {
            if (scope.Catalog.TryGet(reference, out var descriptor))
            {
                return descriptor;
            }

            var versions = scope.Catalog.Versions(reference.Id);
            if (versions.Count > 0)
            {
                scope.Bag.Error(DiagnosticCodes.UnknownMethodVersion, node.Location, $"method '{reference.Id}' has no version {reference.Version}",
                    $"available: {string.Join(", ", versions.Select(v => v.Reference.ToString()))}");
                return null;
            }

            scope.Bag.Error(DiagnosticCodes.UnknownMethod, node.Location, $"unknown method '{reference.Id}'", MethodHint(reference.Id));
            return null;
        }

        var id = text.Split('@')[0];
        scope.Bag.Error(DiagnosticCodes.MalformedMethod, node.Location, $"'{ScalarValues.Shorten(node is YamlScalar ? text : node.ShapeName)}' is not a method reference",
            scope.Catalog.Versions(id) is { Count: > 0 } known
                ? $"write id@version: {string.Join(", ", known.Select(v => v.Reference.ToString()))}"
                : "write id@version, e.g. spectral.nmf-so@1 (kiseki methods lists them)");
        return null;
    }

    private string MethodHint(string id)
    {
        var ids = scope.Catalog.Methods.Select(m => m.Id).Distinct().ToList();
        var near = DidYouMean.Suggest(id, ids);
        return near is not null
            ? $"did you mean '{scope.Catalog.Versions(near)[^1].Reference}'?"
            : "kiseki methods lists the available methods";
    }

    private StepResources BindResources(MethodDescriptor method, YamlNode? node)
    {
        var attribute = method.Attribute;
        var cpus = attribute.Cpus;
        var memory = attribute.MemoryMb;
        var time = attribute.TimeMinutes;
        if (scope.AsMapping(node, "resources", "a mapping {cpus, memory, time}") is { } mapping)
        {
            scope.CheckKeys(mapping, ResourceKeys, "resource keys");
            if (mapping["cpus"] is { } c)
            {
                var value = substitution.Substitute(c);
                if (value is JsonValue v && v.TryGetValue<long>(out var n) && n is >= 1 and <= 4096)
                {
                    cpus = (int)n;
                }
                else
                {
                    scope.Bag.Error(DiagnosticCodes.InvalidCpus, c.Location, $"cpus must be a whole number from 1 to 4096, got '{ScalarValues.Shorten(ScalarValues.Format(value))}'");
                }
            }

            if (mapping["memory"] is { } m)
            {
                var value = substitution.Substitute(m);
                if (value is not JsonValue || !ResourceValues.TryParseMemory(ScalarValues.Format(value), out memory))
                {
                    memory = attribute.MemoryMb;
                    scope.Bag.Error(DiagnosticCodes.InvalidMemory, m.Location, $"memory '{ScalarValues.Shorten(ScalarValues.Format(value))}' is not a memory size",
                        "write e.g. 4G or 512M (a plain number is MiB)");
                }
            }

            if (mapping["time"] is { } t)
            {
                var value = substitution.Substitute(t);
                if (value is not JsonValue || !ResourceValues.TryParseTime(ScalarValues.Format(value), out time))
                {
                    time = attribute.TimeMinutes;
                    scope.Bag.Error(DiagnosticCodes.InvalidTime, t.Location, $"time '{ScalarValues.Shorten(ScalarValues.Format(value))}' is not a duration",
                        "write e.g. 01:30:00, 90m, 2h or 1d (a plain number is minutes)");
                }
            }
        }

        return new StepResources(cpus, memory, time);
    }

    private static readonly string[] MethodOnlyKeys = ["matrix"];
    /// <summary>Keys of command steps (and command evaluators) that a method step (or built-in evaluator) must not have.</summary>
    internal static readonly string[] CommandOnlyKeys = ["outputs", "sources", "environment", "timeout", "shell", "tolerance"];

    /// <summary>Binds the command keys of a step that has <c>command:</c>; false for a method step.</summary>
    private bool BindCommandHead(StepDraft step, YamlMapping mapping, YamlMappingEntry? methodEntry)
    {
        if (mapping.Find("command") is null)
        {
            foreach (var key in mapping.Entries.Select(e => e.Key).Where(k => CommandOnlyKeys.Contains(k.Value)))
            {
                scope.Bag.Error(DiagnosticCodes.CommandAndMethod, key.Location, $"'{key.Value}' belongs to command steps, and step '{step.Id}' has no 'command:'",
                    "remove it, or make the step a command step");
            }

            return false;
        }

        if (methodEntry is not null)
        {
            scope.Bag.Error(DiagnosticCodes.CommandAndMethod, methodEntry.Key.Location, $"step '{step.Id}' has both 'method:' and 'command:'",
                "a step either calls a built-in method or runs its own command; split it into two steps");
        }

        foreach (var key in mapping.Entries.Select(e => e.Key).Where(k => MethodOnlyKeys.Contains(k.Value)))
        {
            scope.Bag.Error(DiagnosticCodes.CommandMatrix, key.Location, $"command step '{step.Id}' cannot have a '{key.Value}'",
                "sweep with a matrix on the steps it reads from (it fans out over them), or write one command step per value");
        }

        step.Method = CommandMethod.Descriptor;
        step.Command = new CommandStepBinder(scope.Bag, scope.Folder).Bind(step.Id, mapping);
        return true;
    }

    private void BindCommandBody(StepDraft step, YamlMapping mapping)
    {
        scope.OptionalString(mapping, "description");
        references.BindStepInputs(step, scope.AsMapping(mapping["inputs"], "inputs", "a mapping of input name to ${...} reference"));
        _parameters.BindFreeForm(mapping["params"], step.CommandParameters);
        step.Resources = BindResources(CommandMethod.Descriptor, mapping["resources"]);
        Evaluate.Bind(step, CommandMethod.Descriptor, mapping);
    }

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex StepIdPattern();
}
