using Kiseki.Abstractions.Artifacts;
using LiteDB;

namespace Kiseki.Provenance.LiteDb;

/// <summary>The LiteDB implementation of <see cref="IProvenanceStore"/> (<c>.kiseki/provenance.db</c>).</summary>
public sealed partial class LiteDbProvenanceStore : IProvenanceStore
{
    /// <summary>The database file name inside the store folder.</summary>
    public const string FileName = "provenance.db";

    /// <summary>The newest schema version this build reads and writes.</summary>
    public const int CurrentSchemaVersion = 1;

    private readonly LiteDatabase database;
    private readonly ProvenanceOpenOptions options;

    private LiteDbProvenanceStore(string filePath, LiteDatabase database, ProvenanceOpenOptions options, int schemaVersion)
    {
        FilePath = filePath;
        this.database = database;
        this.options = options;
        SchemaVersion = schemaVersion;
    }

    /// <inheritdoc />
    public int SchemaVersion { get; }

    /// <inheritdoc />
    public string FilePath { get; }

    /// <inheritdoc />
    public bool IsReadOnly => options.ReadOnly;

    /// <summary>
    /// Opens (or, unless read-only, creates) <c>provenance.db</c> inside <paramref name="storeDirectory"/>
    /// (the <c>.kiseki</c> folder).
    /// </summary>
    public static LiteDbProvenanceStore Open(string storeDirectory, ProvenanceOpenOptions? options = null)
        => throw new NotImplementedException();

    /// <inheritdoc />
    public void BeginRun(RunRecord run) => throw new NotImplementedException();

    /// <inheritdoc />
    public void UpdateRunStatus(string runId, RunStatus status, DateTimeOffset? finishedAt, string? error) => throw new NotImplementedException();

    /// <inheritdoc />
    public RunRecord? GetRun(string runId) => throw new NotImplementedException();

    /// <inheritdoc />
    public RunIdResolution ResolveRunId(string prefix) => throw new NotImplementedException();

    /// <inheritdoc />
    public IReadOnlyList<RunRecord> ListRuns(int limit) => throw new NotImplementedException();

    /// <inheritdoc />
    public bool RecordExecution(ExecutionRecord execution) => throw new NotImplementedException();

    /// <inheritdoc />
    public ExecutionRecord? FindSuccessfulExecution(ContentHash stepKey) => throw new NotImplementedException();

    /// <inheritdoc />
    public IReadOnlyList<ExecutionRecord> FailedAttempts(ContentHash stepKey) => throw new NotImplementedException();

    /// <inheritdoc />
    public IReadOnlyList<StepExecution> ExecutionsForStep(string stepId, string? beforeRunId = null) => throw new NotImplementedException();

    /// <inheritdoc />
    public void RecordRunStep(RunStepRecord step) => throw new NotImplementedException();

    /// <inheritdoc />
    public IReadOnlyList<RunStepRecord> RunSteps(string runId) => throw new NotImplementedException();

    /// <inheritdoc />
    public void RecordArtifact(ArtifactRecord artifact) => throw new NotImplementedException();

    /// <inheritdoc />
    public ArtifactRecord? GetArtifact(ContentHash hash) => throw new NotImplementedException();

    /// <inheritdoc />
    public IReadOnlySet<ContentHash> AllReferencedObjectHashes() => throw new NotImplementedException();

    /// <inheritdoc />
    public IReadOnlySet<ContentHash> ObjectHashesReferencedByRuns(IEnumerable<string> runIds) => throw new NotImplementedException();

    /// <inheritdoc />
    public void RecordEnvironment(EnvironmentRecord environment) => throw new NotImplementedException();

    /// <inheritdoc />
    public EnvironmentRecord? GetEnvironment(ContentHash id) => throw new NotImplementedException();

    /// <inheritdoc />
    public void Record(ProvenanceBatch batch) => throw new NotImplementedException();

    /// <inheritdoc />
    public IReadOnlyList<string> MarkInterruptedRuns() => throw new NotImplementedException();

    /// <inheritdoc />
    public void Dispose() => database.Dispose();
}
