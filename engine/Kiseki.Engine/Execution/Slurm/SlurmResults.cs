using System.Text.Json.Nodes;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Artifacts;

namespace Kiseki.Engine.Execution.Slurm;

/// <summary>
/// Turns a finished Slurm job into a step outcome: its result file, with every output object verified in the shared
/// object store, or — when there is none — Slurm's final state and the tail of the job's log.
/// </summary>
internal sealed class SlurmResults(ObjectStore objects, int logTailLines)
{
    /// <summary>Whether the result file at <paramref name="path"/> holds a failed (or cancelled) step; false while unreadable.</summary>
    public static bool IsFailure(string path)
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

    /// <summary>The outcome of a finished job: its result file (with every output object verified in the shared store), or why there is none.</summary>
    public async Task<StepOutcome> ReadAsync(SlurmTask task, SlurmJobState? state)
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
                if (!objects.TryVerify(hash, out var problem))
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

            var lines = File.ReadAllLines(task.LogPath).Where(l => l.Length > 0).TakeLast(Math.Max(1, logTailLines)).ToList();
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

    /// <summary>An outcome without outputs (failed, cancelled), timed from <paramref name="started"/> to now.</summary>
    public static StepOutcome Outcome(StepOutcomeStatus status, string error, DateTimeOffset started, string log = "")
        => new(status, new Dictionary<string, StoredArtifact>(), null, new Dictionary<string, double>(), log,
            error, started, DateTimeOffset.UtcNow);
}
