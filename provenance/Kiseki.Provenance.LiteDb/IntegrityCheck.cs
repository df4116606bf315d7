namespace Kiseki.Provenance.LiteDb;

/// <summary>Re-checks the seal of every record and the chain of every finished run.</summary>
internal sealed class IntegrityCheck(StoreConnection connection)
{
    public StoreIntegrity CheckIntegrity() => connection.Read("every record", db =>
    {
        var problems = new List<string>();
        int records = 0, sealedRecords = 0, unsealed = 0;
        foreach (var collection in StoreSchema.RecordCollections)
        {
            foreach (var document in db.GetCollection(collection).FindAll())
            {
                records++;
                switch (RecordSeal.Check(document))
                {
                    case SealState.Intact:
                        sealedRecords++;
                        break;
                    case SealState.Unsealed:
                        unsealed++;
                        break;
                    default:
                        problems.Add(TamperedRecordException.Broken(KindOf(collection), document).Message);
                        break;
                }
            }
        }

        var runs = db.GetCollection(StoreSchema.Runs).FindAll().ToList();
        var chained = 0;
        foreach (var run in runs.Where(RunChain.IsChained))
        {
            var runId = run["_id"].AsString;
            if (RunChain.Holds(run, RunTable.StepDocuments(db, runId)))
            {
                chained++;
            }
            else
            {
                problems.Add(TamperedRecordException.BrokenChain(runId).Message);
            }
        }

        return new StoreIntegrity(records, sealedRecords, unsealed, runs.Count, chained, problems);
    });

    private static string KindOf(string collection) => collection switch
    {
        StoreSchema.Runs => "run",
        StoreSchema.RunSteps => "run step",
        StoreSchema.Executions => "execution",
        StoreSchema.Attempts => "failed execution",
        StoreSchema.Artifacts => "artifact",
        _ => "environment",
    };
}
