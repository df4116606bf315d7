using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Hashing;
using Kiseki.Engine.Planning;
using Kiseki.Provenance;

namespace Kiseki.Engine.Execution;

/// <summary>Builds the provenance records of one run's steps: run-step rows, execution records and artifact records.</summary>
internal sealed class StepRecords(string runId, ContentHash environmentId)
{
    /// <summary>The run-step row of <paramref name="planned"/>.</summary>
    public RunStepRecord Row(
        PlannedStep planned, ContentHash? key, RunStepStatus status, RerunReason reasons, string? error, string? skippedBecause,
        DateTimeOffset? started, DateTimeOffset? finished)
        => new()
        {
            RunId = runId,
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

    /// <summary>The execution record of a step that ran (succeeded, failed or cancelled).</summary>
    public ExecutionRecord Execution(Completion completion, StepOutcome outcome, IReadOnlyDictionary<string, ContentHash> outputs)
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
            EnvironmentId = environmentId,
            RunId = runId,
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

    /// <summary>The row of a step skipped because <paramref name="failedId"/> failed.</summary>
    public RunStepRecord Skipped(string stepId, string declaredId, string failedId, string detail)
        => new()
        {
            RunId = runId,
            StepId = stepId,
            DeclaredStepId = declaredId,
            StepKey = null,
            CacheHit = false,
            RerunReasons = RerunReasons.Names(RerunReason.UpstreamChanged),
            Status = RunStepStatus.Skipped,
            SkippedBecause = failedId,
            Error = detail,
        };
}
