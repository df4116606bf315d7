using System.Text.Json.Nodes;
using Kiseki.Provenance;

namespace Kiseki.Engine.Audit;

/// <summary>What <c>kiseki explain</c> reports for one step of one run.</summary>
/// <param name="StepId">The step id.</param>
/// <param name="Run">The run examined.</param>
/// <param name="Step">The run step (status, cache hit, rerun reasons).</param>
/// <param name="Execution">The execution its key refers to.</param>
/// <param name="Components">The key components of that execution.</param>
/// <param name="Previous">The previous execution of the same step in an earlier run of the same workflow, if any.</param>
/// <param name="PreviousRunId">The run of <paramref name="Previous"/>.</param>
/// <param name="Changes">Components that differ from the previous execution (empty when the key is the same).</param>
/// <param name="Producers">Input port → the step that produced that input (absent for external inputs).</param>
public sealed record StepExplanation(
    string StepId, RunRecord Run, RunStepRecord Step, ExecutionRecord? Execution, KeyComponents? Components,
    ExecutionRecord? Previous, string? PreviousRunId, IReadOnlyList<KeyChange> Changes, IReadOnlyDictionary<string, string> Producers)
{
    /// <summary>The explanation as JSON.</summary>
    public JsonObject ToJson() => new()
    {
        ["step"] = StepId,
        ["run"] = Run.Id,
        ["status"] = Step.Status.ToString().ToLowerInvariant(),
        ["cache_hit"] = Step.CacheHit,
        ["rerun_reasons"] = new JsonArray([.. Step.RerunReasons.Select(r => (JsonNode?)r)]),
        ["key"] = Step.StepKey?.ToString(),
        ["components"] = Components is null ? null : new JsonArray([.. Components.Rows().Select(r => (JsonNode?)new JsonObject
        {
            ["component"] = r.Component, ["name"] = r.Name, ["value"] = r.Value,
            ["produced_by"] = r.Component == "input" && Producers.TryGetValue(r.Name, out var p) ? p : null,
        })]),
        ["previous"] = Previous is null ? null : new JsonObject
        {
            ["run"] = PreviousRunId,
            ["key"] = Previous.StepKey.ToString(),
            ["same_key"] = Previous.StepKey == Step.StepKey,
        },
        ["changes"] = new JsonArray([.. Changes.Select(c => (JsonNode?)c.ToJson())]),
    };

    /// <summary>Plain text lines.</summary>
    public IEnumerable<string> ToLines()
    {
        var why = Step.CacheHit ? "cached" : Step.RerunReasons.Count > 0 ? "ran: " + string.Join(", ", Step.RerunReasons) : "ran";
        yield return $"step {StepId} in run {Run.Id} ({Run.WorkflowName}): {Step.Status.ToString().ToLowerInvariant()} ({why})";
        yield return $"key {Step.StepKey?.ToString() ?? "(not computed: an upstream step failed)"}";
        if (Components is not null)
        {
            yield return "components:";
            foreach (var (component, name, value) in Components.Rows())
            {
                var from = component == "input" && Producers.TryGetValue(name, out var p) ? $"  (from {p})" : component == "input" ? "  (external input)" : "";
                yield return $"  {component,-9} {name,-24} {value}{from}";
            }
        }

        if (Previous is null)
        {
            yield return "previous: none (no earlier run of this workflow executed this step)";
            yield break;
        }

        if (Previous.StepKey == Step.StepKey)
        {
            yield return $"previous: run {PreviousRunId}: same key; nothing changed";
            yield break;
        }

        yield return $"previous: run {PreviousRunId}, key {Previous.StepKey}; changed:";
        foreach (var change in Changes)
        {
            yield return "  " + change;
        }
    }
}

/// <summary>Explains a step: its key components and what changed since the previous execution of the same step.</summary>
public sealed class StepExplainer(AuditStore store)
{
    /// <summary>Explains <paramref name="stepId"/> in <paramref name="runIdOrPrefix"/> (default: the newest run that has the step).</summary>
    public StepExplanation Explain(string stepId, string? runIdOrPrefix = null)
    {
        var provenance = store.Provenance;
        RunRecord run;
        RunStepRecord step;
        if (runIdOrPrefix is not null)
        {
            run = store.ResolveRun(runIdOrPrefix);
            var steps = provenance.RunSteps(run.Id);
            step = steps.FirstOrDefault(s => s.StepId == stepId)
                   ?? throw AuditException.NoSuchStep(run.Id, stepId, steps.Select(s => s.StepId));
        }
        else
        {
            var history = provenance.ExecutionsForStep(stepId);
            if (history.Count == 0)
            {
                var latest = provenance.ListRuns(1).FirstOrDefault();
                var known = latest is null ? "" : $" The newest run ({latest.Id}) has: {string.Join(", ", provenance.RunSteps(latest.Id).Select(s => s.StepId))}.";
                throw AuditException.NoRecordedStep(stepId, known);
            }

            step = history[0].RunStep;
            run = provenance.GetRun(step.RunId)!;
        }

        var execution = store.ExecutionOf(step);
        var components = execution is null ? null : KeyComponents.Parse(execution.KeyComponents);
        var previous = provenance.ExecutionsForStep(stepId, run.Id).FirstOrDefault(e => e.Execution is not null);
        var changes = components is not null && previous?.Execution is { } before
            ? components.ChangesFrom(KeyComponents.Parse(before.KeyComponents))
            : [];
        var producers = new Dictionary<string, string>(StringComparer.Ordinal);
        if (execution is not null)
        {
            foreach (var (port, hash) in execution.InputHashes)
            {
                if (store.Producer(hash) is { } producer)
                {
                    producers[port] = producer.StepId;
                }
            }
        }

        return new StepExplanation(stepId, run, step, execution, components, previous?.Execution, previous?.RunStep.RunId, changes, producers);
    }
}
