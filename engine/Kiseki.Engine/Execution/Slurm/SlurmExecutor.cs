using System.Globalization;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Definitions;

namespace Kiseki.Engine.Execution.Slurm;

/// <summary>
/// Executes steps as Slurm jobs: Slurm schedules, the coordinator (this process) keeps the plan, the cache and the
/// provenance database. Each step is written as an <c>exec-step</c> spec into the shared work folder; ready steps
/// arriving within <see cref="SlurmOptions.BatchWindow"/> are submitted together, one job array per resource shape;
/// one <c>squeue</c> per <see cref="SlurmOptions.PollInterval"/> follows every job; a job's result file and the objects
/// it wrote into the shared object store become the step's outcome. Cancellation <c>scancel</c>s the jobs.
/// </summary>
public sealed class SlurmExecutor : IStepExecutor
{
    private readonly ISlurmClient _client;
    private readonly ObjectStore _objects;
    private readonly SlurmOptions _options;
    private readonly SlurmResults _results;
    private readonly IReadOnlyDictionary<string, StepResources> _resources;
    private readonly Lock _gate = new();
    private readonly List<SlurmTask> _pending = [];
    private readonly List<SlurmTask> _active = [];
    private readonly List<string> _submittedJobs = [];
    private readonly string _jobName;
    private int _specCounter;
    private int _batchCounter;
    private bool _flushScheduled;
    private bool _polling;
    private bool _cancelled;
    private DateTimeOffset _lastArrival;

    /// <summary>Creates an executor that submits through <paramref name="client"/>.</summary>
    /// <param name="client">The Slurm commands.</param>
    /// <param name="objects">The object store shared with the compute nodes.</param>
    /// <param name="options">Submission and polling options.</param>
    /// <param name="resources">Step id → resources (from the bound workflow); others get <see cref="SlurmOptions.DefaultResources"/>.</param>
    public SlurmExecutor(ISlurmClient client, ObjectStore objects, SlurmOptions options, IReadOnlyDictionary<string, StepResources> resources)
    {
        _client = client;
        _objects = objects;
        _options = options;
        _resources = resources;
        _results = new SlurmResults(objects, options.LogTailLines);
        WorkDirectory = Path.GetFullPath(options.WorkDirectory);
        _jobName = "kiseki-" + Path.GetFileName(WorkDirectory.TrimEnd(Path.DirectorySeparatorChar));
        foreach (var folder in new[] { "specs", "results", "batches", "logs" })
        {
            Directory.CreateDirectory(Path.Combine(WorkDirectory, folder));
        }
    }

    /// <inheritdoc />
    public string Name => "slurm";

    /// <summary>The shared work folder (specs, results, manifests, scripts, logs).</summary>
    public string WorkDirectory { get; }

    /// <summary>The job ids returned by <c>sbatch</c>, in submission order.</summary>
    public IReadOnlyList<string> SubmittedJobs
    {
        get
        {
            lock (_gate)
            {
                return [.. _submittedJobs];
            }
        }
    }

    /// <inheritdoc />
    public Task<StepOutcome> ExecuteAsync(StepWork work, IProgress<StepProgress> progress, CancellationToken cancellationToken)
    {
        var started = DateTimeOffset.UtcNow;
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromResult(SlurmResults.Outcome(StepOutcomeStatus.Cancelled, "cancelled before it was submitted", started));
        }

        var resources = _resources.TryGetValue(work.StepId, out var r) ? r : work.Resources ?? _options.DefaultResources;
        var number = Interlocked.Increment(ref _specCounter).ToString("D6", CultureInfo.InvariantCulture);
        var task = new SlurmTask(
            work with { Threads = Math.Max(1, resources.Cpus) }, resources,
            Path.Combine(WorkDirectory, "specs", number + ".json"), Path.Combine(WorkDirectory, "results", number + ".json"),
            progress, started);
        StepSpec.WriteFile(task.SpecPath, StepSpec.Write(task.Work, _objects.Root, task.ResultPath));
        cancellationToken.Register(CancelAll);
        lock (_gate)
        {
            if (_cancelled)
            {
                task.Complete(SlurmResults.Outcome(StepOutcomeStatus.Cancelled, "cancelled before it was submitted", started));
                return task.Completion;
            }

            _pending.Add(task);
            _lastArrival = DateTimeOffset.UtcNow;
            if (!_flushScheduled)
            {
                _flushScheduled = true;
                _ = Task.Run(FlushLaterAsync, CancellationToken.None);
            }
        }

