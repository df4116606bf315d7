using LiteDB;

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
public sealed partial class LiteDbProvenanceStore : IProvenanceStore
{
    /// <summary>The database file name inside the store folder.</summary>
    public const string FileName = "provenance.db";

    /// <summary>The newest schema version this build reads and writes.</summary>
    public const int CurrentSchemaVersion = StoreSchema.CurrentVersion;

    private const string RunsCollection = StoreSchema.Runs;
    private const string ExecutionsCollection = StoreSchema.Executions;
    private const string AttemptsCollection = StoreSchema.Attempts;
    private const string RunStepsCollection = StoreSchema.RunSteps;
    private const string ArtifactsCollection = StoreSchema.Artifacts;
    private const string EnvironmentsCollection = StoreSchema.Environments;

    private readonly StoreConnection connection;
    private readonly ProvenanceOpenOptions options;

    private LiteDbProvenanceStore(StoreConnection connection, ProvenanceOpenOptions options)
    {
        this.connection = connection;
        this.options = options;
    }

    /// <inheritdoc />
    public int SchemaVersion => connection.SchemaVersion;

    /// <inheritdoc />
    public string FilePath => connection.FilePath;

    /// <inheritdoc />
    public bool IsReadOnly => options.ReadOnly;

    private TimeProvider Clock => options.TimeProvider;

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
    public void Dispose() => connection.Dispose();

    private T Read<T>(string what, Func<LiteDatabase, T> read) => connection.Read(what, read);

    private T Write<T>(string what, Func<LiteDatabase, T> write) => connection.Write(what, write);

    private void Write(string what, Action<LiteDatabase> write) => connection.Write(what, db =>
    {
        write(db);
        return true;
    });
}
