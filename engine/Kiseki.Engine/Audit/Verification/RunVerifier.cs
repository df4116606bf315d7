using System.Globalization;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Provenance;

namespace Kiseki.Engine.Audit;

/// <summary>The state of one recorded output object of a run.</summary>
/// <param name="StepId">The step that produced (or reused) it.</param>
/// <param name="Port">The output port.</param>
/// <param name="Artifact">The artifact hash recorded for the port.</param>
/// <param name="Object">The object checked (the artifact itself or one of its blobs).</param>
/// <param name="State">Intact, missing or corrupted.</param>
/// <param name="Actual">What a corrupted object's content hashes to.</param>
public sealed record ObjectCheck(string StepId, string Port, ContentHash Artifact, ContentHash Object, ObjectState State, ContentHash? Actual)
{
    /// <inheritdoc />
    public override string ToString() => State switch
    {
        ObjectState.Intact => $"ok         {StepId}.{Port}  {Object}",
        ObjectState.Missing => $"MISSING    {StepId}.{Port}  {Object}",
        _ => $"CORRUPTED  {StepId}.{Port}  {Object} (content hashes to {Actual})",
    };
}

/// <summary>The re-execution result of one output.</summary>
/// <param name="StepId">The step.</param>
/// <param name="Port">The output port (empty when the step could not be re-executed).</param>
/// <param name="Recorded">The recorded hash.</param>
/// <param name="Recomputed">The recomputed hash (null when not recomputed).</param>
/// <param name="Outcome"><c>identical</c>, <c>within tolerance</c>, <c>different</c>, or <c>not verified</c>.</param>
/// <param name="MaxRelativeError">The largest relative difference.</param>
/// <param name="Detail">What differs, or why it could not be verified.</param>
public sealed record ExecutionCheck(
    string StepId, string Port, ContentHash? Recorded, ContentHash? Recomputed, string Outcome, double MaxRelativeError, string? Detail)
{
    /// <summary>Whether this result fails verification.</summary>
    public bool Fails => Outcome is "different" or "not verified";

    /// <inheritdoc />
    public override string ToString()
        => $"{Outcome,-16} {StepId}{(Port.Length > 0 ? "." + Port : "")}" + (Detail is null ? "" : $"  {Detail}");
}

/// <summary>What <c>kiseki verify</c> found.</summary>
public sealed record VerifyReport(RunRecord Run, IReadOnlyList<ObjectCheck> Objects, IReadOnlyList<ExecutionCheck>? Executions, IReadOnlyList<string> Notes)
{
    /// <summary>True when every object is intact and (with re-execution) no output differs.</summary>
    public bool Passed => Objects.All(o => o.State == ObjectState.Intact) && (Executions?.All(e => !e.Fails) ?? true);

    /// <summary>The report as JSON.</summary>
    public JsonObject ToJson() => new()
    {
        ["run"] = Run.Id,
        ["status"] = Run.Status.ToString().ToLowerInvariant(),
        ["passed"] = Passed,
        ["objects"] = new JsonArray([.. Objects.Select(o => (JsonNode?)new JsonObject
        {
            ["step"] = o.StepId, ["port"] = o.Port, ["artifact"] = o.Artifact.ToString(), ["object"] = o.Object.ToString(),
            ["state"] = o.State.ToString().ToLowerInvariant(), ["actual"] = o.Actual?.ToString(),
        })]),
        ["executions"] = Executions is null ? null : new JsonArray([.. Executions.Select(e => (JsonNode?)new JsonObject
        {
            ["step"] = e.StepId, ["port"] = e.Port, ["recorded"] = e.Recorded?.ToString(), ["recomputed"] = e.Recomputed?.ToString(),
            ["outcome"] = e.Outcome, ["max_relative_error"] = double.IsFinite(e.MaxRelativeError) ? e.MaxRelativeError : null,
            ["detail"] = e.Detail,
        })]),
        ["notes"] = new JsonArray([.. Notes.Select(n => (JsonNode?)n)]),
    };

