using Kiseki.Provenance.LiteDb.Documents;
using LiteDB;

namespace Kiseki.Provenance.LiteDb;

/// <summary>
/// Validates an existing database file on an in-memory copy, so LiteDB never writes to the real file while it is
/// judged (LiteDB 5.0 marks a file it finds damaged by writing to its header, even when opened read-only).
/// </summary>
internal static class StoreValidation
{
    /// <summary>Stores larger than this are validated by their metadata only, not by reading every document.</summary>
    private const long FullScanLimitBytes = 64L << 20;

    private const int Attempts = 5;

    /// <summary>LiteDB 5's page size: a sound data file is a whole number of pages, at least one.</summary>
    private const int PageSize = 8192;

    /// <summary>
    /// The schema version, or null when the LiteDB file holds no collections at all (a creation that never finished).
    /// Throws <see cref="ProvenanceStoreException"/> for a LiteDB file without our meta, a damaged file or a newer schema.
    /// A failure is reported only when two successive copies of the file are identical (a concurrent writer can make a
    /// single copy torn). A copy whose bytes match <see cref="ValidationMemo"/> is not read document by document again;
    /// a fully validated copy is remembered when <paramref name="remember"/> is set (read-write opens). Every record is
    /// turned into its record type (a damaged field is refused) and, for a read-write open, checked against its seal
    /// (<see cref="RecordSeal"/>): a store with a changed record is never written. A read-only open accepts broken seals,
    /// so <c>kiseki verify --store</c> can list them; reading such a record still fails, naming it.
    /// </summary>
    public static int? ReadSchemaVersion(string filePath, bool remember)
    {
        var logPath = LogPath(filePath);
        (byte[] Data, byte[]? Log)? previous = null;
        for (var attempt = 1; ; attempt++)
        {
            var copy = (Data: ReadShared(filePath)!, Log: ReadShared(logPath));
            if (copy.Data.LongLength < PageSize || copy.Data.LongLength % PageSize != 0)
            {
                if (attempt < Attempts && (previous is null || !SameBytes(previous.Value, copy)))
                {
                    previous = copy;
                    Thread.Sleep(50 * attempt);
                    continue;
                }

                throw ProvenanceStoreException.Truncated(filePath, copy.Data.LongLength, PageSize);
            }

            var digest = ValidationMemo.Digest(copy.Data, copy.Log);
            if (ValidationMemo.Lookup(filePath, digest) is { } known && known <= StoreSchema.CurrentVersion)
            {
                return known;
            }

            try
            {
                var version = Validate(filePath, copy.Data, copy.Log, checkSeals: remember);
                if (remember && version is { } sound)
                {
                    ValidationMemo.Record(filePath, sound, digest);
                }

                return version;
            }
            catch (ProvenanceStoreException) when (attempt < Attempts && (previous is null || !SameBytes(previous.Value, copy)))
            {
                previous = copy;
                Thread.Sleep(50 * attempt);
            }
        }
    }

    private static int? Validate(string filePath, byte[] data, byte[]? log, bool checkSeals)
    {
        var dataStream = new MemoryStream();
        dataStream.Write(data);
        dataStream.Position = 0;
        MemoryStream? logStream = null;
        if (log is not null)
        {
            logStream = new MemoryStream();
            logStream.Write(log);
            logStream.Position = 0;
        }

        LiteDatabase? database = null;
        try
        {
            database = new LiteDatabase(dataStream, new BsonMapper(), logStream);
            var names = database.GetCollectionNames().ToList();
            if (names.Count == 0)
            {
                return null;
            }

            var meta = names.Contains(StoreSchema.Meta)
                ? database.GetCollection(StoreSchema.Meta).FindById(StoreSchema.SchemaDocumentId)
                : null;
            if (meta is null || meta["application"] != StoreSchema.ApplicationName || !meta["version"].IsNumber)
            {
                throw ProvenanceStoreException.NotAStore(filePath, "a LiteDB database without Kiseki provenance metadata");
            }

            var version = meta["version"].AsInt32;
            if (version > StoreSchema.CurrentVersion)
            {
                throw ProvenanceStoreException.NewerSchema(filePath, version, StoreSchema.CurrentVersion);
            }

            foreach (var name in names)
            {
                var collection = database.GetCollection(name);
                if (data.LongLength <= FullScanLimitBytes)
                {
                    foreach (var document in collection.FindAll())
                    {
                        if (checkSeals && RecordSeal.Check(document) == SealState.Broken)
                        {
                            throw TamperedRecordException.Broken(name, document);
                        }

                        Convert(name, document);
                    }
                }
                else
                {
                    _ = collection.Count();
                }
            }

            return version;
        }
        catch (Exception e) when (e is LiteException or IOException or InvalidCastException or InvalidOperationException
                                     or FormatException or ArgumentException or IndexOutOfRangeException
                                     or NullReferenceException or OverflowException or EndOfStreamException
                                     or NotSupportedException or KeyNotFoundException or TamperedRecordException)
        {
            if (database is not null)
            {
                LiteDbFailureCleanup.AfterFailure(database);
            }

            throw ProvenanceStoreException.NotAStore(filePath, "damaged: " + e.Message, e);
        }
        finally
        {
            if (database is not null)
            {
                LiteDbFailureCleanup.Dispose(database);
            }
        }
    }

    /// <summary>Turns a document into its record (without the seal check), so a damaged field is found at open.</summary>
    private static void Convert(string collection, BsonDocument document)
    {
        var unsealed = new BsonDocument(document.Where(p => p.Key != RecordSeal.Field).ToDictionary(p => p.Key, p => p.Value));
        _ = collection switch
        {
            StoreSchema.Runs => (object)RunDocuments.ToRun(unsealed),
            StoreSchema.RunSteps => RunDocuments.ToRunStep(unsealed),
            StoreSchema.Executions or StoreSchema.Attempts => ExecutionDocuments.ToExecution(unsealed),
            StoreSchema.Artifacts => ExecutionDocuments.ToArtifact(unsealed),
            StoreSchema.Environments => ExecutionDocuments.ToEnvironment(unsealed),
            _ => document,
        };
    }

    /// <summary>
    /// Remembers the store's current bytes as sound. Call only while holding the store lock after this process's own
    /// committed writes (a clean close), so no other Kiseki process is writing.
    /// </summary>
    public static void RememberCurrent(string filePath, int version)
    {
        try
        {
            if (ReadShared(filePath) is { } data)
            {
                ValidationMemo.Record(filePath, version, ValidationMemo.Digest(data, ReadShared(LogPath(filePath))));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Only a memo: the next open validates the whole file instead.
        }
    }

    /// <summary>LiteDB 5 keeps its write-ahead log beside the data file: <c>name-log.ext</c>.</summary>
    public static string LogPath(string filePath)
        => Path.Combine(Path.GetDirectoryName(filePath)!, Path.GetFileNameWithoutExtension(filePath) + "-log" + Path.GetExtension(filePath));

    private static byte[]? ReadShared(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var bytes = new byte[stream.Length];
            var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            return read == bytes.Length ? bytes : bytes[..read];
        }
        catch (FileNotFoundException)
        {
            return null;
        }
    }

    private static bool SameBytes((byte[] Data, byte[]? Log) a, (byte[] Data, byte[]? Log) b)
        => a.Data.AsSpan().SequenceEqual(b.Data) && (a.Log ?? []).AsSpan().SequenceEqual(b.Log ?? []) && (a.Log is null) == (b.Log is null);
}
