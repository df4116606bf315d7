using LiteDB;

namespace Kiseki.Provenance.LiteDb;

/// <summary>The LiteDB implementation of <see cref="IProvenanceStore"/> (<c>.kiseki/provenance.db</c>).</summary>
/// <remarks>
/// <para>
/// Concurrency: the database is opened with LiteDB <c>Connection=shared</c>. Every operation takes LiteDB's
/// machine-wide named mutex, opens the file, works and closes it, so several <c>kiseki</c> processes (two runs and a
/// reader) can use one store at once. Each write is one short explicit transaction (one mutex hold); threads of one
/// process are serialised by a lock per store instance. Opening, validating and initialising a store, and every
/// transaction and clean close, are done under a second named mutex (the store lock), so no process sees another's
/// half-created file and a clean close hashes a committed state. The database must stay on a local disk:
/// named mutexes do not reach other machines, so cluster workers never open it (the coordinator records for them).
/// </para>
/// <para>
/// Safety: an existing file is inspected (header bytes, then a read-only open and its <c>meta</c> collection) before
/// it is ever opened for writing; a foreign or damaged file or one from a newer schema is refused with a
/// <see cref="ProvenanceStoreException"/> and never modified. Validation reads every document once; afterwards the
/// exact bytes are remembered (<see cref="ValidationMemo"/>) so an unchanged store opens without a second scan. A failed write rolls back and throws; what was
/// committed before stays readable.
/// </para>
/// </remarks>
public sealed partial class LiteDbProvenanceStore : IProvenanceStore
{
    /// <summary>The database file name inside the store folder.</summary>
    public const string FileName = "provenance.db";

    /// <summary>The newest schema version this build reads and writes.</summary>
    public const int CurrentSchemaVersion = 1;

    internal const string MetaCollection = "meta";
    private const string RunsCollection = "runs";
    private const string ExecutionsCollection = "executions";
    private const string AttemptsCollection = "failed_executions";
    private const string RunStepsCollection = "run_steps";
    private const string ArtifactsCollection = "artifacts";
    private const string EnvironmentsCollection = "environments";
    internal const string SchemaDocumentId = "schema";
    internal const string ApplicationName = "kiseki-provenance";

    private readonly object gate = new();
    private readonly ProvenanceOpenOptions options;
    private readonly Mutex storeLock;
    private LiteDatabase database;
    private bool disposed;
    private bool writeFailed;

    private LiteDbProvenanceStore(string filePath, LiteDatabase database, ProvenanceOpenOptions options, int schemaVersion)
    {
        FilePath = filePath;
        this.database = database;
        this.options = options;
        SchemaVersion = schemaVersion;
        storeLock = StoreFile.OpenLock(filePath);
    }

    /// <inheritdoc />
    public int SchemaVersion { get; }

    /// <inheritdoc />
    public string FilePath { get; }

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
        LiteDbProvenanceStore store;
        using (var openLock = StoreFile.OpenLock(filePath))
        {
            StoreFile.Acquire(openLock);
            try
            {
                store = OpenLocked(filePath, options);
            }
            finally
            {
                openLock.ReleaseMutex();
            }
        }

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
    public void Dispose()
    {
        lock (gate)
        {
            if (!disposed)
            {
                disposed = true;
                StoreFile.Acquire(storeLock);
                try
                {
                    database.Dispose();
                    if (!options.ReadOnly && !writeFailed)
                    {
                        // A clean close after committed writes: remember these bytes so the next open need not
                        // validate every document again (see ValidationMemo).
                        StoreValidation.RememberCurrent(FilePath, SchemaVersion);
                    }
                }
                finally
                {
                    storeLock.ReleaseMutex();
                    storeLock.Dispose();
                }
            }
        }
    }

