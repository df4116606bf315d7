using System.Text.RegularExpressions;
using Kiseki.Engine.Definitions.Yaml;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>The <c>publish:</c> section: names of files the user gets in <c>results/&lt;run-id&gt;/</c>.</summary>
internal sealed partial class PublishBinder(BindingScope scope, StepInputBinder references)
{
    /// <summary>Checks publish entries; with <paramref name="instances"/> (null after earlier errors) also expands them per instance.</summary>
    public List<PublishEntry> Bind(YamlNode? node, IReadOnlyList<StepInstance>? instances)
    {
        var result = new List<PublishEntry>();
        if (scope.AsMapping(node, "publish", "a mapping of file name to ${step.outputs.port}") is not { } mapping)
        {
            return result;
        }

        foreach (var (key, value) in mapping.Entries)
        {
            if (!PublishNamePattern().IsMatch(key.Value) || key.Value is "." or "..")
            {
                Report(DiagnosticCodes.InvalidPublishName, key.Location, $"'{ScalarValues.Shorten(key.Value)}' cannot be a published name",
                    "use letters, digits, '.', '-' and '_' (it becomes a file name under results/<run-id>/)");
                continue;
            }

            if (value is not YamlScalar scalar || WorkflowReference.ParseWhole(scalar.Value) is not { } reference)
            {
                Report(DiagnosticCodes.MalformedReference, value.Location,
                    $"publish '{key.Value}' must be a reference, got '{ScalarValues.Shorten(BindingScope.Text(value))}'", "write ${step.outputs.port}");
                continue;
            }

            if (reference.Kind != ReferenceKind.StepOutput)
            {
                Report(DiagnosticCodes.PublishNotStepOutput, value.Location, $"publish '{key.Value}' must name a step output, not {reference.Text}",
                    "publish ${step.outputs.port}; workflow inputs are already files");
                continue;
            }

            if (references.CheckReference(reference, value.Location, null) is null || instances is null)
            {
                continue;
            }

            if (reference.Instance is { } selected)
            {
                // ${sweep[offset=109].outputs.x}: that one instance, under the name as written.
                if (instances.FirstOrDefault(i => i.Id == selected) is { } chosen)
                {
                    result.Add(new PublishEntry(key.Value, chosen.Id, reference.Port!, key.Location));
                }
                else
                {
                    Report(DiagnosticCodes.UnknownStep, value.Location, $"publish '{key.Value}': step '{reference.Name}' has no instance '{selected}'",
                        "the selector must name one value of each matrix dimension, as in ${step[name=value].outputs.port}");
                }

                continue;
            }

            foreach (var instance in instances.Where(i => i.Draft.Id == reference.Name))
            {
                result.Add(new PublishEntry(key.Value + instance.Suffix, instance.Id, reference.Port!, key.Location));
            }
        }

        return result;

        void Report(string code, SourceLocation location, string message, string hint)
        {
            scope.Bag.Error(code, location, message, hint);
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9._-]*$")]
    private static partial Regex PublishNamePattern();
}
