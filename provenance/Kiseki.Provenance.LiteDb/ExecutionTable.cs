using Kiseki.Abstractions.Artifacts;
using Kiseki.Provenance.LiteDb.Documents;
using LiteDB;

namespace Kiseki.Provenance.LiteDb;

/// <summary>Step executions, artifacts and environments, one at a time or as one batch with run steps.</summary>
internal sealed class ExecutionTable(StoreConnection connection)
{
    public bool RecordExecution(ExecutionRecord execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        return connection.Write($"the execution {execution.StepKey}", db => InsertExecution(db, execution));
    }

    public ExecutionRecord? FindSuccessfulExecution(ContentHash stepKey)
        => connection.Read($"the execution {stepKey}", db => FindSuccess(db, stepKey));

    public IReadOnlyList<ExecutionRecord> FailedAttempts(ContentHash stepKey)
        => connection.Read($"failed attempts of {stepKey}", db => db.GetCollection(StoreSchema.Attempts)
            .Find(Queries.Eq("stepKey", stepKey.ToString()))
            .Select(ExecutionDocuments.ToExecution)
            .OrderBy(e => e.StartedAt)
            .ThenBy(e => e.AttemptId, StringComparer.Ordinal)
            .ToArray());

    public IReadOnlyList<StepExecution> ExecutionsForStep(string stepId, string? beforeRunId = null)
    {
        ArgumentNullException.ThrowIfNull(stepId);
        return connection.Read($"the history of step {stepId}", db =>
        {
            var runs = db.GetCollection(StoreSchema.Runs);
            RunRecord? before = null;
            if (beforeRunId is not null)
            {
                before = runs.FindById(beforeRunId) is { } d
                    ? RunDocuments.ToRun(d)
                    : throw ProvenanceStoreException.UnknownRun(connection.FilePath, beforeRunId);
            }

            var history = new List<(RunRecord Run, RunStepRecord Step)>();
            foreach (var step in db.GetCollection(StoreSchema.RunSteps).Find(Queries.Eq("stepId", stepId)).ToList().Select(RunDocuments.ToRunStep))
            {
                if (step.StepKey is null || runs.FindById(step.RunId) is not { } runDocument)
                {
                    continue;
                }

                var run = RunDocuments.ToRun(runDocument);
                if (before is not null && (run.Id == before.Id || run.WorkflowName != before.WorkflowName || !IsEarlier(run, before)))
                {
                    continue;
                }

                history.Add((run, step));
            }

            var attempts = db.GetCollection(StoreSchema.Attempts);
            return history
                .OrderByDescending(h => h.Run.StartedAt)
                .ThenByDescending(h => h.Run.Id, StringComparer.Ordinal)
                .Select(h => new StepExecution(h.Step, FindSuccess(db, h.Step.StepKey!.Value) ?? attempts
                    .Find(Queries.KeyAndRun(h.Step.StepKey!.Value.ToString(), h.Run.Id))
                    .ToList()
                    .Select(ExecutionDocuments.ToExecution)
                    .OrderBy(e => e.StartedAt)
                    .LastOrDefault()))
                .ToArray();
        });
    }

    public void RecordArtifact(ArtifactRecord artifact)
    {
        ArgumentNullException.ThrowIfNull(artifact);
        connection.Write($"the artifact {artifact.Hash}", db => InsertArtifact(db, artifact));
    }

    public ArtifactRecord? GetArtifact(ContentHash hash)
        => connection.Read($"the artifact {hash}", db => db.GetCollection(StoreSchema.Artifacts).FindById(hash.ToString()) is { } d
            ? ExecutionDocuments.ToArtifact(d)
            : null);

    public void RecordEnvironment(EnvironmentRecord environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        connection.Write($"the environment {environment.Id}", db => InsertEnvironment(db, environment));
    }

    public EnvironmentRecord? GetEnvironment(ContentHash id)
        => connection.Read($"the environment {id}", db => db.GetCollection(StoreSchema.Environments).FindById(id.ToString()) is { } d
            ? ExecutionDocuments.ToEnvironment(d)
            : null);

    public void Record(ProvenanceBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        connection.Write("a batch of records", db =>
        {
            foreach (var environment in batch.Environments)
            {
                InsertEnvironment(db, environment);
            }

            foreach (var artifact in batch.Artifacts)
            {
                InsertArtifact(db, artifact);
            }

            foreach (var execution in batch.Executions)
            {
                InsertExecution(db, execution);
            }

            RunTable.UpsertRunSteps(db, batch.RunSteps);
        });
    }

