namespace Kiseki.Provenance;

/// <summary>
/// Records written together in one short transaction by <see cref="IProvenanceStore.Record"/>: either all of them
/// are visible afterwards or none (e.g. a step's artifacts, its execution and its run-step row).
/// </summary>
public sealed record ProvenanceBatch
{
    /// <summary>Environments to record (idempotent).</summary>
    public IReadOnlyList<EnvironmentRecord> Environments { get; init; } = [];

    /// <summary>Artifacts to record (idempotent).</summary>
    public IReadOnlyList<ArtifactRecord> Artifacts { get; init; } = [];

    /// <summary>Executions to record (see <see cref="IProvenanceStore.RecordExecution"/>).</summary>
    public IReadOnlyList<ExecutionRecord> Executions { get; init; } = [];

    /// <summary>Run steps to upsert by (run, step).</summary>
    public IReadOnlyList<RunStepRecord> RunSteps { get; init; } = [];
}
