using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Provenance.LiteDb;

/// <summary>The LiteDB implementation of <see cref="IProvenanceStore"/> (<c>.kiseki/provenance.db</c>).</summary>
/// <remarks>
/// <para>
/// Concurrency: the database is opened with LiteDB <c>Connection=shared</c>. Every operation takes LiteDB's
/// machine-wide named mutex, opens the file, works and closes it, so several <c>kiseki</c> processes (two runs and a
/// reader) can use one store at once. Each read and write is one short explicit transaction under the store lock
/// (<see cref="StoreConnection"/>). The database must stay on a local disk: named mutexes do not reach other machines,
/// so cluster workers never open it (the coordinator records for them).
/// </para>
/// <para>
/// Safety: an existing file is inspected (header bytes, then a validation of an in-memory copy) before it is ever
/// opened for writing; a foreign, truncated or damaged file or one from a newer schema is refused with a
/// <see cref="ProvenanceStoreException"/> and never modified (<see cref="StoreValidation"/>). Every record carries the
/// SHA-256 of its canonical content and every read checks it (<see cref="RecordSeal"/>); a finished run chains its
/// step records (<see cref="RunChain"/>). A failed write rolls back and throws; what was committed before stays readable.
/// </para>
/// </remarks>
public sealed class LiteDbProvenanceStore : IProvenanceStore
{
    /// <summary>The database file name inside the store folder.</summary>
    public const string FileName = "provenance.db";

    /// <summary>The newest schema version this build reads and writes.</summary>
    public const int CurrentSchemaVersion = StoreSchema.CurrentVersion;

    private readonly StoreConnection connection;
    private readonly ProvenanceOpenOptions options;
    private readonly RunTable _runs;
    private readonly ExecutionTable _executions;
    private readonly BulkQueries _bulk;
    private readonly IntegrityCheck _integrity;

    private LiteDbProvenanceStore(StoreConnection connection, ProvenanceOpenOptions options)
    {
        this.connection = connection;
        this.options = options;
        _runs = new RunTable(connection, options);
        _executions = new ExecutionTable(connection);
        _bulk = new BulkQueries(connection);
        _integrity = new IntegrityCheck(connection);
    }

    /// <inheritdoc />
    public int SchemaVersion => connection.SchemaVersion;

    /// <inheritdoc />
    public string FilePath => connection.FilePath;

    /// <inheritdoc />
    public bool IsReadOnly => options.ReadOnly;

    /// <summary>
    /// Opens (or, unless read-only, creates) <c>provenance.db</c> inside <paramref name="storeDirectory"/>
    /// (the <c>.kiseki</c> folder). A read-write open marks interrupted runs (see <see cref="MarkInterruptedRuns"/>).
    /// </summary>
    /// <exception cref="ProvenanceStoreException">
    /// The file is foreign or damaged, from a newer schema, missing (read-only), or cannot be created.
    /// </exception>
    public static LiteDbProvenanceStore Open(string storeDirectory, ProvenanceOpenOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storeDirectory);
        options ??= ProvenanceOpenOptions.Default;
        var filePath = Path.Combine(Path.GetFullPath(storeDirectory), FileName);
        var store = new LiteDbProvenanceStore(StoreConnection.Open(filePath, options.ReadOnly), options);
        if (!options.ReadOnly && options.MarkInterruptedRunsOnOpen)
        {
            try
            {
                store.MarkInterruptedRuns();
            }
            catch
            {
                store.Dispose();
                throw;
            }
        }

        return store;
    }

    /// <inheritdoc />
    public IReadOnlyList<string> MarkInterruptedRuns() => _runs.MarkInterruptedRuns();

    /// <inheritdoc />
    public void BeginRun(RunRecord run) => _runs.BeginRun(run);

    /// <inheritdoc />
    public void UpdateRunStatus(string runId, RunStatus status, DateTimeOffset? finishedAt, string? error) => _runs.UpdateRunStatus(runId, status, finishedAt, error);

    /// <inheritdoc />
    public RunRecord? GetRun(string runId) => _runs.GetRun(runId);

    /// <inheritdoc />
    public RunIdResolution ResolveRunId(string prefix) => _runs.ResolveRunId(prefix);

    /// <inheritdoc />
    public IReadOnlyList<RunRecord> ListRuns(int limit) => _runs.ListRuns(limit);

    /// <inheritdoc />
    public void RecordRunStep(RunStepRecord step) => _runs.RecordRunStep(step);

    /// <inheritdoc />
    public IReadOnlyList<RunStepRecord> RunSteps(string runId) => _runs.RunSteps(runId);

    /// <inheritdoc />
    public bool RecordExecution(ExecutionRecord execution) => _executions.RecordExecution(execution);

    /// <inheritdoc />
    public ExecutionRecord? FindSuccessfulExecution(ContentHash stepKey) => _executions.FindSuccessfulExecution(stepKey);

    /// <inheritdoc />
    public IReadOnlyList<ExecutionRecord> FailedAttempts(ContentHash stepKey) => _executions.FailedAttempts(stepKey);

    /// <inheritdoc />
    public IReadOnlyList<StepExecution> ExecutionsForStep(string stepId, string? beforeRunId = null) => _executions.ExecutionsForStep(stepId, beforeRunId);

    /// <inheritdoc />
    public void RecordArtifact(ArtifactRecord artifact) => _executions.RecordArtifact(artifact);

    /// <inheritdoc />
    public ArtifactRecord? GetArtifact(ContentHash hash) => _executions.GetArtifact(hash);

    /// <inheritdoc />
    public void RecordEnvironment(EnvironmentRecord environment) => _executions.RecordEnvironment(environment);

    /// <inheritdoc />
    public EnvironmentRecord? GetEnvironment(ContentHash id) => _executions.GetEnvironment(id);

    /// <inheritdoc />
    public void Record(ProvenanceBatch batch) => _executions.Record(batch);

    /// <inheritdoc />
    public IReadOnlySet<ContentHash> AllReferencedObjectHashes() => _executions.AllReferencedObjectHashes();

    /// <inheritdoc />
    public IReadOnlySet<ContentHash> ObjectHashesReferencedByRuns(IEnumerable<string> runIds) => _executions.ObjectHashesReferencedByRuns(runIds);

    /// <inheritdoc />
    public IReadOnlyDictionary<ContentHash, ExecutionRecord> FindSuccessfulExecutions(IEnumerable<ContentHash> stepKeys) => _bulk.FindSuccessfulExecutions(stepKeys);

    /// <inheritdoc />
    public IReadOnlyDictionary<string, ExecutionRecord> LatestExecutions(IEnumerable<string> stepIds, string? workflowName = null) => _bulk.LatestExecutions(stepIds, workflowName);

    /// <inheritdoc />
    public IReadOnlyDictionary<ContentHash, ArtifactRecord> GetArtifacts(IEnumerable<ContentHash> hashes) => _bulk.GetArtifacts(hashes);

    /// <inheritdoc />
    public StoreIntegrity CheckIntegrity() => _integrity.CheckIntegrity();

    /// <inheritdoc />
    public void Dispose() => connection.Dispose();
}
