using System.Globalization;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Provenance;

namespace Kiseki.Engine.Audit;

/// <summary>How one step differs between two runs.</summary>
/// <param name="StepId">The step id.</param>
/// <param name="StatusA">Its status in run A (null: absent).</param>
/// <param name="StatusB">Its status in run B (null: absent).</param>
/// <param name="KeyA">Its key in run A.</param>
/// <param name="KeyB">Its key in run B.</param>
/// <param name="CacheA">Whether run A reused it from the cache.</param>
/// <param name="CacheB">Whether run B reused it from the cache.</param>
/// <param name="ReasonsB">Why it re-ran in run B.</param>
/// <param name="KeyChanges">Key components that differ.</param>
/// <param name="OutputChanges">Output ports whose hashes differ (<c>before</c>/<c>after</c> are hashes).</param>
/// <param name="MetricChanges">Metrics (and convergence) that differ.</param>
public sealed record StepDiff(
    string StepId, string? StatusA, string? StatusB, ContentHash? KeyA, ContentHash? KeyB, bool CacheA, bool CacheB,
    IReadOnlyList<string> ReasonsB, IReadOnlyList<KeyChange> KeyChanges, IReadOnlyList<KeyChange> OutputChanges,
    IReadOnlyList<KeyChange> MetricChanges)
{
    /// <summary>Whether anything differs.</summary>
    public bool Differs => StatusA != StatusB || KeyA != KeyB || OutputChanges.Count > 0 || MetricChanges.Count > 0;
}

/// <summary>Everything that differs between two runs.</summary>
public sealed record RunDiff(
    RunRecord A, RunRecord B, IReadOnlyList<DiffLine> Workflow, IReadOnlyList<KeyChange> Parameters,
    IReadOnlyList<KeyChange> Seed, IReadOnlyList<StepDiff> Steps, IReadOnlyList<KeyChange> Environment)
{
    /// <summary>Whether the runs differ in anything but ids and times.</summary>
    public bool Differs => Workflow.Any(l => l.Op != ' ') || Parameters.Count > 0 || Seed.Count > 0 || Steps.Any(s => s.Differs) || Environment.Count > 0;

    /// <summary>The diff as JSON.</summary>
    public JsonObject ToJson() => new()
    {
        ["run_a"] = A.Id,
        ["run_b"] = B.Id,
        ["differs"] = Differs,
        ["workflow"] = new JsonArray([.. LineDiff.Hunks(Workflow).Select(l => (JsonNode?)l.ToString())]),
        ["parameters"] = Changes(Parameters),
        ["seed"] = Changes(Seed),
        ["steps"] = new JsonArray([.. Steps.Select(s => (JsonNode?)new JsonObject
        {
            ["step"] = s.StepId,
            ["status_a"] = s.StatusA,
            ["status_b"] = s.StatusB,
            ["key_a"] = s.KeyA?.ToString(),
            ["key_b"] = s.KeyB?.ToString(),
            ["same_key"] = s.KeyA == s.KeyB,
            ["cache_hit_a"] = s.CacheA,
            ["cache_hit_b"] = s.CacheB,
            ["rerun_reasons_b"] = new JsonArray([.. s.ReasonsB.Select(r => (JsonNode?)r)]),
            ["key_changes"] = Changes(s.KeyChanges),
            ["output_changes"] = Changes(s.OutputChanges),
            ["metric_changes"] = Changes(s.MetricChanges),
        })]),
        ["environment"] = Changes(Environment),
    };

    /// <summary>Plain text lines.</summary>
    public IEnumerable<string> ToLines()
    {
        yield return $"diff {A.Id} ({A.WorkflowName}) → {B.Id} ({B.WorkflowName})";
        var text = LineDiff.Hunks(Workflow);
        yield return text.Count == 0 ? "workflow text: identical" : "workflow text:";
        foreach (var line in text)
        {
            yield return "  " + line;
        }

        foreach (var (title, list) in new[] { ("parameters", Parameters), ("seed", Seed) })
        {
            yield return list.Count == 0 ? $"{title}: identical" : $"{title}:";
            foreach (var change in list)
            {
                yield return $"  {change.Name}: {change.Before ?? "(absent)"} → {change.After ?? "(absent)"}";
            }
        }

        var differing = Steps.Where(s => s.Differs).ToList();
        yield return differing.Count == 0 ? $"steps: all {Steps.Count} identical (same keys, outputs and metrics)" : "steps:";
        foreach (var s in differing)
        {
            var keys = s.KeyA == s.KeyB ? "same key" : "key changed";
            var cache = $"{(s.StatusA ?? "absent")}{(s.CacheA ? " (cached)" : "")} → {(s.StatusB ?? "absent")}{(s.CacheB ? " (cached)" : "")}";
            var why = s.ReasonsB.Count > 0 ? $"; re-ran: {string.Join(", ", s.ReasonsB)}" : "";
            yield return $"  {s.StepId}: {keys}; {cache}{why}";
            foreach (var change in s.KeyChanges)
            {
                yield return "    " + change;
            }

            foreach (var change in s.OutputChanges.Concat(s.MetricChanges))
            {
                yield return $"    {change.Component} {change.Name}: {change.Before ?? "(absent)"} → {change.After ?? "(absent)"}";
            }
        }

        yield return Environment.Count == 0 ? "environment: identical" : "environment:";
        foreach (var change in Environment)
        {
            yield return $"  {change.Name}: {change.Before ?? "(absent)"} → {change.After ?? "(absent)"}";
        }
    }

    private static JsonArray Changes(IEnumerable<KeyChange> changes) => new([.. changes.Select(c => (JsonNode?)c.ToJson())]);
}

