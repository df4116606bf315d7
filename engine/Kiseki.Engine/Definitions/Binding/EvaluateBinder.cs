using System.Text.Json.Nodes;
using Kiseki.Engine.Campaigns;
using Kiseki.Engine.Commands;
using Kiseki.Engine.Definitions.Yaml;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>
/// The <c>evaluate:</c> block of a search step: a built-in method (<c>method:</c> + <c>params:</c>) or a command (the
/// keys of a command step, with <c>{inputs.point}</c> given by the engine), plus <c>on_failure</c>.
/// </summary>
internal sealed class EvaluateBinder(BindingScope scope, StepParameterBinder parameters, Func<YamlNode, MethodDescriptor?> bindMethod)
{
    private static readonly string[] EvaluateKeys =
        ["method", "params", "command", "shell", "outputs", "sources", "environment", "timeout", "tolerance", "on_failure"];

    /// <summary>The bound block of <paramref name="step"/>, or null (with diagnostics when it is missing or wrong).</summary>
    public EvaluatorDeclaration? Bind(StepDraft step, MethodDescriptor method, YamlMapping mapping)
    {
        var entry = mapping.Find("evaluate");
        if (!method.Attribute.Evaluates)
        {
            if (entry is not null)
            {
                scope.Bag.Error(DiagnosticCodes.EvaluateNotSupported, entry.Key.Location,
                    $"step '{step.Id}' ({method.Reference}) does not evaluate points, so it takes no 'evaluate:'",
                    "remove it; methods that evaluate points: " + Listed(scope.Catalog.Methods.Where(m => m.Attribute.Evaluates)));
            }

            return null;
        }

        if (entry is null)
        {
            scope.Bag.Error(DiagnosticCodes.EvaluateMissing, step.Location, $"step '{step.Id}' ({method.Reference}) evaluates points but has no 'evaluate:'",
                "add e.g. evaluate: { command: [\"python3\", \"energy.py\", \"{inputs.point}\", \"{outputs.value}\"], outputs: { value: value.json } }");
            return null;
        }

        if (entry.Value is not YamlMapping block)
        {
            scope.Bag.Error(DiagnosticCodes.WrongShape, entry.Value.Location, $"'evaluate' must be a mapping, got a {entry.Value.ShapeName}",
                "write 'method:' and 'params:', or the keys of a command step, indented under 'evaluate:'");
            return null;
        }

        scope.CheckKeys(block, EvaluateKeys, "evaluate keys");
        var onFailure = BindOnFailure(block["on_failure"]);
        var methodEntry = block.Find("method");
        var commandEntry = block.Find("command");
        if ((methodEntry is null) == (commandEntry is null))
        {
            scope.Bag.Error(DiagnosticCodes.EvaluatorKind, (methodEntry?.Key ?? commandEntry?.Key)?.Location ?? block.Location,
                methodEntry is null ? $"the evaluate block of step '{step.Id}' has neither 'method:' nor 'command:'"
                    : $"the evaluate block of step '{step.Id}' has both 'method:' and 'command:'",
                "give a built-in evaluator (method: …) or your own command, not both; built-in evaluators: " + Listed(scope.Catalog.Methods.Where(IsEvaluator)));
            return null;
        }

        return commandEntry is not null
            ? BindCommandEvaluator(step, block, onFailure, entry.Key.Location)
            : BindMethodEvaluator(step, block, methodEntry!, onFailure, entry.Key.Location);
    }

    private EvaluatorDeclaration? BindCommandEvaluator(StepDraft step, YamlMapping block, EvaluationFailurePolicy onFailure, SourceLocation location)
    {
        var command = new CommandStepBinder(scope.Bag, scope.Folder).Bind(EvaluatorDeclaration.FingerprintId(step.Id), block, [EvaluatorDeclaration.PointPort]);
        if (command is not null && command.OutputPath(EvaluatorDeclaration.ValuePort) is null)
        {
            scope.Bag.Error(DiagnosticCodes.EvaluatorValue, block.Find("outputs")?.Key.Location ?? block.Find("command")!.Key.Location,
                $"the evaluate command of step '{step.Id}' declares no output 'value'",
                "declare outputs: { value: value.json } and write a JSON number (or {\"value\": number}) to {outputs.value}");
            command = null;
        }

        var values = new JsonObject();
        parameters.BindFreeForm(block["params"], values);
        return command is null ? null : new EvaluatorDeclaration(CommandMethod.Descriptor, values, command, onFailure, location);
    }

    private EvaluatorDeclaration? BindMethodEvaluator(
        StepDraft step, YamlMapping block, YamlMappingEntry methodEntry, EvaluationFailurePolicy onFailure, SourceLocation location)
    {
        foreach (var key in block.Entries.Select(e => e.Key).Where(k => StepBinder.CommandOnlyKeys.Contains(k.Value)))
        {
            scope.Bag.Error(DiagnosticCodes.CommandAndMethod, key.Location, $"'{key.Value}' belongs to command evaluators, and this one has 'method:'",
                "remove it, or evaluate with 'command:' instead");
        }

        if (bindMethod(methodEntry.Value) is not { } method)
        {
            return null;
        }

        if (!IsEvaluator(method))
        {
            scope.Bag.Error(DiagnosticCodes.EvaluatorValue, methodEntry.Value.Location,
                $"{method.Reference} cannot evaluate a point: it has no output 'value'" + (method.Attribute.Evaluates ? " (it is a search itself)" : ""),
                "built-in evaluators: " + Listed(scope.Catalog.Methods.Where(IsEvaluator)));
            return null;
        }

        var draft = new StepDraft(EvaluatorDeclaration.FingerprintId(step.Id), step.Index, methodEntry.Key.Location);
        parameters.BindStepParameters(draft, method, block["params"], new HashSet<string>(StringComparer.Ordinal));
        return new EvaluatorDeclaration(method, method.CanonicalParameters(method.CreateParameters(draft.Parameters)), null, onFailure, location);
    }

    /// <summary>A method that can evaluate a point: it has a <c>value</c> output and no inputs, and is not a search itself.</summary>
    private static bool IsEvaluator(MethodDescriptor method)
        => method.FindOutput(EvaluatorDeclaration.ValuePort) is not null && method.Inputs.Count == 0 && !method.Attribute.Evaluates;

    private static string Listed(IEnumerable<MethodDescriptor> methods)
        => string.Join(", ", methods.Select(m => m.Reference.ToString()).Order(StringComparer.Ordinal));

    private EvaluationFailurePolicy BindOnFailure(YamlNode? node)
    {
        switch (node)
        {
            case null:
                return EvaluationFailurePolicy.Fail;
            case YamlScalar { Value: "fail" }:
                return EvaluationFailurePolicy.Fail;
            case YamlScalar { Value: "skip" }:
                return EvaluationFailurePolicy.Skip;
            default:
                scope.Bag.Error(DiagnosticCodes.InvalidOnFailure, node.Location, $"on_failure must be 'fail' or 'skip', got '{ScalarValues.Shorten(BindingScope.Text(node))}'",
                    "fail (default) stops the campaign at the first failed evaluation; skip records it and leaves the point out");
                return EvaluationFailurePolicy.Fail;
        }
    }
}
