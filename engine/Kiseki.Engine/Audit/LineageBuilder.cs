using System.Text;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Campaigns;
using Kiseki.Provenance;

namespace Kiseki.Engine.Audit;

/// <summary>An artifact in a lineage graph with the step that produced it (null for an external input).</summary>
/// <param name="Hash">The artifact.</param>
/// <param name="Kind">Its kind (<c>file</c> for external inputs; <c>unknown</c> when not recorded).</param>
/// <param name="Producer">The producing step, or null.</param>
public sealed record LineageArtifact(ContentHash Hash, string Kind, LineageStep? Producer);

/// <summary>A step in a lineage graph.</summary>
/// <param name="StepId">The step id (in the run that first computed it).</param>
/// <param name="Method">The method reference.</param>
/// <param name="StepKey">The execution's key.</param>
/// <param name="RunId">The run that computed it.</param>
/// <param name="Port">The output port the child artifact came from.</param>
/// <param name="Inputs">Input port → upstream artifact.</param>
public sealed record LineageStep(string StepId, string Method, ContentHash StepKey, string RunId, string Port, IReadOnlyList<(string Port, LineageArtifact Artifact)> Inputs);

/// <summary>Builds the upstream graph of an artifact down to its external inputs.</summary>
public sealed class LineageBuilder(AuditStore store)
{
    private readonly Dictionary<ContentHash, LineageArtifact> _memo = [];

    /// <summary>
    /// Resolves <paramref name="text"/>: a hash or unique prefix, or <c>STEP.PORT</c> (an output of a step in
    /// <paramref name="runIdOrPrefix"/>, default the newest run that has the step).
    /// </summary>
    public ContentHash Resolve(string text, string? runIdOrPrefix = null)
    {
        var dot = text.LastIndexOf('.');
        if (dot > 0)
        {
            var stepId = text[..dot];
            var port = text[(dot + 1)..];
            var explanation = new StepExplainer(store).Explain(stepId, runIdOrPrefix);
            var outputs = explanation.Execution?.OutputHashes ?? new Dictionary<string, ContentHash>();
            return outputs.TryGetValue(port, out var hash)
                ? hash
                : throw AuditException.NoSuchOutput(stepId, explanation.Run.Id, port, outputs.Keys);
        }

        return store.ResolveHash(text);
    }

    /// <summary>The lineage of <paramref name="hash"/>.</summary>
    public LineageArtifact Build(ContentHash hash)
    {
        if (_memo.TryGetValue(hash, out var known))
        {
            return known;
        }

        var record = store.Provenance.GetArtifact(hash);
        if (record is null)
        {
            throw AuditException.NotAnArtifact(hash);
        }

        LineageStep? producer = null;
        if (store.Producer(hash) is { } found)
        {
            var execution = found.Execution;
            var port = execution.OutputHashes.FirstOrDefault(p => p.Value == hash).Key ?? "?";
            var inputs = execution.InputHashes.OrderBy(p => p.Key, StringComparer.Ordinal)
                .Select(p => (p.Key, store.Provenance.GetArtifact(p.Value) is null
                    ? new LineageArtifact(p.Value, ArtifactKind.File, null)
                    : Build(p.Value)))
                .ToList();
            inputs.AddRange(Evaluations(found.StepId, execution).Select(e => (e.StepId, Build(e.Value))));
            producer = new LineageStep(found.StepId, $"{execution.MethodId}@{execution.MethodVersion}{CommandKeyRows.Suffix(execution.KeyComponents)}", execution.StepKey, execution.RunId, port, inputs);
        }

        return _memo[hash] = new LineageArtifact(hash, record.Kind, producer);
    }

