using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Provenance;

/// <summary>
/// The provenance store: runs, executions (by step key), run steps, artifacts and environments.
/// Implementations are safe to use from several threads and from several processes on one machine at once.
/// Every write is a short transaction; a failed write throws <see cref="ProvenanceStoreException"/> and leaves
/// previously recorded data readable.
/// </summary>
public interface IProvenanceStore : IDisposable
{
    /// <summary>The schema version of the open store.</summary>
    int SchemaVersion { get; }

    /// <summary>The database file.</summary>
    string FilePath { get; }

    /// <summary>Whether the store was opened read-only.</summary>
    bool IsReadOnly { get; }

    /// <summary>Records a new run (normally with status <see cref="RunStatus.Running"/>). Throws if the id exists.</summary>
    void BeginRun(RunRecord run);

    /// <summary>Sets a run's status, finish time and error. Throws if the run is unknown.</summary>
    void UpdateRunStatus(string runId, RunStatus status, DateTimeOffset? finishedAt, string? error);

    /// <summary>The run with exactly this id, or null.</summary>
    RunRecord? GetRun(string runId);

    /// <summary>Resolves a full id or a unique prefix (case-insensitive) to a run id.</summary>
    RunIdResolution ResolveRunId(string prefix);

    /// <summary>The newest <paramref name="limit"/> runs, newest first.</summary>
    IReadOnlyList<RunRecord> ListRuns(int limit);

    /// <summary>
    /// Records an execution. A success is stored under its step key unless a success with that key already exists
    /// (the first one is kept; returns false then). A failed or cancelled attempt is stored separately under a new
    /// attempt id and never replaces a success. Returns true when a new record was written.
    /// </summary>
    bool RecordExecution(ExecutionRecord execution);

    /// <summary>The successful execution with this step key, or null.</summary>
    ExecutionRecord? FindSuccessfulExecution(ContentHash stepKey);

    /// <summary>
    /// The successful executions of every key of <paramref name="stepKeys"/> that has one, read in one transaction
    /// (keys without a success are absent from the result).
    /// </summary>
    IReadOnlyDictionary<ContentHash, ExecutionRecord> FindSuccessfulExecutions(IEnumerable<ContentHash> stepKeys);

    /// <summary>
    /// For every step id of <paramref name="stepIds"/>, the execution of its newest run step that has one (what
    /// <see cref="ExecutionsForStep"/> lists first), read in one transaction; ids without any are absent.
    /// </summary>
    /// <param name="stepIds">The step ids.</param>
    /// <param name="workflowName">When given, only runs of the workflow with this name count (another workflow may reuse a step id).</param>
    IReadOnlyDictionary<string, ExecutionRecord> LatestExecutions(IEnumerable<string> stepIds, string? workflowName = null);

    /// <summary>The artifacts of every hash of <paramref name="hashes"/> that is recorded, read in one transaction.</summary>
    IReadOnlyDictionary<ContentHash, ArtifactRecord> GetArtifacts(IEnumerable<ContentHash> hashes);

    /// <summary>Failed and cancelled attempts with this step key, oldest first.</summary>
    IReadOnlyList<ExecutionRecord> FailedAttempts(ContentHash stepKey);

    /// <summary>
    /// The history of a step id, newest run first: each run step with a step key, with its execution.
    /// With <paramref name="beforeRunId"/>, only runs of the same workflow name that started before that run.
    /// </summary>
    IReadOnlyList<StepExecution> ExecutionsForStep(string stepId, string? beforeRunId = null);

    /// <summary>Inserts or replaces the row of (run, step).</summary>
    void RecordRunStep(RunStepRecord step);

    /// <summary>The steps of a run, in the order they were first recorded.</summary>
    IReadOnlyList<RunStepRecord> RunSteps(string runId);

    /// <summary>Records an artifact; recording the same hash again is a no-op.</summary>
    void RecordArtifact(ArtifactRecord artifact);

    /// <summary>The artifact with this hash, or null.</summary>
    ArtifactRecord? GetArtifact(ContentHash hash);

    /// <summary>
    /// Every object hash the store refers to (artifacts and their blobs, execution inputs and outputs); <c>gc</c>
    /// must keep these.
    /// </summary>
    IReadOnlySet<ContentHash> AllReferencedObjectHashes();

    /// <summary>
    /// The object hashes the given runs refer to (outputs and inputs of their steps' executions, with the blobs
    /// of those artifacts); for <c>gc --keep-last N</c>.
    /// </summary>
    IReadOnlySet<ContentHash> ObjectHashesReferencedByRuns(IEnumerable<string> runIds);

    /// <summary>Records an environment; recording the same id again is a no-op.</summary>
    void RecordEnvironment(EnvironmentRecord environment);

    /// <summary>The environment with this id, or null.</summary>
    EnvironmentRecord? GetEnvironment(ContentHash id);

    /// <summary>Writes all records of <paramref name="batch"/> in one transaction.</summary>
    void Record(ProvenanceBatch batch);

    /// <summary>
    /// Marks runs still <see cref="RunStatus.Running"/> whose process is gone as <see cref="RunStatus.Interrupted"/>
    /// (their running steps become <see cref="RunStepStatus.Cancelled"/>). Returns the ids marked.
    /// Called on every read-write open; a no-op returning nothing on a read-only store.
    /// </summary>
    IReadOnlyList<string> MarkInterruptedRuns();

    /// <summary>
    /// Checks every record of the store against its SHA-256 seal and every finished run's chain of step records;
    /// changes nothing.
    /// </summary>
    StoreIntegrity CheckIntegrity();
}
