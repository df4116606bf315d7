namespace Kiseki.Provenance;

/// <summary>A provenance store could not be opened, read or written. The message says what and where.</summary>
public sealed class ProvenanceStoreException : Exception
{
    private ProvenanceStoreException(string message, string? filePath, Exception? inner = null)
        : base(message, inner) => FilePath = filePath;

    /// <summary>The database file concerned, when known.</summary>
    public string? FilePath { get; }

    /// <summary>The store was written by a newer build with a schema this build cannot read.</summary>
    public static ProvenanceStoreException NewerSchema(string filePath, int found, int supported)
        => new($"{filePath}: store written by a newer Kiseki (schema {found}); this build reads up to {supported}. "
            + "Use a newer kiseki, or another --store.", filePath);

    /// <summary>The file exists but is not a Kiseki provenance store (damaged or foreign); it is left untouched.</summary>
    public static ProvenanceStoreException NotAStore(string filePath, string reason, Exception? inner = null)
        => new($"{filePath} is not a readable Kiseki provenance store ({reason}). The file was left untouched; "
            + "move it away or use another --store.", filePath, inner);

    /// <summary>A record (or a run's chain of records) no longer matches the SHA-256 it was sealed with.</summary>
    public static ProvenanceStoreException Tampered(string filePath, string detail)
        => new($"{filePath}: {detail}. Kiseki will not use it; `kiseki verify --store` lists every changed record.", filePath);

    /// <summary>The database file is shorter than LiteDB's first page or not a whole number of pages.</summary>
    public static ProvenanceStoreException Truncated(string filePath, long length, int pageSize)
        => new($"{filePath} is truncated ({length} bytes, not a whole number of {pageSize}-byte pages); its history would be lost "
            + "if it were opened, so it was left untouched. Restore it from a backup (or move it aside to start a new store; "
            + "`kiseki verify --store` checks a restored store).", filePath);

    /// <summary>A read-only open found no store.</summary>
    public static ProvenanceStoreException Missing(string filePath)
        => new($"no provenance store at {filePath} (nothing has been run with this store yet).", filePath);

    /// <summary>A write failed (disk full, read-only directory, lock timeout); earlier records are intact.</summary>
    public static ProvenanceStoreException WriteFailed(string filePath, string what, Exception inner)
        => new($"{filePath}: could not record {what}: {inner.Message}. Previously recorded data is unchanged.", filePath, inner);

    /// <summary>A read failed.</summary>
    public static ProvenanceStoreException ReadFailed(string filePath, string what, Exception inner)
        => new($"{filePath}: could not read {what}: {inner.Message}", filePath, inner);

    /// <summary>A write was attempted on a store opened read-only.</summary>
    public static ProvenanceStoreException ReadOnly(string filePath, string what)
        => new($"{filePath}: cannot record {what}: the store was opened read-only.", filePath);

    /// <summary>A run id is already recorded.</summary>
    public static ProvenanceStoreException DuplicateRun(string filePath, string runId)
        => new($"{filePath}: a run with id {runId} is already recorded.", filePath);

    /// <summary>A run id that must exist does not.</summary>
    public static ProvenanceStoreException UnknownRun(string filePath, string runId)
        => new($"{filePath}: no run with id {runId}.", filePath);

    /// <summary>A run id prefix was ambiguous or unknown.</summary>
    public static ProvenanceStoreException RunId(RunIdResolution resolution)
        => new(resolution.Message, null);
}
