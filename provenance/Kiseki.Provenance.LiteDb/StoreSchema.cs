using LiteDB;

namespace Kiseki.Provenance.LiteDb;

/// <summary>The collections of <c>provenance.db</c>, its schema record and its indexes.</summary>
internal static class StoreSchema
{
    /// <summary>The newest schema version this build reads and writes.</summary>
    public const int CurrentVersion = 1;

    public const string Meta = "meta";
    public const string Runs = "runs";
    public const string Executions = "executions";
    public const string Attempts = "failed_executions";
    public const string RunSteps = "run_steps";
    public const string Artifacts = "artifacts";
    public const string Environments = "environments";
    public const string SchemaDocumentId = "schema";
    public const string ApplicationName = "kiseki-provenance";

    /// <summary>The collections holding records (every one but <see cref="Meta"/>), in the order they are checked.</summary>
    public static IReadOnlyList<string> RecordCollections { get; } = [Runs, RunSteps, Executions, Attempts, Artifacts, Environments];

    /// <summary>
    /// Writes the schema record of a new store and ensures every index, in one transaction (one open of the file in
    /// shared mode). Idempotent: run on every read-write open, so an interrupted creation still ends with every index.
    /// </summary>
    public static void Initialise(LiteDatabase database, int? version)
    {
        database.BeginTrans();
        try
        {
            if (version is null)
            {
                var meta = database.GetCollection(Meta);
                if (meta.FindById(SchemaDocumentId) is null)
                {
                    meta.Insert(new BsonDocument
                    {
                        ["_id"] = SchemaDocumentId,
                        ["application"] = ApplicationName,
                        ["version"] = CurrentVersion,
                    });
                }
            }

            database.GetCollection(Runs).EnsureIndex("startedAt");
            database.GetCollection(Runs).EnsureIndex("status");
            database.GetCollection(RunSteps).EnsureIndex("runId");
            database.GetCollection(RunSteps).EnsureIndex("stepId");
            database.GetCollection(Attempts).EnsureIndex("stepKey");
            database.GetCollection(Attempts).EnsureIndex("runId");
            database.GetCollection(Executions).EnsureIndex("runId");
            database.Commit();
        }
        catch
        {
            database.Rollback();
            throw;
        }
    }
}
