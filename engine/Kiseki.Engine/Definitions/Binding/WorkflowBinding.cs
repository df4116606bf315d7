using System.Text.RegularExpressions;
using Kiseki.Engine.Definitions.Yaml;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>
/// Binds one workflow document: checks the top level (schema version, name, seed) and hands each section to its
/// binder — <see cref="WorkflowParameterBinder"/>, <see cref="InputBinder"/>, <see cref="StepBinder"/>,
/// <see cref="PublishBinder"/> — around one shared <see cref="BindingScope"/>.
/// </summary>
internal sealed partial class WorkflowBinding(MethodCatalog catalog, WorkflowDocument document, BindOptions options)
{
    private static readonly string[] TopLevelKeys = ["kiseki", "name", "description", "seed", "params", "inputs", "steps", "publish"];

    private readonly BindingScope _scope = new(catalog, document, options);

    public WorkflowDefinition Bind()
    {
        var file = document.Path;
        if (document.Root is not YamlMapping root)
        {
            _scope.Bag.Error(DiagnosticCodes.RootNotMapping, document.Root?.Location ?? new SourceLocation(file, 1, 1),
                $"a workflow is a mapping with 'kiseki: 1', 'steps:' and more; this document is {BindingScope.Shape(document.Root)}",
                "start the file with 'kiseki: 1'");
            _scope.Bag.ThrowIfErrors();
            throw new InvalidOperationException("unreachable");
        }

        _scope.CheckKeys(root, TopLevelKeys, "top-level keys");
        CheckSchema(root);
        var name = BindName(root);
        var description = _scope.OptionalString(root, "description");
        var seed = BindSeed(root);
        var workflowParameters = new WorkflowParameterBinder(_scope);
        workflowParameters.Bind(root["params"]);
        workflowParameters.ApplyOverrides();
        new InputBinder(_scope).Bind(root["inputs"]);
        var references = new StepInputBinder(_scope);
        new StepBinder(_scope, references, new ParameterSubstitution(_scope)).Bind(root);
        var instances = new StepExpander(_scope.Steps, _scope.StepsById, _scope.Bag).Expand(orderOnly: _scope.Bag.HasErrors);
        var publish = new PublishBinder(_scope, references).Bind(root["publish"], instances);
        _scope.Bag.ThrowIfErrors();
        var steps = StepExpander.CreateBoundSteps(instances!, seed);
        var parameters = _scope.Parameters.ToDictionary(p => p.Key, p => p.Value.Value?.DeepClone(), StringComparer.Ordinal);
        return new WorkflowDefinition(
            name, description, document.Path, document.Text, seed, parameters, [.. _scope.Inputs.Values], steps, publish);
    }

    private void CheckSchema(YamlMapping root)
    {
        var entry = root.Find("kiseki");
        if (entry is null)
        {
            _scope.Bag.Error(DiagnosticCodes.MissingKey, root.Location, "missing 'kiseki:' schema version", "add 'kiseki: 1' as the first line");
        }
        else if (entry.Value is not YamlScalar { IsPlain: true, Value: "1" })
        {
            _scope.Bag.Error(DiagnosticCodes.UnsupportedSchema, entry.Value.Location,
                $"unsupported workflow schema version '{BindingScope.Text(entry.Value)}'", "this Kiseki reads 'kiseki: 1'");
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
            _scope.Bag.Error(DiagnosticCodes.InvalidName, entry.Value.Location, $"invalid workflow name '{BindingScope.Text(entry.Value)}'",
                "use letters, digits, '.', '-' and '_', starting with a letter or digit (e.g. eels-decomposition)");
            return fallback;
        }

        return scalar.Value;
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

        _scope.Bag.Error(DiagnosticCodes.InvalidSeed, node.Location, $"seed must be a whole number from 0 to {ulong.MaxValue}, got '{BindingScope.Text(node)}'",
            "write e.g. 'seed: 20161001'");
        return 0;
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$")]
    private static partial Regex WorkflowNamePattern();
}
