using LiteDB;

namespace Kiseki.Provenance.LiteDb;

/// <summary>
/// The open connection to one <c>provenance.db</c>: opening (inspect the header, validate a copy, create if new) under
/// the store lock, and every read and write as one short explicit transaction, serialised within the process by a
/// gate and across processes by the store lock (a machine-wide named mutex). A failed write rolls back, marks the
/// connection as failed (so a close does not remember the bytes as sound) and replaces the LiteDB connection.
/// </summary>
internal sealed class StoreConnection : IDisposable
{
    private readonly object gate = new();
    private readonly Mutex storeLock;
    private LiteDatabase database;
    private bool disposed;
    private bool writeFailed;

    private StoreConnection(string filePath, LiteDatabase database, bool readOnly, int schemaVersion)
    {
        FilePath = filePath;
        this.database = database;
        IsReadOnly = readOnly;
        SchemaVersion = schemaVersion;
        storeLock = StoreFile.OpenLock(filePath);
    }

    public string FilePath { get; }

    public bool IsReadOnly { get; }

    public int SchemaVersion { get; }

    /// <summary>Opens (or, unless read-only, creates) the database file; throws <see cref="ProvenanceStoreException"/>.</summary>
    public static StoreConnection Open(string filePath, bool readOnly)
    {
        using var openLock = StoreFile.OpenLock(filePath);
        StoreFile.Acquire(openLock);
        try
        {
            return OpenLocked(filePath, readOnly);
        }
        finally
        {
            openLock.ReleaseMutex();
        }
    }

    /// <summary>Runs <paramref name="read"/> in one transaction; storage failures become <see cref="ProvenanceStoreException"/>.</summary>
    public T Read<T>(string what, Func<LiteDatabase, T> read) => UnderStoreLock(() => ReadLocked(what, read));

    /// <summary>Runs <paramref name="write"/> in one transaction, rolled back when it throws.</summary>
    public T Write<T>(string what, Func<LiteDatabase, T> write)
    {
        if (IsReadOnly)
        {
            throw ProvenanceStoreException.ReadOnly(FilePath, what);
        }

        return UnderStoreLock(() => WriteLocked(what, write));
    }

    /// <summary>Runs <paramref name="write"/> in one write transaction (see the other overload).</summary>
    public void Write(string what, Action<LiteDatabase> write) => Write(what, db =>
    {
        write(db);
        return true;
    });

    /// <inheritdoc />
    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            StoreFile.Acquire(storeLock);
            try
            {
                database.Dispose();
                if (!IsReadOnly && !writeFailed)
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

    private static StoreConnection OpenLocked(string filePath, bool readOnly)
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

        var version = state == StoreFileState.LiteDb ? StoreValidation.ReadSchemaVersion(filePath, remember: !readOnly) : null;
        if (readOnly)
        {
            return version is { } found
                ? new StoreConnection(filePath, Connect(filePath, readOnly: true), readOnly: true, found)
                : throw ProvenanceStoreException.Missing(filePath);
        }

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(filePath)!);
            var database = Connect(filePath, readOnly: false);
            try
            {
                StoreSchema.Initialise(database, version);
                return new StoreConnection(filePath, database, readOnly: false, version ?? StoreSchema.CurrentVersion);
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

    /// <summary>Whether a record read from the file could not be turned into a record (a damaged field).</summary>
    private static bool IsDamagedRecord(Exception e)
        => e is FormatException or InvalidCastException or NotSupportedException or ArgumentException or NullReferenceException
            or KeyNotFoundException or OverflowException or InvalidOperationException;

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
        catch (Exception e)
        {
            if (begun)
            {
                TryRollback();
            }

            throw Translate(e, what) ?? Rethrow(e);
        }
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

            throw Translate(e, what) ?? Rethrow(e);
        }
    }

    private ProvenanceStoreException? Translate(Exception e, string what) => e switch
    {
        TamperedRecordException tampered => ProvenanceStoreException.Tampered(FilePath, tampered.Message),
        _ when IsStorageFailure(e) => ProvenanceStoreException.ReadFailed(FilePath, what, e),
        _ when IsDamagedRecord(e) => ProvenanceStoreException.ReadFailed(FilePath, what + " (a damaged record)", e),
        _ => null,
    };

    private static Exception Rethrow(Exception e)
    {
        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();
        return e;
    }

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

        database = Connect(FilePath, IsReadOnly);
    }
}
