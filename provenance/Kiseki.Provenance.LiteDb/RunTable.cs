using Kiseki.Provenance.LiteDb.Documents;
using LiteDB;

namespace Kiseki.Provenance.LiteDb;

/// <summary>Runs and run steps (the <c>runs</c> and <c>runSteps</c> collections); runs whose process is gone read as interrupted.</summary>
internal sealed class RunTable(StoreConnection connection, ProvenanceOpenOptions options)
{
    private const int MaxCandidates = 20;

    public void BeginRun(RunRecord run)
    {
        ArgumentNullException.ThrowIfNull(run);
        connection.Write($"run {run.Id}", db =>
        {
            var runs = db.GetCollection(StoreSchema.Runs);
            if (runs.FindById(run.Id) is not null)
            {
                throw ProvenanceStoreException.DuplicateRun(connection.FilePath, run.Id);
            }

            runs.Insert(RunDocuments.ToDocument(run));
        });
    }

    public void UpdateRunStatus(string runId, RunStatus status, DateTimeOffset? finishedAt, string? error)
    {
        ArgumentNullException.ThrowIfNull(runId);
        connection.Write($"the status of run {runId}", db =>
        {
            var runs = db.GetCollection(StoreSchema.Runs);
            var document = RecordSeal.Verified(runs.FindById(runId) ?? throw ProvenanceStoreException.UnknownRun(connection.FilePath, runId), "run");
            document["status"] = status.ToString();
            document["finishedAt"] = BsonValues.Time(finishedAt);
            document["error"] = BsonValues.Text(error);
            if (status != RunStatus.Running)
            {
                RunChain.Close(document, StepDocuments(db, runId));
            }

            runs.Update(RecordSeal.Seal(document));
        });
    }

    public RunRecord? GetRun(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return connection.Read($"run {runId}", db => db.GetCollection(StoreSchema.Runs).FindById(runId) is { } d ? AsSeen(RunDocuments.ToRun(d)) : null);
    }

    public RunIdResolution ResolveRunId(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        var text = prefix.Trim().ToUpperInvariant();
        if (text.Length == 0)
        {
            return new RunIdResolution(prefix, RunIdResolutionKind.NotFound, null, []);
        }

        return connection.Read($"runs matching '{prefix}'", db =>
        {
            var runs = db.GetCollection(StoreSchema.Runs);
            if (runs.FindById(text) is { } exact)
            {
                return new RunIdResolution(prefix, RunIdResolutionKind.Unique, exact["_id"].AsString, []);
            }

            var matches = runs.Find(Query.StartsWith("_id", text)).Select(RunDocuments.ToRun).ToList();
            return matches.Count switch
            {
                0 => new RunIdResolution(prefix, RunIdResolutionKind.NotFound, null, []),
                1 => new RunIdResolution(prefix, RunIdResolutionKind.Unique, matches[0].Id, []),
                _ => new RunIdResolution(prefix, RunIdResolutionKind.Ambiguous, null, NewestFirst(matches).Take(MaxCandidates).ToArray()),
            };
        });
    }

    public IReadOnlyList<RunRecord> ListRuns(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return connection.Read("the list of runs", db =>
        {
            var runs = db.GetCollection(StoreSchema.Runs)
                .Find(Query.All("startedAt", Query.Descending), limit: limit)
                .Select(RunDocuments.ToRun);
            return NewestFirst(runs).Select(AsSeen).ToArray();
        });
    }

    public void RecordRunStep(RunStepRecord step)
    {
        ArgumentNullException.ThrowIfNull(step);
        connection.Write($"step {step.StepId} of run {step.RunId}", db => UpsertRunSteps(db, [step]));
    }

    public IReadOnlyList<RunStepRecord> RunSteps(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        return connection.Read($"the steps of run {runId}", db =>
        {
            var documents = StepDocuments(db, runId);
            if (db.GetCollection(StoreSchema.Runs).FindById(runId) is { } run && !RunChain.Holds(RecordSeal.Verified(run, "run"), documents))
            {
                throw TamperedRecordException.BrokenChain(runId);
            }

            return documents
                .OrderBy(d => d["sequence"].AsInt64)
                .ThenBy(d => d["stepId"].AsString, StringComparer.Ordinal)
                .Select(RunDocuments.ToRunStep)
                .ToArray();
        });
    }