    private static LiteDbProvenanceStore OpenLocked(string filePath, ProvenanceOpenOptions options)
    {
        StoreFileState state;
        string reason;
        try
        {
            state = StoreFile.Inspect(filePath, out reason);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ProvenanceStoreException.ReadFailed(filePath, "the store file", e);
        }

        if (state == StoreFileState.Foreign)
        {
            throw ProvenanceStoreException.NotAStore(filePath, reason);
        }

        var version = state == StoreFileState.LiteDb ? StoreValidation.ReadSchemaVersion(filePath, remember: !options.ReadOnly) : null;
        if (options.ReadOnly)
        {
            if (version is null)
            {
                throw ProvenanceStoreException.Missing(filePath);
            }

            return new LiteDbProvenanceStore(filePath, Connect(filePath, readOnly: true), options, version.Value);
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(filePath)!);
            var database = Connect(filePath, readOnly: false);
            try
            {
                Initialise(database, version);
                return new LiteDbProvenanceStore(filePath, database, options, version ?? CurrentSchemaVersion);
            }
            catch
            {
                database.Dispose();
                throw;
            }
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            throw ProvenanceStoreException.WriteFailed(filePath, "a new provenance store", e);
        }
    }

    private static void Initialise(LiteDatabase database, int? version)
    {
        // One transaction (one open of the file in shared mode) for the schema record and every index.
        database.BeginTrans();
        try
        {
            if (version is null)
            {
                var meta = database.GetCollection(MetaCollection);
                if (meta.FindById(SchemaDocumentId) is null)
                {
                    meta.Insert(new BsonDocument
                    {
                        ["_id"] = SchemaDocumentId,
                        ["application"] = ApplicationName,
                        ["version"] = CurrentSchemaVersion,
                    });
                }
            }

            // Idempotent; run on every read-write open so an interrupted creation still ends with every index.
            database.GetCollection(RunsCollection).EnsureIndex("startedAt");
            database.GetCollection(RunsCollection).EnsureIndex("status");
            database.GetCollection(RunStepsCollection).EnsureIndex("runId");
            database.GetCollection(RunStepsCollection).EnsureIndex("stepId");
            database.GetCollection(AttemptsCollection).EnsureIndex("stepKey");
            database.GetCollection(AttemptsCollection).EnsureIndex("runId");
            database.GetCollection(ExecutionsCollection).EnsureIndex("runId");
            database.Commit();
        }
        catch
        {
            database.Rollback();
            throw;
        }
    }

    private static LiteDatabase Connect(string filePath, bool readOnly)
    {
        var connection = new ConnectionString
        {
            Filename = filePath,
            Connection = ConnectionType.Shared,
            ReadOnly = readOnly,
            Upgrade = false,
        };

        // Our own mapper instance (never the process-wide one); all documents are built explicitly in Documents/.
        return new LiteDatabase(connection, new BsonMapper());
    }

    private static bool IsStorageFailure(Exception e)
        => e is LiteException or IOException or UnauthorizedAccessException or AbandonedMutexException;

    private T Read<T>(string what, Func<LiteDatabase, T> read)
    {
        return UnderStoreLock(() => ReadLocked(what, read));
    }

    /// <summary>Runs <paramref name="body"/> on the open store, serialised within this process and under the store lock.</summary>
    private T UnderStoreLock<T>(Func<T> body)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            StoreFile.Acquire(storeLock);
            try
            {
                return body();
            }
            finally
            {
                storeLock.ReleaseMutex();
            }
        }
    }

    private T ReadLocked<T>(string what, Func<LiteDatabase, T> read)
    {
        // One explicit transaction per read: in shared mode LiteDB keeps the file open (one mutex hold) until the
        // transaction ends, instead of opening and closing it for every query of the read.
        var begun = false;
        try
        {
            begun = database.BeginTrans();
            var result = read(database);
            if (begun)
            {
                begun = false;
                database.Commit();
            }

            return result;
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            if (begun)
            {
                TryRollback();
            }

            throw ProvenanceStoreException.ReadFailed(FilePath, what, e);
        }
        catch
        {
            if (begun)
            {
                TryRollback();
            }

            throw;
        }
    }

    private T Write<T>(string what, Func<LiteDatabase, T> write)
    {
        if (options.ReadOnly)
        {
            throw ProvenanceStoreException.ReadOnly(FilePath, what);
        }

        return UnderStoreLock(() => WriteLocked(what, write));
    }

    private T WriteLocked<T>(string what, Func<LiteDatabase, T> write)
    {
        var begun = false;
        try
        {
            begun = database.BeginTrans();
            var result = write(database);
            database.Commit();
            return result;
        }
        catch (Exception e)
        {
            if (begun)
            {
                TryRollback();
            }

            if (IsStorageFailure(e))
            {
                writeFailed = true;
                Reconnect();
                throw ProvenanceStoreException.WriteFailed(FilePath, what, e);
            }

            throw;
        }
    }

    private void Write(string what, Action<LiteDatabase> write) => Write(what, db =>
    {
        write(db);
        return true;
    });

    private void TryRollback()
    {
        try
        {
            database.Rollback();
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            // The connection is replaced below; the uncommitted transaction is discarded by LiteDB's log recovery.
        }
    }

    /// <summary>After a failed write the connection may be unusable: replace it (the file stays as committed).</summary>
    private void Reconnect()
    {
        try
        {
            database.Dispose();
        }
        catch (Exception e) when (IsStorageFailure(e))
        {
            // Closing a connection whose file just failed may fail again; the new connection recovers from the log.
        }

        database = Connect(FilePath, options.ReadOnly);
    }
}
