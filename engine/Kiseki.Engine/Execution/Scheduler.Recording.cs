using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Hashing;
using Kiseki.Engine.Planning;
using Kiseki.Provenance;

namespace Kiseki.Engine.Execution;

/// <summary>How the scheduler records steps: the initial rows, finished steps (through the journal), skipped and unstarted steps.</summary>
public sealed partial class Scheduler
{
    private void RecordInitialSteps(ExecutionPlan plan)
    {
        var rows = new List<RunStepRecord>(plan.Steps.Count);
        foreach (var planned in plan.Steps)
        {
            if (planned.Status == PlannedStatus.Cached)
            {
                var hit = planned.CachedExecution!;
                _outputs[planned.Id] = hit.OutputHashes;
                _reports[planned.Id] = new StepReport(planned.Id, RunStepStatus.Cached, planned.Key!.Digest, RerunReason.None, hit.OutputHashes, null);
                rows.Add(Row(planned, planned.Key.Digest, RunStepStatus.Cached, RerunReason.None, null, null, null, null));
                context.Observer.StepFinished(planned.Id, RunStepStatus.Cached, null, TimeSpan.Zero);
            }
            else
            {
                rows.Add(Row(planned, planned.Key?.Digest, RunStepStatus.Pending, planned.Reasons, null, null, null, null));
            }
        }

        context.Provenance.Record(new ProvenanceBatch { RunSteps = rows });
    }

    /// <summary>
    /// Applies a finished step to the run's state (outputs, kinds, report) and returns what must be recorded for it;
    /// the observer hears of the step only once that record is committed.
    /// </summary>
    private PendingRecord Apply(Completion completion)
    {
        var planned = completion.Step;
        var now = context.Clock.GetUtcNow();
        if (completion.CacheHit is { } hit)
        {
            _outputs[planned.Id] = hit.OutputHashes;
            var cachedReport = SetReport(planned, RunStepStatus.Cached, completion.Key.Digest, RerunReason.None, hit.OutputHashes, null);
            return new PendingRecord(
                RunStepStatus.Cached, [], null, Row(planned, completion.Key.Digest, RunStepStatus.Cached, RerunReason.None, null, null, now, now),
                completion.Lock, () => Notify(cachedReport, RerunReason.None, TimeSpan.Zero));
        }

        var outcome = completion.Outcome!;
        var reasons = planned.Reasons == RerunReason.None ? RerunReason.NoRecord : planned.Reasons;
        var status = outcome.Status switch
        {
            StepOutcomeStatus.Succeeded => RunStepStatus.Succeeded,
            StepOutcomeStatus.Cancelled => RunStepStatus.Cancelled,
            _ => RunStepStatus.Failed,
        };
        var outputs = outcome.Outputs.ToDictionary(p => p.Key, p => p.Value.Hash, StringComparer.Ordinal);
        foreach (var stored in outcome.Outputs.Values)
        {
            _kinds[stored.Hash] = stored.Kind;
        }

        var execution = Execution(completion, outcome, outputs);
        var row = Row(planned, completion.Key.Digest, status, reasons, outcome.Error, null, outcome.StartedAt, outcome.FinishedAt);
        if (status == RunStepStatus.Succeeded)
        {
            _outputs[planned.Id] = outputs;
        }

        var report = SetReport(planned, status, completion.Key.Digest, reasons, outputs, outcome.Error);
        var duration = outcome.FinishedAt - outcome.StartedAt;
        return new PendingRecord(
            status, [.. outcome.Outputs.Values.Select(a => ArtifactRecordOf(a, completion.Key.Digest))], execution, row, completion.Lock,
            () => Notify(report, reasons, duration));
    }

    private void SkipDescendants(string failedId, IReadOnlyDictionary<string, List<string>> children)
    {
        var stack = new Stack<string>(children[failedId]);
        var rows = new List<RunStepRecord>();
        while (stack.Count > 0)
        {
            var id = stack.Pop();
            if (_reports.ContainsKey(id))
            {
                continue;
            }

            var detail = $"skipped because step '{failedId}' failed";
            _reports[id] = new StepReport(id, RunStepStatus.Skipped, null, RerunReason.UpstreamChanged, new Dictionary<string, ContentHash>(), detail);
            rows.Add(new RunStepRecord
            {
                RunId = context.RunId,
                StepId = id,
                DeclaredStepId = _steps[id].DeclaredId,
                StepKey = null,
                CacheHit = false,
                RerunReasons = RerunReasons.Names(RerunReason.UpstreamChanged),
                Status = RunStepStatus.Skipped,
                SkippedBecause = failedId,
                Error = detail,
            });
            context.Observer.StepFinished(id, RunStepStatus.Skipped, detail, TimeSpan.Zero);
            foreach (var child in children[id])
            {
                stack.Push(child);
            }
        }

        if (rows.Count > 0)
        {
            context.Provenance.Record(new ProvenanceBatch { RunSteps = rows });
        }
    }