/// <summary>Compares two recorded runs.</summary>
public sealed class RunDiffer(AuditStore store)
{
    /// <summary>The differences from run <paramref name="a"/> to run <paramref name="b"/> (ids or unique prefixes).</summary>
    public RunDiff Diff(string a, string b)
    {
        var runA = store.ResolveRun(a);
        var runB = store.ResolveRun(b);
        var stepsA = store.Steps(runA).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var stepsB = store.Steps(runB).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var ids = stepsA.Keys.Concat(stepsB.Keys.Where(k => !stepsA.ContainsKey(k))).ToList();
        var steps = ids.Select(id => Step(id, stepsA.GetValueOrDefault(id), stepsB.GetValueOrDefault(id))).ToList();
        var seed = runA.RootSeed == runB.RootSeed
            ? []
            : new[] { new KeyChange("seed", "root seed", Num(runA.RootSeed), Num(runB.RootSeed)) };
        return new RunDiff(
            runA, runB, LineDiff.Compute(runA.WorkflowText, runB.WorkflowText),
            [.. KeyComponents.Compare("parameter", Object(runA.ResolvedParameters), Object(runB.ResolvedParameters))],
            seed, steps, EnvironmentChanges(runA, runB));
    }

    private static StepDiff Step(string id, RunStepView? a, RunStepView? b)
    {
        var keyChanges = a?.Execution is { } ea && b?.Execution is { } eb && ea.StepKey != eb.StepKey
            ? KeyComponents.Parse(eb.KeyComponents).ChangesFrom(KeyComponents.Parse(ea.KeyComponents))
            : [];
        var outputs = KeyComponents.Compare("output", Hashes(a?.Execution?.OutputHashes), Hashes(b?.Execution?.OutputHashes)).ToList();
        var metrics = KeyComponents.Compare("metric", Metrics(a?.Execution), Metrics(b?.Execution)).ToList();
        return new StepDiff(
            id, Status(a), Status(b), a?.Step.StepKey, b?.Step.StepKey, a?.Step.CacheHit ?? false, b?.Step.CacheHit ?? false,
            b?.Step.RerunReasons ?? [], keyChanges, outputs, metrics);
    }

    private static string? Status(RunStepView? view) => view?.Step.Status.ToString().ToLowerInvariant();

    private static JsonObject Hashes(IReadOnlyDictionary<string, ContentHash>? hashes)
        => hashes is null ? [] : new JsonObject([.. hashes.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value.ToString()))]);

    private static JsonObject Metrics(ExecutionRecord? execution)
    {
        var result = new JsonObject();
        if (execution is null)
        {
            return result;
        }

        foreach (var (name, value) in execution.Metrics)
        {
            result[name] = double.IsFinite(value) ? value.ToString("R", CultureInfo.InvariantCulture) : value.ToString(CultureInfo.InvariantCulture);
        }

        if (execution.Convergence is { } c)
        {
            result["converged"] = c.Converged ? "true" : "false";
            result["iterations"] = c.Iterations.ToString(CultureInfo.InvariantCulture);
        }

        return result;
    }

    private List<KeyChange> EnvironmentChanges(RunRecord a, RunRecord b)
    {
        if (a.EnvironmentId == b.EnvironmentId)
        {
            return [];
        }

        var envA = Flatten(store.Provenance.GetEnvironment(a.EnvironmentId)?.ContentJson);
        var envB = Flatten(store.Provenance.GetEnvironment(b.EnvironmentId)?.ContentJson);
        return [.. KeyComponents.Compare("environment", envA, envB)];
    }

    /// <summary>A nested JSON object flattened to dotted paths (arrays kept as JSON text).</summary>
    internal static JsonObject Flatten(string? json)
    {
        var result = new JsonObject();
        if (json is not null && JsonNode.Parse(json) is JsonObject root)
        {
            Walk(root, "", result);
        }

        return result;
    }

    private static void Walk(JsonObject node, string prefix, JsonObject result)
    {
        foreach (var (name, value) in node)
        {
            var path = prefix.Length == 0 ? name : prefix + "." + name;
            if (value is JsonObject child)
            {
                Walk(child, path, result);
            }
            else
            {
                result[path] = value?.DeepClone();
            }
        }
    }

    private static JsonObject Object(string json) => JsonNode.Parse(json) as JsonObject ?? [];

    private static string Num(ulong value) => value.ToString(CultureInfo.InvariantCulture);
}