    /// <summary>Plain text lines.</summary>
    public IEnumerable<string> ToLines()
    {
        yield return $"verify run {Run.Id} ({Run.WorkflowName}, {Run.Status.ToString().ToLowerInvariant()})";
        foreach (var note in Notes)
        {
            yield return "note: " + note;
        }

        foreach (var check in Objects)
        {
            yield return check.ToString();
        }

        var bad = Objects.Count(o => o.State != ObjectState.Intact);
        yield return $"{Objects.Count} objects re-hashed: {Objects.Count - bad} intact, {Objects.Count(o => o.State == ObjectState.Missing)} missing, "
                     + $"{Objects.Count(o => o.State == ObjectState.Corrupted)} corrupted";
        if (Executions is not null)
        {
            foreach (var check in Executions)
            {
                yield return check.ToString();
            }

            yield return $"{Executions.Count} outputs re-executed: {Executions.Count(e => e.Outcome == "identical")} identical, "
                         + $"{Executions.Count(e => e.Outcome == "within tolerance")} within tolerance, {Executions.Count(e => e.Outcome == "different")} different, "
                         + $"{Executions.Count(e => e.Outcome == "not verified")} not verified";
        }

        yield return Passed ? "verified" : "VERIFICATION FAILED";
    }
}

/// <summary>Re-hashes every recorded output object of a run (and, with a re-executor, recomputes every step).</summary>
public sealed class RunVerifier(AuditStore store)
{
    /// <summary>Checks the objects of run <paramref name="runIdOrPrefix"/>; re-executes when <paramref name="reexecutor"/> is given.</summary>
    public async Task<VerifyReport> VerifyAsync(string runIdOrPrefix, StepReexecutor? reexecutor = null, CancellationToken cancellationToken = default)
    {
        var run = store.ResolveRun(runIdOrPrefix);
        var steps = store.Steps(run);
        var notes = new List<string>();
        if (run.Status != RunStatus.Succeeded)
        {
            notes.Add($"run {run.Id} {run.Status.ToString().ToLowerInvariant()}" + (run.Error is null ? "" : $" ({run.Error})")
                      + "; only the steps that succeeded or were cached are verified");
        }

        foreach (var step in steps.Where(s => s.Step.Status is not (RunStepStatus.Succeeded or RunStepStatus.Cached)))
        {
            notes.Add($"step {step.Id} {step.Step.Status.ToString().ToLowerInvariant()}: nothing to verify");
        }

        var verified = steps.Where(s => s.Step.Status is RunStepStatus.Succeeded or RunStepStatus.Cached).ToList();
        foreach (var step in verified.Where(s => s.Execution is null || s.Execution.Status != ExecutionStatus.Succeeded))
        {
            notes.Add($"step {step.Id}: no successful execution is recorded for its key {step.Step.StepKey}");
        }

        var checks = new List<ObjectCheck>();
        var seen = new HashSet<ContentHash>();
        foreach (var step in verified)
        {
            if (step.Execution is not { Status: ExecutionStatus.Succeeded } execution)
            {
                continue;
            }

            foreach (var (port, hash) in execution.OutputHashes.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                foreach (var obj in store.ObjectsOf(hash).Where(seen.Add))
                {
                    var state = store.Check(obj, out var actual);
                    checks.Add(new ObjectCheck(step.Id, port, hash, obj, state, state == ObjectState.Corrupted ? actual : null));
                }
            }
        }

        IReadOnlyList<ExecutionCheck>? executions = null;
        if (reexecutor is not null)
        {
            var list = new List<ExecutionCheck>();
            foreach (var step in verified.Where(s => s.Execution is { Status: ExecutionStatus.Succeeded }))
            {
                list.AddRange(await reexecutor.CheckAsync(run, step.Id, step.Execution!, cancellationToken).ConfigureAwait(false));
            }

            executions = list;
        }

        return new VerifyReport(run, checks, executions, notes);
    }

    /// <summary>Formats a relative error for messages.</summary>
    internal static string Format(double value) => value.ToString("G3", CultureInfo.InvariantCulture);
}