    public IReadOnlySet<ContentHash> AllReferencedObjectHashes() => connection.Read("the referenced objects", db =>
    {
        var hashes = new HashSet<ContentHash>();
        foreach (var artifact in db.GetCollection(StoreSchema.Artifacts).FindAll().ToList().Select(ExecutionDocuments.ToArtifact))
        {
            hashes.Add(artifact.Hash);
            hashes.UnionWith(artifact.Blobs);
        }

        foreach (var collection in new[] { StoreSchema.Executions, StoreSchema.Attempts })
        {
            foreach (var execution in db.GetCollection(collection).FindAll().ToList().Select(ExecutionDocuments.ToExecution))
            {
                hashes.UnionWith(execution.InputHashes.Values);
                hashes.UnionWith(execution.OutputHashes.Values);
            }
        }

        return (IReadOnlySet<ContentHash>)hashes;
    });

    public IReadOnlySet<ContentHash> ObjectHashesReferencedByRuns(IEnumerable<string> runIds)
    {
        ArgumentNullException.ThrowIfNull(runIds);
        var ids = runIds.ToHashSet(StringComparer.Ordinal);
        return connection.Read("the objects referenced by runs", db =>
        {
            var hashes = new HashSet<ContentHash>();
            var executions = new List<ExecutionRecord>();
            foreach (var runId in ids)
            {
                foreach (var step in db.GetCollection(StoreSchema.RunSteps).Find(Queries.Eq("runId", runId)).ToList().Select(RunDocuments.ToRunStep))
                {
                    if (step.StepKey is { } key && FindSuccess(db, key) is { } execution)
                    {
                        executions.Add(execution);
                    }
                }

                executions.AddRange(db.GetCollection(StoreSchema.Attempts).Find(Queries.Eq("runId", runId)).Select(ExecutionDocuments.ToExecution));
            }

            foreach (var execution in executions)
            {
                foreach (var hash in execution.InputHashes.Values.Concat(execution.OutputHashes.Values))
                {
                    hashes.Add(hash);
                    if (db.GetCollection(StoreSchema.Artifacts).FindById(hash.ToString()) is { } artifact)
                    {
                        hashes.UnionWith(ExecutionDocuments.ToArtifact(artifact).Blobs);
                    }
                }
            }

            return (IReadOnlySet<ContentHash>)hashes;
        });
    }

    private static bool IsEarlier(RunRecord run, RunRecord before)
        => run.StartedAt < before.StartedAt
           || (run.StartedAt == before.StartedAt && string.CompareOrdinal(run.Id, before.Id) < 0);

    internal static ExecutionRecord? FindSuccess(LiteDatabase db, ContentHash stepKey)
        => db.GetCollection(StoreSchema.Executions).FindById(stepKey.ToString()) is { } d ? ExecutionDocuments.ToExecution(d) : null;

    private static bool InsertExecution(LiteDatabase db, ExecutionRecord execution)
    {
        var key = execution.StepKey.ToString();
        if (execution.Status == ExecutionStatus.Succeeded)
        {
            var executions = db.GetCollection(StoreSchema.Executions);
            if (executions.FindById(key) is not null)
            {
                return false;
            }

            executions.Insert(ExecutionDocuments.ToDocument(execution, key));
            return true;
        }

        var attempts = db.GetCollection(StoreSchema.Attempts);
        var prefix = key + "/" + execution.RunId + "/";
        var number = attempts.Count(Query.StartsWith("_id", prefix)) + 1;
        attempts.Insert(ExecutionDocuments.ToDocument(execution, prefix + number.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return true;
    }

    private static void InsertArtifact(LiteDatabase db, ArtifactRecord artifact)
    {
        var artifacts = db.GetCollection(StoreSchema.Artifacts);
        if (artifacts.FindById(artifact.Hash.ToString()) is null)
        {
            artifacts.Insert(ExecutionDocuments.ToDocument(artifact));
        }
    }

    private static void InsertEnvironment(LiteDatabase db, EnvironmentRecord environment)
    {
        var environments = db.GetCollection(StoreSchema.Environments);
        if (environments.FindById(environment.Id.ToString()) is null)
        {
            environments.Insert(ExecutionDocuments.ToDocument(environment));
        }
    }
}