    public IReadOnlyList<string> MarkInterruptedRuns()
    {
        if (options.ReadOnly)
        {
            return [];
        }

        var running = connection.Read("running runs", db => db.GetCollection(StoreSchema.Runs)
            .Find(Queries.Eq("status", nameof(RunStatus.Running)))
            .Select(RunDocuments.ToRun)
            .ToList());
        var gone = running.Where(r => options.ProcessProbe.Probe(r.Process) == ProcessState.Gone).ToList();
        if (gone.Count == 0)
        {
            return [];
        }

        var now = options.TimeProvider.GetUtcNow();
        return connection.Write("interrupted runs", db =>
        {
            var marked = new List<string>();
            var runs = db.GetCollection(StoreSchema.Runs);
            var steps = db.GetCollection(StoreSchema.RunSteps);
            foreach (var run in gone)
            {
                var document = runs.FindById(run.Id);
                if (document is null || document["status"].AsString != nameof(RunStatus.Running))
                {
                    continue;
                }

                RecordSeal.Verified(document, "run");

                document["status"] = nameof(RunStatus.Interrupted);
                document["finishedAt"] = BsonValues.Time(now);
                document["error"] = $"the run's process (host {run.Process.Host}, pid {run.Process.ProcessId}) ended while the run was running";
                var stepDocuments = StepDocuments(db, run.Id);
                foreach (var step in stepDocuments)
                {
                    var status = step["status"].AsString;
                    if (status is nameof(RunStepStatus.Running) or nameof(RunStepStatus.Pending))
                    {
                        RecordSeal.Verified(step, "run step");
                        step["status"] = nameof(RunStepStatus.Cancelled);
                        step["error"] = status == nameof(RunStepStatus.Running)
                            ? "the run was interrupted while this step was running"
                            : "the run was interrupted before this step started";
                        steps.Update(RecordSeal.Seal(step));
                    }
                }

                RunChain.Close(document, stepDocuments);
                runs.Update(RecordSeal.Seal(document));

                marked.Add(run.Id);
            }

            return (IReadOnlyList<string>)marked;
        });
    }

    /// <summary>The step documents of a run (unordered).</summary>
    internal static List<BsonDocument> StepDocuments(LiteDatabase db, string runId)
        => db.GetCollection(StoreSchema.RunSteps).Find(Queries.Eq("runId", runId)).ToList();

    /// <summary>
    /// A run recorded as running whose process is gone is shown as interrupted even by a read-only open (which cannot
    /// mark it); the next read-write open records that.
    /// </summary>
    private RunRecord AsSeen(RunRecord run)
        => run.Status == RunStatus.Running && options.ProcessProbe.Probe(run.Process) == ProcessState.Gone
            ? run with
            {
                Status = RunStatus.Interrupted,
                Error = $"the run's process (host {run.Process.Host}, pid {run.Process.ProcessId}) ended while the run was running",
            }
            : run;

    private static IEnumerable<RunRecord> NewestFirst(IEnumerable<RunRecord> runs)
        => runs.OrderByDescending(r => r.StartedAt).ThenByDescending(r => r.Id, StringComparer.Ordinal);

    /// <summary>
    /// Records run steps: one lookup of the existing rows, updates for those, one bulk insert for the rest. A row keeps
    /// its first-recorded order: a machine-wide monotonic timestamp (one process writes a run's steps), kept on update.
    /// </summary>
    internal static void UpsertRunSteps(LiteDatabase db, IReadOnlyList<RunStepRecord> rows)
    {
        var steps = db.GetCollection(StoreSchema.RunSteps);
        var ids = rows.Select(r => RunDocuments.RunStepId(r.RunId, r.StepId)).ToList();
        var sequences = Queries.ByIds(steps, ids).ToDictionary(d => d["_id"].AsString, d => d["sequence"].AsInt64, StringComparer.Ordinal);
        var inserts = new List<BsonDocument>();
        var pending = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rows.Count; i++)
        {
            if (sequences.TryGetValue(ids[i], out var sequence))
            {
                steps.Update(RunDocuments.ToDocument(rows[i], sequence));
            }
            else if (pending.TryGetValue(ids[i], out var index))
            {
                // The same step twice in one batch: the later row wins, the first-recorded order stays.
                inserts[index] = RunDocuments.ToDocument(rows[i], inserts[index]["sequence"].AsInt64);
            }
            else
            {
                pending[ids[i]] = inserts.Count;
                inserts.Add(RunDocuments.ToDocument(rows[i], System.Diagnostics.Stopwatch.GetTimestamp()));
            }
        }

        if (inserts.Count > 0)
        {
            steps.InsertBulk(inserts);
        }
    }
}
