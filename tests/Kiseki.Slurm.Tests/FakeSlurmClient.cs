using System.Collections.Concurrent;
using System.Globalization;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Execution.Slurm;
using Kiseki.Engine.Methods;

namespace Kiseki.Slurm.Tests;

/// <summary>What the fake cluster does with one array task.</summary>
public enum FakeFate
{
    /// <summary>Runs <c>exec-step</c> in-process; COMPLETED or FAILED from the outcome.</summary>
    Run,

    /// <summary>Never finishes (RUNNING until cancelled).</summary>
    Hang,

    /// <summary>Killed at its time limit: TIMEOUT, no result file, a Slurm message in the log.</summary>
    Timeout,

    /// <summary>Runs, then the controller forgets the job (only sacct knows it).</summary>
    RunThenForget,
}

/// <summary>
/// An in-memory Slurm: counts calls, records submissions, and "runs" array tasks by executing their spec files
/// in-process (the same code <c>kiseki exec-step</c> runs), so whole workflows can run through the executor.
/// </summary>
public sealed class FakeSlurmClient(MethodCatalog? catalog, Func<string, FakeFate>? fate = null) : ISlurmClient
{
    private readonly ConcurrentDictionary<string, string> _states = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> _forgotten = new(StringComparer.Ordinal);
    private int _nextJob = 100;

    public List<SlurmSubmission> Submissions { get; } = [];

    private DateTimeOffset _lastSubmission;

    /// <summary>Seconds from the start of <paramref name="clock"/> to the last sbatch call.</summary>
    public double LastSubmittedAt(System.Diagnostics.Stopwatch clock)
        => clock.Elapsed.TotalSeconds - (DateTimeOffset.UtcNow - _lastSubmission).TotalSeconds;

    public List<IReadOnlyCollection<string>> Queries { get; } = [];

    public List<IReadOnlyCollection<string>> Cancels { get; } = [];

    public int AccountingCalls { get; private set; }

    /// <summary>Whether sacct works (accounting storage configured).</summary>
    public bool HasAccounting { get; init; } = true;

    /// <summary>Largest number of jobs held RUNNING at once.</summary>
    public int MaxRunning { get; private set; }

    public Task<string> SubmitAsync(SlurmSubmission submission, CancellationToken cancellationToken)
    {
        string id;
        lock (Submissions)
        {
            Submissions.Add(submission);
            _lastSubmission = DateTimeOffset.UtcNow;
            id = (++_nextJob).ToString(CultureInfo.InvariantCulture);
        }

        Assert.True(File.Exists(submission.ScriptPath), "the batch script is written before sbatch");
        for (var i = 0; i < submission.Specs.Count; i++)
        {
            var task = $"{id}_{i}";
            var spec = submission.Specs[i];
            _states[task] = "PENDING";
            _ = Task.Run(() => ExecuteAsync(task, spec, submission), CancellationToken.None);
        }

        return Task.FromResult(id + (Submissions.Count % 2 == 0 ? ";cluster" : ""));
    }

    private async Task ExecuteAsync(string task, string spec, SlurmSubmission submission)
    {
        var log = Path.Combine(LogDirectory(submission), task + ".log");
        _states[task] = "RUNNING";
        lock (Submissions)
        {
            MaxRunning = Math.Max(MaxRunning, _states.Values.Count(s => s == "RUNNING"));
        }

        switch (fate?.Invoke(spec) ?? FakeFate.Run)
        {
            case FakeFate.Hang:
                return;
            case FakeFate.Timeout:
                await File.WriteAllTextAsync(log, $"kiseki: job {task}\nslurmstepd: error: *** JOB {task} ON node CANCELLED AT 2026-01-01T00:00:00 DUE TO TIME LIMIT ***\n");
                _states[task] = "TIMEOUT";
                return;
            case FakeFate.RunThenForget:
                var forgotten = await StepSpec.ExecuteFileAsync(spec, catalog!, CancellationToken.None);
                _forgotten[task] = forgotten.Status == StepOutcomeStatus.Succeeded ? "COMPLETED" : "FAILED";
                _states.TryRemove(task, out _);
                return;
            default:
                var outcome = await StepSpec.ExecuteFileAsync(spec, catalog!, CancellationToken.None);
                if (outcome.Error is not null)
                {
                    await File.WriteAllTextAsync(log, outcome.Error + "\n");
                }

                _states[task] = outcome.Status == StepOutcomeStatus.Succeeded ? "COMPLETED" : "FAILED";
                return;
        }
    }

    public Task<IReadOnlyList<SlurmJobState>> QueueAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken)
    {
        lock (Queries)
        {
            Queries.Add([.. jobIds]);
        }

        IReadOnlyList<SlurmJobState> states = [.. _states
            .Where(p => jobIds.Contains(p.Key.Split('_')[0]))
            .Select(p => new SlurmJobState(p.Key, p.Value, p.Value == "FAILED" ? "NonZeroExitCode" : "None"))];
        return Task.FromResult(states);
    }

    public Task<IReadOnlyList<SlurmJobState>?> AccountingAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken)
    {
        AccountingCalls++;
        IReadOnlyList<SlurmJobState>? states = HasAccounting
            ? [.. _forgotten.Where(p => jobIds.Contains(p.Key.Split('_')[0])).Select(p => new SlurmJobState(p.Key, p.Value, "0:0"))]
            : null;
        return Task.FromResult(states);
    }

    public Task CancelAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken)
    {
        lock (Cancels)
        {
            Cancels.Add([.. jobIds]);
        }

        foreach (var task in _states.Keys.Where(k => jobIds.Contains(k.Split('_')[0])))
        {
            _states[task] = "CANCELLED";
        }

        return Task.CompletedTask;
    }

    private static string LogDirectory(SlurmSubmission submission)
    {
        var output = submission.Arguments.Single(a => a.StartsWith("--output=", StringComparison.Ordinal))["--output=".Length..];
        return Path.GetDirectoryName(output)!;
    }
}
