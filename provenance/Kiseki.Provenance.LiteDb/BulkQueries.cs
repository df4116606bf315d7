using Kiseki.Abstractions.Artifacts;
using Kiseki.Provenance.LiteDb.Documents;
using LiteDB;

namespace Kiseki.Provenance.LiteDb;

/// <summary>Lookups of many records in one transaction (a plan or a report asks for all its steps at once).</summary>
internal sealed class BulkQueries(StoreConnection connection)
{
    public IReadOnlyDictionary<ContentHash, ExecutionRecord> FindSuccessfulExecutions(IEnumerable<ContentHash> stepKeys)
    {
        ArgumentNullException.ThrowIfNull(stepKeys);
        var keys = stepKeys.Distinct().ToList();
        if (keys.Count == 0)
        {
            return new Dictionary<ContentHash, ExecutionRecord>();
        }

        return connection.Read($"the executions of {keys.Count} step keys", db =>
        {
            var found = new Dictionary<ContentHash, ExecutionRecord>(keys.Count);
            foreach (var document in Queries.ByIds(db.GetCollection(StoreSchema.Executions), keys.Select(k => k.ToString())))
            {
                var execution = ExecutionDocuments.ToExecution(document);
                found[execution.StepKey] = execution;
            }

            return (IReadOnlyDictionary<ContentHash, ExecutionRecord>)found;
        });
    }

    public IReadOnlyDictionary<string, ExecutionRecord> LatestExecutions(IEnumerable<string> stepIds, string? workflowName = null)
    {
        ArgumentNullException.ThrowIfNull(stepIds);
        var ids = stepIds.Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<string, ExecutionRecord>(StringComparer.Ordinal);
        }

        return connection.Read($"the history of {ids.Count} steps", db =>
        {
            var runs = db.GetCollection(StoreSchema.Runs);
            var runSteps = db.GetCollection(StoreSchema.RunSteps);
            var attempts = db.GetCollection(StoreSchema.Attempts);
            var runCache = new Dictionary<string, RunRecord?>(StringComparer.Ordinal);
            var latest = new Dictionary<string, ExecutionRecord>(StringComparer.Ordinal);
            foreach (var stepId in ids)
            {
                var history = new List<(RunRecord Run, RunStepRecord Step)>();
                foreach (var step in runSteps.Find(Queries.Eq("stepId", stepId)).ToList().Select(RunDocuments.ToRunStep))
                {
                    if (step.StepKey is null)
                    {
                        continue;
                    }

                    if (!runCache.TryGetValue(step.RunId, out var run))
                    {
                        run = runs.FindById(step.RunId) is { } d ? RunDocuments.ToRun(d) : null;
                        runCache[step.RunId] = run;
                    }

                    if (run is not null && (workflowName is null || run.WorkflowName == workflowName))
                    {
                        history.Add((run, step));
                    }
                }

                // Same order and choice as ExecutionsForStep(stepId): newest run first, the first with an execution.
                foreach (var (run, step) in history
                             .OrderByDescending(h => h.Run.StartedAt)
                             .ThenByDescending(h => h.Run.Id, StringComparer.Ordinal))
                {
                    var key = step.StepKey!.Value;
                    var execution = ExecutionTable.FindSuccess(db, key) ?? attempts
                        .Find(Queries.KeyAndRun(key.ToString(), run.Id))
                        .ToList()
                        .Select(ExecutionDocuments.ToExecution)
                        .OrderBy(e => e.StartedAt)
                        .LastOrDefault();
                    if (execution is not null)
                    {
                        latest[stepId] = execution;
                        break;
                    }
                }
            }

            return (IReadOnlyDictionary<string, ExecutionRecord>)latest;
        });
    }

    public IReadOnlyDictionary<ContentHash, ArtifactRecord> GetArtifacts(IEnumerable<ContentHash> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var wanted = hashes.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return new Dictionary<ContentHash, ArtifactRecord>();
        }

        return connection.Read($"{wanted.Count} artifacts", db =>
        {
            var found = new Dictionary<ContentHash, ArtifactRecord>(wanted.Count);
            foreach (var document in Queries.ByIds(db.GetCollection(StoreSchema.Artifacts), wanted.Select(h => h.ToString())))
            {
                var artifact = ExecutionDocuments.ToArtifact(document);
                found[artifact.Hash] = artifact;
            }

            return (IReadOnlyDictionary<ContentHash, ArtifactRecord>)found;
        });
    }
}
