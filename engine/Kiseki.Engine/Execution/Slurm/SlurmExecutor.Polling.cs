using System.Text.Json.Nodes;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Artifacts;

namespace Kiseki.Engine.Execution.Slurm;

/// <summary>Following jobs: one <c>squeue</c> per poll interval, <c>sacct</c> for jobs the controller forgot, result files.</summary>
public sealed partial class SlurmExecutor
{
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
                && ResultIsFailure(task.ResultPath))
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
            task.Complete(await FinishAsync(task, state).ConfigureAwait(false));
        }
    }

    private const int MaxPollsForFinalState = 3;

    private static bool ResultIsFailure(string path)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) is JsonObject node
                   && StepSpec.ReadResult(node).Status != StepOutcomeStatus.Succeeded;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException
                                      or NullReferenceException or InvalidOperationException or FormatException)
        {
            return false;
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
            task.Complete(Outcome(StepOutcomeStatus.Failed, $"step '{task.Work.StepId}' ({task.Work.Method.Reference}): {error}", task.Started));
        }
    }

    private async Task<StepOutcome> FinishAsync(SlurmTask task, SlurmJobState? state)
    {
        var slurm = state is null ? $"Slurm job {task.JobId}" : $"Slurm job {task.JobId} {SlurmStates.Normalize(state.State)}";
        var prefix = $"step '{task.Work.StepId}' ({task.Work.Method.Reference})";
        if (File.Exists(task.ResultPath))
        {
            StepOutcome outcome;
            try
            {
                var node = JsonNode.Parse(await File.ReadAllTextAsync(task.ResultPath).ConfigureAwait(false))!.AsObject();
                outcome = StepSpec.ReadResult(node);
            }
            catch (Exception e) when (e is IOException or InvalidDataException or System.Text.Json.JsonException or NullReferenceException
                                          or InvalidOperationException or FormatException)
            {
                return Outcome(StepOutcomeStatus.Failed, $"{prefix}: unreadable result file {task.ResultPath} ({e.Message}); {slurm}" + Tail(task),
                    task.Started);
            }

            if (outcome.Status == StepOutcomeStatus.Succeeded)
            {
                if (MissingObject(outcome) is { } problem)
                {
                    return Outcome(StepOutcomeStatus.Failed, $"{prefix}: {slurm} reported success but {problem}", task.Started, outcome.LogExcerpt);
                }

                task.Progress.Report(new StepProgress(1.0));
                return outcome;
            }

            var stateText = state is not null && SlurmStates.IsFinished(state.State) ? $" ({slurm} {SlurmStates.Describe(state.State)})" : $" ({slurm})";
            return outcome with { Error = (outcome.Error ?? $"{prefix}: failed") + stateText + Tail(task) };
        }

        var name = state is null ? "UNKNOWN" : SlurmStates.Normalize(state.State);
        var reason = string.IsNullOrWhiteSpace(state?.Reason) || state.Reason == "None" ? "" : $" [{state.Reason}]";
        var what = name == "TIMEOUT"
            ? $"exceeded its time limit (--time={task.Resources.TimeMinutes} min)"
            : SlurmStates.Describe(name);
        return Outcome(StepOutcomeStatus.Failed, $"{prefix}: {slurm}{reason} {what} without writing a result file" + Tail(task), task.Started);
    }

    private string? MissingObject(StepOutcome outcome)
    {
        foreach (var (port, stored) in outcome.Outputs)
        {
            foreach (var hash in stored.Blobs.Append(stored.Hash).Distinct())
            {
                if (!_objects.TryVerify(hash, out var problem))
                {
                    return $"output '{port}' object {hash} is not intact in the shared store: {problem}";
                }
            }
        }

        return null;
    }

    private string Tail(SlurmTask task)
    {
        try
        {
            if (task.LogPath is null || !File.Exists(task.LogPath))
            {
                return "";
            }

            var lines = File.ReadAllLines(task.LogPath).Where(l => l.Length > 0).TakeLast(Math.Max(1, _options.LogTailLines)).ToList();
            var text = string.Join('\n', lines);
            if (text.Length > 4000)
            {
                text = "…" + text[^4000..];
            }

            return lines.Count == 0 ? "" : $"\nlog tail ({task.LogPath}):\n{text}";
        }
        catch (IOException)
        {
            return "";
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
