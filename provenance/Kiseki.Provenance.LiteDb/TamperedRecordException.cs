using LiteDB;

namespace Kiseki.Provenance.LiteDb;

/// <summary>A record whose content no longer matches its seal (internal; surfaced as <see cref="ProvenanceStoreException"/>).</summary>
internal sealed class TamperedRecordException : Exception
{
    private TamperedRecordException(string message)
        : base(message)
    {
    }

    public static TamperedRecordException Broken(string kind, BsonDocument document)
        => new($"the {kind} record {Id(document)} was changed after it was recorded (its content no longer matches its SHA-256 seal)");

    public static TamperedRecordException BrokenChain(string runId)
        => new($"the step records of run {runId} were changed, added or removed after the run finished (its chain no longer matches)");

    private static string Id(BsonDocument document)
        => document.TryGetValue("_id", out var id) && id.IsString ? id.AsString : "(without id)";
}
