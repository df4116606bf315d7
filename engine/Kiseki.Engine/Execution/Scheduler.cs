using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Hashing;
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
public sealed partial class Scheduler(RunContext context, RunOptions options)
{
    private readonly Dictionary<string, StepReport> _reports = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IReadOnlyDictionary<string, ContentHash>> _outputs = new(StringComparer.Ordinal);
    private readonly Dictionary<ContentHash, string> _kinds = [];
    private readonly CacheProbe _cache = new(context.Provenance, context.Objects);
    private IReadOnlyDictionary<string, FileArtifact> _externalInputs = new Dictionary<string, FileArtifact>();
    private Dictionary<string, BoundStep> _steps = [];

    /// <summary>Runs every step of <paramref name="plan"/>; cancellation ends the run as cancelled, keeping finished steps.</summary>
    public async Task<RunSummary> RunAsync(ExecutionPlan plan, CancellationToken cancellationToken)
    {
        var byId = plan.Steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        _steps = plan.Steps.ToDictionary(s => s.Id, s => s.Step, StringComparer.Ordinal);
        _externalInputs = plan.Inputs;
        var children = plan.Steps.ToDictionary(s => s.Id, _ => new List<string>(), StringComparer.Ordinal);
        var waiting = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var planned in plan.Steps)
        {
            foreach (var dependency in planned.Step.Dependencies)
            {
                children[dependency].Add(planned.Id);
            }
        }

        RecordInitialSteps(plan);
        var ready = new Queue<PlannedStep>();
        foreach (var planned in plan.Steps.Where(s => s.Status != PlannedStatus.Cached))
        {
            var open = planned.Step.Dependencies.Count(d => !_reports.ContainsKey(d));
            waiting[planned.Id] = open;
            if (open == 0)
            {
                ready.Enqueue(planned);
            }
        }

        var jobs = Math.Max(1, options.Jobs);
        var threads = options.ThreadsPerStep ?? Math.Max(1, System.Environment.ProcessorCount / jobs);
        var running = new Dictionary<Task<Completion>, PlannedStep>();
        string? stoppedBy = null;
        using var journal = new RecordJournal(this);
        while (true)
        {
            while (ready.Count > 0 && running.Count < jobs && !cancellationToken.IsCancellationRequested && stoppedBy is null)
            {
                var next = ready.Dequeue();
                running[Launch(next, threads, cancellationToken)] = next;
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
                var status = journal.Add(completion);
                if (status is RunStepStatus.Succeeded or RunStepStatus.Cached)
                {
                    foreach (var child in children[completion.Step.Id])
                    {
                        if (--waiting[child] == 0 && !_reports.ContainsKey(child))
                        {
                            ready.Enqueue(byId[child]);
                        }
                    }
                }
                else if (status == RunStepStatus.Failed)
                {
                    // The failed step is recorded before the rows of the steps it skips.
                    journal.Flush();
                    SkipDescendants(completion.Step.Id, children);
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
        RecordUnstarted(plan, cancelled, stoppedBy);
        var reports = plan.Steps.Select(s => _reports[s.Id]).ToList();
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

    private Task<Completion> Launch(PlannedStep planned, int threads, CancellationToken cancellationToken)
    {
        var step = planned.Step;
        var inputs = new Dictionary<string, InputReference>(StringComparer.Ordinal);
        var hashes = new Dictionary<string, ContentHash>(StringComparer.Ordinal);
        foreach (var (port, binding) in step.Inputs)
        {
            switch (binding)
            {
                case ExternalInputBinding external:
                    var file = _externalInputs[external.InputName];
                    inputs[port] = new InputReference(file.Hash, "file", file.Path);
                    hashes[port] = file.Hash;
                    break;
                case StepOutputBinding upstream when _outputs[upstream.StepId].TryGetValue(upstream.Port, out var hash):
                    inputs[port] = new InputReference(hash, KindOf(upstream, hash));
                    hashes[port] = hash;
                    break;
            }
        }

        var key = planned.Key ?? StepKey.For(step, hashes);
        var work = new StepWork(step.Id, step.Method, step.CanonicalParameters, inputs, step.Seed, threads) { Command = Commands.CommandWorkOf.Step(step) };
        // A pending step may turn out cached once its upstream outputs are known; a step with no recorded history is
        // not probed (a miss is almost certain, and re-executing a deterministic step is always correct).
        var probe = planned.Status == PlannedStatus.Pending
                    && !planned.Reasons.HasFlag(RerunReason.Forced) && !planned.Reasons.HasFlag(RerunReason.NoRecord);
        var recheck = !planned.Reasons.HasFlag(RerunReason.Forced);
        return Task.Run(async () =>
        {
            if (probe)
            {
                var hit = _cache.TryHit(key.Digest, out _, step.Method);
                if (hit is not null)
                {
                    return new Completion(planned, key, hit, null, context.Clock.GetUtcNow());
                }
            }

            // Another run on this store may be computing the same step: wait for its lock, then look again.
            StepLock held;
            try
            {
                held = await StepLock.AcquireAsync(context.Objects.Root, key.Digest, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or UnauthorizedAccessException)
            {
                var cancelled = e is OperationCanceledException;
                var now = context.Clock.GetUtcNow();
                var error = cancelled
                    ? "cancelled"
                    : $"step '{step.Id}': could not take the step lock {StepLock.PathOf(context.Objects.Root, key.Digest)}: {e.Message}";
                var outcome = new StepOutcome(
                    cancelled ? StepOutcomeStatus.Cancelled : StepOutcomeStatus.Failed, new Dictionary<string, StoredArtifact>(), null,
                    new Dictionary<string, double>(), "", error, now, now);
                return new Completion(planned, key, null, outcome, now);
            }

            if (recheck && held.WasRecorded && _cache.TryHit(key.Digest, out _) is { } recorded)
            {
                return new Completion(planned, key, recorded, null, context.Clock.GetUtcNow(), held);
            }

            context.Observer.StepStarted(step.Id);
            var started = context.Clock.GetUtcNow();
            var result = await context.Executor
                .ExecuteAsync(work, new ObserverProgress(context.Observer, step.Id), cancellationToken).ConfigureAwait(false);
            return new Completion(planned, key, null, result, started, held);
        }, CancellationToken.None);
    }

    private string KindOf(StepOutputBinding upstream, ContentHash hash)
    {
        if (_kinds.TryGetValue(hash, out var kind))
        {
            return kind;
        }

        var declared = _steps[upstream.StepId].Method.FindOutput(upstream.Port)?.ArtifactKind;
        return declared is not null and not "any"
            ? declared
            : context.Provenance.GetArtifact(hash)?.Kind ?? throw new InvalidOperationException($"no artifact record for {hash}.");
    }

    private sealed class ObserverProgress(IRunObserver observer, string stepId) : IProgress<StepProgress>
    {
        public void Report(StepProgress value) => observer.StepProgress(stepId, value);
    }

    private sealed record Completion(
        PlannedStep Step, StepKey Key, ExecutionRecord? CacheHit, StepOutcome? Outcome, DateTimeOffset StartedAt, StepLock? Lock = null);
}
