using Kiseki.Engine.Definitions.Binding;
using Kiseki.Engine.Definitions.Yaml;
using Kiseki.Provenance;

namespace Kiseki.Engine.Audit.Report;

/// <summary>
/// The step-to-step edges a run's workflow text declares: step B depends on step A when B's definition holds a
/// <c>${A.outputs.port}</c> (or <c>${A[k=v].outputs.port}</c>) reference. Unlike edges traced through recorded output
/// hashes, these exist for steps that failed or were skipped, so the graph of a failed run is complete.
/// </summary>
public static class DeclaredDependencies
{
    /// <summary>The edges (producer step id, consumer step id) among <paramref name="steps"/>; empty when the text cannot be read.</summary>
    public static IReadOnlyList<(string From, string To)> Of(string workflowText, IReadOnlyList<RunStepRecord> steps)
    {
        ArgumentNullException.ThrowIfNull(steps);
        if (Definitions(workflowText) is not { } definitions)
        {
            return [];
        }

        var edges = new List<(string, string)>();
        foreach (var entry in definitions.Entries)
        {
            var references = new List<WorkflowReference>();
            Collect(entry.Value, references, 0);
            foreach (var consumer in steps.Where(s => s.DeclaredStepId == entry.Key.Value))
            {
                foreach (var reference in references)
                {
                    var producers = reference.Instance is { } instance
                        ? steps.Where(s => s.StepId == instance)
                        : steps.Where(s => s.DeclaredStepId == reference.Name && Compatible(s.StepId, consumer.StepId));
                    edges.AddRange(producers.Where(p => p.StepId != consumer.StepId).Select(p => (p.StepId, consumer.StepId)));
                }
            }
        }

        return [.. edges.Distinct()];
    }

    /// <summary>The <c>method:</c> of each declared step (so a step that never ran can still be labelled).</summary>
    public static IReadOnlyDictionary<string, string> Methods(string workflowText)
        => Definitions(workflowText)?.Entries
               .Select(e => (e.Key.Value, Method: ((e.Value as YamlMapping)?["method"] as YamlScalar)?.Value))
               .Where(p => p.Method is not null)
               .GroupBy(p => p.Value, StringComparer.Ordinal)
               .ToDictionary(g => g.Key, g => g.First().Method!, StringComparer.Ordinal)
           ?? new Dictionary<string, string>(StringComparer.Ordinal);

    private static YamlMapping? Definitions(string workflowText)
    {
        try
        {
            return (YamlWorkflowReader.Parse(workflowText ?? "", "workflow").Root as YamlMapping)?["steps"] as YamlMapping;
        }
        catch (Kiseki.Engine.Definitions.WorkflowException)
        {
            return null;
        }
    }

    /// <summary>
    /// True when matrix instance <paramref name="producer"/> can feed <paramref name="consumer"/>: every matrix value they
    /// both name is equal (<c>nmf[k=3]</c> feeds <c>plot[k=3]</c>, not <c>plot[k=4]</c>; a step without a matrix feeds all).
    /// </summary>
    public static bool Compatible(string producer, string consumer)
    {
        var (a, b) = (Assignment(producer), Assignment(consumer));
        return a.All(p => !b.TryGetValue(p.Key, out var v) || v == p.Value);
    }

    private static Dictionary<string, string> Assignment(string stepId)
    {
        var open = stepId.IndexOf('[', StringComparison.Ordinal);
        if (open < 0 || !stepId.EndsWith(']'))
        {
            return [];
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in stepId[(open + 1)..^1].Split(','))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0)
            {
                result[pair[..eq].Trim()] = pair[(eq + 1)..].Trim();
            }
        }

        return result;
    }

    private static void Collect(YamlNode node, List<WorkflowReference> references, int depth)
    {
        if (depth > YamlWorkflowReader.MaxDepth)
        {
            return;
        }

        switch (node)
        {
            case YamlScalar scalar when WorkflowReference.ContainsExpression(scalar.Value):
                foreach (System.Text.RegularExpressions.Match match in WorkflowReference.Occurrences(scalar.Value))
                {
                    if (WorkflowReference.FromBody(match.Groups[1].Value, match.Value) is { Kind: ReferenceKind.StepOutput } reference)
                    {
                        references.Add(reference);
                    }
                }

                break;
            case YamlMapping mapping:
                foreach (var entry in mapping.Entries)
                {
                    Collect(entry.Value, references, depth + 1);
                }

                break;
            case YamlSequence sequence:
                foreach (var item in sequence.Items)
                {
                    Collect(item, references, depth + 1);
                }

                break;
        }
    }
}
