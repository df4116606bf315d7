using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Planning;
using Kiseki.Provenance;

namespace Kiseki.Engine.Execution;

/// <summary>
/// Runs an <see cref="ExecutionPlan"/>: ready steps execute in parallel (bounded by <see cref="RunOptions.Jobs"/>),
/// cached steps never execute, keys of pending steps are computed from their upstream outputs (Merkle), and finished
/// steps are recorded in small groups (group commit, <see cref="RecordJournal"/>), so a crash keeps what was recorded
/// and only re-runs the few steps of an unrecorded group.
/// A failed step's descendants are skipped and named; without keep-going no new step starts after a failure.
/// </summary>
/// <remarks>
/// The scheduler only orders the work: <see cref="StepLauncher"/> starts a step, <see cref="RunProgress"/> turns each
/// finished step into the run's state and the records it needs, and <see cref="RecordJournal"/> writes them.
/// </remarks>
public sealed class Scheduler(RunContext context, RunOptions options)
{
    /// <summary>Runs every step of <paramref name="plan"/>; cancellation ends the run as cancelled, keeping finished steps.</summary>
    public async Task<RunSummary> RunAsync(ExecutionPlan plan, CancellationToken cancellationToken)
    {
        var progress = new RunProgress(context, plan);
        var launcher = new StepLauncher(context, new CacheProbe(context.Provenance, context.Objects), Math.Max(1, options.Jobs));
        var byId = plan.Steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var children = plan.Steps.ToDictionary(s => s.Id, _ => new List<string>(), StringComparer.Ordinal);
        var waiting = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var planned in plan.Steps)
        {
            foreach (var dependency in planned.Step.Dependencies)
            {
                children[dependency].Add(planned.Id);
            }
        }

        Record(progress.Start(), always: true);
        var ready = new Queue<PlannedStep>();
        foreach (var planned in plan.Steps.Where(s => s.Status != PlannedStatus.Cached))
        {
            var open = planned.Step.Dependencies.Count(d => !progress.IsDone(d));
            waiting[planned.Id] = open;
            if (open == 0)
            {
                ready.Enqueue(planned);
            }
        }

        var jobs = Math.Max(1, options.Jobs);
        var running = new Dictionary<Task<Completion>, PlannedStep>();
        string? stoppedBy = null;
        using var journal = new RecordJournal(context.Provenance);
        while (true)
        {
            while (ready.Count > 0 && running.Count < jobs && !cancellationToken.IsCancellationRequested && stoppedBy is null)
            {
                var next = ready.Dequeue();
                // Cores are shared among the steps that can run now: a step alone (a fit after its read) gets them all.
                var threads = options.ThreadsPerStep
                              ?? Math.Max(1, System.Environment.ProcessorCount / Math.Min(jobs, running.Count + 1 + ready.Count));
                var (inputs, hashes) = progress.InputsOf(next.Step);
                running[launcher.Launch(next, inputs, hashes, threads, cancellationToken)] = next;
            }

            if (running.Count == 0)
            {
                break;
            }

            await journal.WaitAsync(running.Keys).ConfigureAwait(false);
            foreach (var done in running.Keys.Where(t => t.IsCompleted).ToList())
            {
                running.Remove(done);
                var completion = await done.ConfigureAwait(false);
                var status = Apply(progress, journal, completion);
                if (status is RunStepStatus.Succeeded or RunStepStatus.Cached)
                {
                    foreach (var child in children[completion.Step.Id])
                    {
                        if (--waiting[child] == 0 && !progress.IsDone(child))
                        {
                            ready.Enqueue(byId[child]);
                        }
                    }
                }
                else if (status == RunStepStatus.Failed)
                {
                    // The failed step is recorded before the rows of the steps it skips.
                    journal.Flush();
                    Record(progress.SkipDescendants(completion.Step.Id, children));
                    if (!options.KeepGoing)
                    {
                        stoppedBy ??= completion.Step.Id;
                    }
                }
            }

            journal.FlushIfDue();
        }

        journal.Flush();
        var cancelled = cancellationToken.IsCancellationRequested;
        Record(progress.Unstarted(cancelled, stoppedBy));
        var reports = progress.Reports();
        var runStatus = cancelled && reports.Any(r => r.Status == RunStepStatus.Cancelled) ? RunStatus.Cancelled
            : reports.Any(r => r.Status is RunStepStatus.Failed or RunStepStatus.Skipped or RunStepStatus.Cancelled) ? RunStatus.Failed
            : RunStatus.Succeeded;
        var failed = reports.Where(r => r.Status == RunStepStatus.Failed).Select(r => r.StepId).ToList();
        var error = runStatus switch
        {
            RunStatus.Cancelled => "cancelled by the user",
            RunStatus.Failed => failed.Count > 0 ? $"step(s) failed: {string.Join(", ", failed)}" : "steps did not run",
            _ => null,
        };
        return new RunSummary(context.RunId, runStatus, reports, error);
    }

    /// <summary>The provenance record of a stored artifact produced by <paramref name="producedBy"/>.</summary>
    public static ArtifactRecord ArtifactRecordOf(StoredArtifact artifact, ContentHash? producedBy)
        => StepRecords.ArtifactRecordOf(artifact, producedBy);

    private static RunStepStatus Apply(RunProgress progress, RecordJournal journal, Completion completion)
    {
        PendingRecord record;
        try
        {
            record = progress.Apply(completion);
        }
        catch
        {
            completion.Lock?.Dispose();
            throw;
        }

        journal.Add(record);
        return record.Status;
    }

    private void Record(IReadOnlyList<RunStepRecord> rows, bool always = false)
    {
        if (always || rows.Count > 0)
        {
            context.Provenance.Record(new ProvenanceBatch { RunSteps = rows });
        }
    }
}