    private void RecordUnstarted(ExecutionPlan plan, bool cancelled, string? stoppedBy)
    {
        var rows = new List<RunStepRecord>();
        foreach (var planned in plan.Steps.Where(s => !_reports.ContainsKey(s.Id)))
        {
            var status = cancelled ? RunStepStatus.Cancelled : RunStepStatus.Skipped;
            var detail = cancelled
                ? "not started: the run was cancelled"
                : $"not started: the run stopped after step '{stoppedBy}' failed (use --keep-going to run independent steps)";
            _reports[planned.Id] = new StepReport(planned.Id, status, planned.Key?.Digest, planned.Reasons, new Dictionary<string, ContentHash>(), detail);
            rows.Add(Row(planned, planned.Key?.Digest, status, planned.Reasons, detail, cancelled ? null : stoppedBy, null, null));
            context.Observer.StepFinished(planned.Id, status, detail, TimeSpan.Zero);
        }

        if (rows.Count > 0)
        {
            context.Provenance.Record(new ProvenanceBatch { RunSteps = rows });
        }
    }

    private StepReport SetReport(
        PlannedStep planned, RunStepStatus status, ContentHash key, RerunReason reasons, IReadOnlyDictionary<string, ContentHash> outputs,
        string? detail)
    {
        var report = new StepReport(planned.Id, status, key, reasons, outputs, detail);
        _reports[planned.Id] = report;
        return report;
    }

    private void Notify(StepReport report, RerunReason reasons, TimeSpan duration)
        => context.Observer.StepFinished(
            report.StepId, report.Status, report.Status == RunStepStatus.Succeeded ? RerunReasons.Describe(reasons) : report.Detail, duration);

    private RunStepRecord Row(
        PlannedStep planned, ContentHash? key, RunStepStatus status, RerunReason reasons, string? error, string? skippedBecause,
        DateTimeOffset? started, DateTimeOffset? finished)
        => new()
        {
            RunId = context.RunId,
            StepId = planned.Id,
            DeclaredStepId = planned.Step.DeclaredId,
            StepKey = key,
            CacheHit = status == RunStepStatus.Cached,
            RerunReasons = RerunReasons.Names(reasons),
            Status = status,
            Error = error,
            SkippedBecause = skippedBecause,
            StartedAt = started,
            FinishedAt = finished,
        };

    private ExecutionRecord Execution(Completion completion, StepOutcome outcome, IReadOnlyDictionary<string, ContentHash> outputs)
    {
        var step = completion.Step.Step;
        var inputs = new Dictionary<string, ContentHash>(StringComparer.Ordinal);
        foreach (var (port, value) in completion.Key.Components["inputs"]!.AsObject())
        {
            inputs[port] = ContentHash.Parse(value!.GetValue<string>());
        }

        return new ExecutionRecord
        {
            StepKey = completion.Key.Digest,
            KeyComponents = CanonicalJson.ToText(completion.Key.Components),
            MethodId = step.Method.Id,
            MethodVersion = step.Method.Version,
            ImplementationDigest = step.Method.ImplementationDigest,
            Parameters = CanonicalJson.ToText(step.CanonicalParameters),
            InputHashes = inputs,
            OutputHashes = outputs,
            Seed = step.Seed,
            Convergence = outcome.Convergence is { } c ? new ConvergenceRecord(c.Converged, c.Iterations, c.Reason) : null,
            Metrics = outcome.Metrics,
            StartedAt = outcome.StartedAt,
            FinishedAt = outcome.FinishedAt,
            DurationSeconds = (outcome.FinishedAt - outcome.StartedAt).TotalSeconds,
            LogExcerpt = outcome.LogExcerpt,
            Status = outcome.Status switch
            {
                StepOutcomeStatus.Succeeded => ExecutionStatus.Succeeded,
                StepOutcomeStatus.Cancelled => ExecutionStatus.Cancelled,
                _ => ExecutionStatus.Failed,
            },
            Error = outcome.Error,
            Host = System.Environment.MachineName,
            EnvironmentId = context.EnvironmentId,
            RunId = context.RunId,
        };
    }

    /// <summary>The provenance record of a stored artifact produced by <paramref name="producedBy"/>.</summary>
    public static ArtifactRecord ArtifactRecordOf(StoredArtifact artifact, ContentHash? producedBy)
        => new()
        {
            Hash = artifact.Hash,
            Kind = artifact.Kind,
            MediaType = artifact.MediaType,
            Size = artifact.Size,
            Shape = artifact.Shape?.Select(d => (long)d).ToArray(),
            DType = artifact.DType,
            ProducedBy = producedBy,
            Blobs = [.. artifact.Blobs.Where(b => b != artifact.Hash)],
        };
}
