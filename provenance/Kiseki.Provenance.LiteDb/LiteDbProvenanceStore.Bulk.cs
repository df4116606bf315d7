using Kiseki.Abstractions.Artifacts;
using Kiseki.Provenance.LiteDb.Documents;
using LiteDB;

namespace Kiseki.Provenance.LiteDb;

/// <summary>Bulk reads: what a planner needs for a whole workflow, each in one transaction (one open of the file).</summary>
public sealed partial class LiteDbProvenanceStore
{
    /// <inheritdoc />
    public IReadOnlyDictionary<ContentHash, ExecutionRecord> FindSuccessfulExecutions(IEnumerable<ContentHash> stepKeys)
    {
        ArgumentNullException.ThrowIfNull(stepKeys);
        var keys = stepKeys.Distinct().ToList();
        if (keys.Count == 0)
        {
            return new Dictionary<ContentHash, ExecutionRecord>();
        }

        return Read($"the executions of {keys.Count} step keys", db =>
        {
            var found = new Dictionary<ContentHash, ExecutionRecord>(keys.Count);
            foreach (var document in ByIds(db.GetCollection(ExecutionsCollection), keys.Select(k => k.ToString())))
            {
                var execution = ExecutionDocuments.ToExecution(document);
                found[execution.StepKey] = execution;
            }

            return (IReadOnlyDictionary<ContentHash, ExecutionRecord>)found;
        });
    }

    /// <inheritdoc />
    public IReadOnlyDictionary<string, ExecutionRecord> LatestExecutions(IEnumerable<string> stepIds, string? workflowName = null)
    {
        ArgumentNullException.ThrowIfNull(stepIds);
        var ids = stepIds.Distinct(StringComparer.Ordinal).ToList();
        if (ids.Count == 0)
        {
            return new Dictionary<string, ExecutionRecord>(StringComparer.Ordinal);
        }

        return Read($"the history of {ids.Count} steps", db =>
        {
            var runs = db.GetCollection(RunsCollection);
            var runSteps = db.GetCollection(RunStepsCollection);
            var attempts = db.GetCollection(AttemptsCollection);
            var runCache = new Dictionary<string, RunRecord?>(StringComparer.Ordinal);
            var latest = new Dictionary<string, ExecutionRecord>(StringComparer.Ordinal);
            foreach (var stepId in ids)
            {
                var history = new List<(RunRecord Run, RunStepRecord Step)>();
                foreach (var step in runSteps.Find(Eq("stepId", stepId)).ToList().Select(RunDocuments.ToRunStep))
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
                    var execution = FindSuccess(db, key) ?? attempts
                        .Find(KeyAndRun(key.ToString(), run.Id))
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

    /// <inheritdoc />
    public IReadOnlyDictionary<ContentHash, ArtifactRecord> GetArtifacts(IEnumerable<ContentHash> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var wanted = hashes.Distinct().ToList();
        if (wanted.Count == 0)
        {
            return new Dictionary<ContentHash, ArtifactRecord>();
        }

        return Read($"{wanted.Count} artifacts", db =>
        {
            var found = new Dictionary<ContentHash, ArtifactRecord>(wanted.Count);
            foreach (var document in ByIds(db.GetCollection(ArtifactsCollection), wanted.Select(h => h.ToString())))
            {
                var artifact = ExecutionDocuments.ToArtifact(document);
                found[artifact.Hash] = artifact;
            }

            return (IReadOnlyDictionary<ContentHash, ArtifactRecord>)found;
        });
    }

    /// <summary>
    /// The documents whose <c>_id</c> is one of <paramref name="ids"/>: one indexed <c>_id IN @0</c> query per block of
    /// ids instead of a query per id (each LiteDB query has a fixed cost of its own).
    /// </summary>
    private static IEnumerable<BsonDocument> ByIds(ILiteCollection<BsonDocument> collection, IEnumerable<string> ids)
    {
        foreach (var block in ids.Distinct(StringComparer.Ordinal).Chunk(512))
        {
            var values = new BsonArray(block.Select(id => new BsonValue(id)));
            foreach (var document in collection.Find(BsonExpression.Create("_id IN @0", values)).ToList())
            {
                yield return document;
            }
        }
    }

    /// <summary>
    /// <c>field = value</c> as a parameterised expression. LiteDB's <c>Query.EQ</c> writes the value into the
    /// expression text, so every distinct value parses and compiles (and caches forever) a new expression.
    /// </summary>
    private static BsonExpression Eq(string field, string value) => BsonExpression.Create(field + " = @0", new BsonValue(value));

    /// <summary>The attempts of one step key in one run, as a parameterised expression.</summary>
    private static BsonExpression KeyAndRun(string stepKey, string runId)
        => BsonExpression.Create("stepKey = @0 AND runId = @1", new BsonValue(stepKey), new BsonValue(runId));
}