        return task.Completion;
    }

    private async Task FlushLaterAsync()
    {
        // Debounce: submit once no step has arrived for a whole window (ready steps come in bursts), but never hold the
        // first one longer than ten windows.
        var first = DateTimeOffset.UtcNow;
        while (_options.BatchWindow > TimeSpan.Zero)
        {
            await Task.Delay(_options.BatchWindow).ConfigureAwait(false);
            var now = DateTimeOffset.UtcNow;
            lock (_gate)
            {
                if (now - _lastArrival >= _options.BatchWindow || now - first >= _options.BatchWindow * 10)
                {
                    break;
                }
            }
        }

        await FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Submits every pending step now (one job array per resource shape, split at <see cref="SlurmOptions.MaxArraySize"/>).</summary>
    public async Task FlushAsync()
    {
        List<SlurmTask> batch;
        lock (_gate)
        {
            batch = [.. _pending];
            _pending.Clear();
            _flushScheduled = false;
        }

        foreach (var group in batch.GroupBy(t => t.Resources))
        {
            foreach (var chunk in group.Chunk(Math.Max(1, _options.MaxArraySize)))
            {
                await SubmitAsync(group.Key, chunk).ConfigureAwait(false);
            }
        }
    }

    private async Task SubmitAsync(StepResources resources, IReadOnlyList<SlurmTask> tasks)
    {
        var number = Interlocked.Increment(ref _batchCounter).ToString("D4", CultureInfo.InvariantCulture);
        var manifest = Path.Combine(WorkDirectory, "batches", number + ".manifest");
        var script = Path.Combine(WorkDirectory, "batches", number + ".sh");
        var specs = tasks.Select(t => t.SpecPath).ToList();
        var arguments = SbatchScript.Arguments(_options, resources, tasks.Count, _jobName, Path.Combine(WorkDirectory, "logs"));
        string jobId;
        try
        {
            await File.WriteAllTextAsync(manifest, SbatchScript.Manifest(specs)).ConfigureAwait(false);
            await File.WriteAllTextAsync(script, SbatchScript.Script(_options.KisekiCommand, manifest, arguments)).ConfigureAwait(false);
            jobId = (await _client.SubmitAsync(new SlurmSubmission(arguments, script, specs), CancellationToken.None).ConfigureAwait(false))
                .Trim().Split(';')[0];
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            foreach (var task in tasks)
            {
                task.Complete(SlurmResults.Outcome(StepOutcomeStatus.Failed,
                    $"step '{task.Work.StepId}' ({task.Work.Method.Reference}): sbatch failed: {e.Message}", task.Started));
            }

            return;
        }

        bool cancelNow;
        lock (_gate)
        {
            _submittedJobs.Add(jobId);
            for (var i = 0; i < tasks.Count; i++)
            {
                tasks[i].JobId = string.Create(CultureInfo.InvariantCulture, $"{jobId}_{i}");
                tasks[i].ArrayJobId = jobId;
                tasks[i].LogPath = Path.Combine(WorkDirectory, "logs", tasks[i].JobId + ".log");
            }

            cancelNow = _cancelled;
            if (!cancelNow)
            {
                _active.AddRange(tasks);
                if (!_polling)
                {
                    _polling = true;
                    _ = Task.Run(PollLoopAsync, CancellationToken.None);
                }
            }
        }

        if (cancelNow)
        {
            await CancelJobsAsync([jobId]).ConfigureAwait(false);
            foreach (var task in tasks)
            {
                task.Complete(SlurmResults.Outcome(StepOutcomeStatus.Cancelled, "cancelled", task.Started));
            }
        }
    }

    /// <summary>Cancels every submitted job (<c>scancel</c>) and ends every step as cancelled; later steps are not submitted.</summary>
    public void CancelAll()
    {
        List<SlurmTask> tasks;
        List<string> jobs;
        lock (_gate)
        {
            if (_cancelled)
            {
                return;
            }

            _cancelled = true;
            tasks = [.. _pending, .. _active];
            jobs = [.. _active.Select(t => t.ArrayJobId!).Distinct(StringComparer.Ordinal)];
            _pending.Clear();
            _active.Clear();
        }

        _ = Task.Run(async () =>
        {
            await CancelJobsAsync(jobs).ConfigureAwait(false);
            foreach (var task in tasks)
            {
                var where = task.JobId is null ? "before it was submitted" : $"(Slurm job {task.JobId} scancelled)";
                task.Complete(SlurmResults.Outcome(StepOutcomeStatus.Cancelled, $"cancelled {where}", task.Started));
            }
        }, CancellationToken.None);
    }

    private async Task CancelJobsAsync(IReadOnlyCollection<string> jobs)
    {
        if (jobs.Count == 0)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _client.CancelAsync(jobs, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The jobs end anyway at their time limit; the run is recorded cancelled regardless.
        }
    }

    private const int MaxConsecutivePollFailures = 30;

    /// <summary>Number of <c>squeue</c> calls made so far.</summary>
    public int Polls { get; private set; }

    private async Task PollLoopAsync()
    {
        var failures = 0;
        while (true)
        {
            await Task.Delay(_options.PollInterval).ConfigureAwait(false);
            List<SlurmTask> active;
            lock (_gate)
            {
                if (_active.Count == 0 || _cancelled)
                {
                    _polling = false;
                    return;
                }

                active = [.. _active];
            }

            try
            {
                await PollOnceAsync(active).ConfigureAwait(false);
                failures = 0;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                if (++failures >= MaxConsecutivePollFailures)
                {
                    FailAll(active, $"Slurm could not be queried {failures} times in a row: {e.Message}");
                }
            }
        }
    }

    private const int MaxPollsForFinalState = 3;

    private async Task PollOnceAsync(IReadOnlyList<SlurmTask> active)
    {
        var jobs = active.Select(t => t.ArrayJobId!).Distinct(StringComparer.Ordinal).ToList();
        Polls++;
        var states = ByJob(await _client.QueueAsync(jobs, CancellationToken.None).ConfigureAwait(false));
        var finished = new List<(SlurmTask Task, SlurmJobState? State)>();
        var forgotten = new List<SlurmTask>();
        foreach (var task in active)
        {
            var known = states.GetValueOrDefault(task.JobId!);
            if (known is not null && !SlurmStates.IsFinished(known.State) && !File.Exists(task.ResultPath))
            {
                continue;
            }

            // A failed step's job writes its result and then exits non-zero: wait a few polls for Slurm's final state
            // so the failure is recorded with it (successes need no state and are recorded at once).
            if (known is not null && !SlurmStates.IsFinished(known.State) && task.PollsAfterResult < MaxPollsForFinalState
                && SlurmResults.IsFailure(task.ResultPath))
            {
                task.PollsAfterResult++;
                continue;
            }

            if (known is null && !File.Exists(task.ResultPath))
            {
                forgotten.Add(task);
            }
            else
            {
                finished.Add((task, known));
            }
        }

        if (forgotten.Count > 0)
        {
            var accounted = await _client.AccountingAsync(
                [.. forgotten.Select(t => t.ArrayJobId!).Distinct(StringComparer.Ordinal)], CancellationToken.None).ConfigureAwait(false);
            var final = accounted is null ? [] : ByJob(accounted);
            foreach (var task in forgotten)
            {
                var state = final.GetValueOrDefault(task.JobId!);
                if (state is not null && !SlurmStates.IsFinished(state.State))
                {
                    continue;
                }

                finished.Add((task, state ?? new SlurmJobState(task.JobId!, "UNKNOWN", "no longer known to squeue; sacct unavailable")));
            }
        }

        if (finished.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var (task, _) in finished)
            {
                _active.Remove(task);
            }
        }

        foreach (var (task, state) in finished)
        {
            task.Complete(await _results.ReadAsync(task, state).ConfigureAwait(false));
        }
    }

    private void FailAll(IReadOnlyList<SlurmTask> tasks, string error)
    {
        lock (_gate)
        {
            foreach (var task in tasks)
            {
                _active.Remove(task);
            }
        }

        foreach (var task in tasks)
        {
            task.Complete(SlurmResults.Outcome(StepOutcomeStatus.Failed, $"step '{task.Work.StepId}' ({task.Work.Method.Reference}): {error}", task.Started));
        }
    }

    private static Dictionary<string, SlurmJobState> ByJob(IEnumerable<SlurmJobState> states)
    {
        var result = new Dictionary<string, SlurmJobState>(StringComparer.Ordinal);
        foreach (var state in states)
        {
            result[state.JobId] = state;
        }

        return result;
    }
}