    /// <summary>
    /// The values of the recorded evaluations of a search step (one with an <c>evaluate</c> key component), in proposal
    /// order, from the run that executed it: a search's outputs descend from every point it evaluated.
    /// </summary>
    private IEnumerable<(string StepId, ContentHash Value)> Evaluations(string stepId, ExecutionRecord execution)
    {
        if (JsonNode.Parse(execution.KeyComponents) is not JsonObject components || !components.ContainsKey("evaluate"))
        {
            yield break;
        }

        var prefix = EvaluationInstance.IdPrefix(stepId);
        foreach (var row in store.Provenance.RunSteps(execution.RunId)
                     .Where(r => r.StepId.StartsWith(prefix, StringComparison.Ordinal) && r.Status is RunStepStatus.Succeeded or RunStepStatus.Cached)
                     .OrderBy(r => r.StepId, StringComparer.Ordinal))
        {
            if (store.ExecutionOf(row)?.OutputHashes.TryGetValue(EvaluatorDeclaration.ValuePort, out var value) == true)
            {
                yield return (row.StepId, value);
            }
        }
    }

    /// <summary>An indented text tree.</summary>
    public static string ToText(LineageArtifact root)
    {
        var text = new StringBuilder();
        Write(root, "", "", text, []);
        return text.ToString().TrimEnd('\n');
    }

    /// <summary>A Graphviz DOT graph: artifacts as ellipses, steps as boxes, edges in the direction data flows.</summary>
    public static string ToDot(LineageArtifact root)
    {
        var nodes = new List<string>();
        var edges = new List<string>();
        var seen = new HashSet<string>();
        Dot(root, nodes, edges, seen);
        return "digraph lineage {\n  rankdir=LR;\n" + string.Concat(nodes.Select(n => "  " + n + "\n"))
               + string.Concat(edges.Distinct().Select(e => "  " + e + "\n")) + "}";
    }

    /// <summary>The lineage as JSON (nested).</summary>
    public static JsonObject ToJson(LineageArtifact node) => new()
    {
        ["hash"] = node.Hash.ToString(),
        ["kind"] = node.Kind,
        ["external"] = node.Producer is null,
        ["produced_by"] = node.Producer is not { } p ? null : new JsonObject
        {
            ["step"] = p.StepId, ["method"] = p.Method, ["key"] = p.StepKey.ToString(), ["run"] = p.RunId, ["port"] = p.Port,
            ["inputs"] = new JsonObject([.. p.Inputs.Select(i => KeyValuePair.Create(i.Port, (JsonNode?)ToJson(i.Artifact)))]),
        },
    };

    private static void Write(LineageArtifact node, string indent, string label, StringBuilder text, HashSet<ContentHash> shown)
    {
        var short12 = node.Hash.ToString()[..19] + "…";
        if (node.Producer is not { } p)
        {
            text.Append(indent).Append(label).Append(short12).Append(" (").Append(node.Kind).Append(", external input)\n");
            return;
        }

        text.Append(indent).Append(label).Append(short12).Append(" (").Append(node.Kind).Append(") ← ")
            .Append(p.StepId).Append('.').Append(p.Port).Append(" [").Append(p.Method).Append(", run ").Append(p.RunId).Append(']');
        if (!shown.Add(node.Hash))
        {
            text.Append(" (see above)\n");
            return;
        }

        text.Append('\n');
        foreach (var (port, input) in p.Inputs)
        {
            Write(input, indent + "    ", port + ": ", text, shown);
        }
    }

    private static void Dot(LineageArtifact node, List<string> nodes, List<string> edges, HashSet<string> seen)
    {
        var id = "a_" + node.Hash.Hex[..12];
        if (!seen.Add(id))
        {
            return;
        }

        var external = node.Producer is null ? ", style=filled, fillcolor=\"#eeeeee\"" : "";
        nodes.Add($"{id} [shape=ellipse, label=\"{node.Kind}\\n{node.Hash.Hex[..12]}\"{external}];");
        if (node.Producer is not { } p)
        {
            return;
        }

        var step = "s_" + p.StepKey.Hex[..12];
        if (seen.Add(step))
        {
            nodes.Add($"{step} [shape=box, label=\"{Escape(p.StepId)}\\n{Escape(p.Method)}\"];");
        }

        edges.Add($"{step} -> {id} [label=\"{Escape(p.Port)}\"];");
        foreach (var (port, input) in p.Inputs)
        {
            Dot(input, nodes, edges, seen);
            edges.Add($"a_{input.Hash.Hex[..12]} -> {step} [label=\"{Escape(port)}\"];");
        }
    }

    private static string Escape(string text) => text.Replace("\\", "\\\\").Replace("\"", "\\\"");
}
