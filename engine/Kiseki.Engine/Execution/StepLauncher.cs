using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Hashing;
using Kiseki.Engine.Planning;
using Kiseki.Provenance;

namespace Kiseki.Engine.Execution;

/// <summary>
/// Launches one step: cache probes, the cross-run step lock and the executor. A search step with an <c>evaluate:</c>
/// block runs in this process (<see cref="Campaigns.CampaignRunner"/>); its evaluations go to the executor.
/// </summary>
internal sealed class StepLauncher(RunContext context, CacheProbe cache, int jobs)
{
    /// <summary>
    /// Starts <paramref name="planned"/> on the thread pool with <paramref name="inputs"/>: a pending step is probed in
    /// the cache once its key is known, the step lock is taken (waiting for another run computing the same key), the
    /// cache is probed again, then the executor runs it. The task never faults; failures are in its completion.
    /// </summary>
    public Task<Completion> Launch(
        PlannedStep planned, IReadOnlyDictionary<string, InputReference> inputs, IReadOnlyDictionary<string, ContentHash> hashes, int threads,
        CancellationToken cancellationToken)
    {
        var step = planned.Step;

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
                var hit = cache.TryHit(key.Digest, out _, step.Method);
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

            if (recheck && held.WasRecorded && cache.TryHit(key.Digest, out _) is { } recorded)
            {
                return new Completion(planned, key, recorded, null, context.Clock.GetUtcNow(), held);
            }

            context.Observer.StepStarted(step.Id);
            var started = context.Clock.GetUtcNow();
            var observed = new ObserverProgress(context.Observer, step.Id);
            var result = step.Evaluate is { } evaluate
                ? await new Campaigns.CampaignRunner(context, jobs).RunAsync(planned, work, evaluate, observed, cancellationToken).ConfigureAwait(false)
                : await context.Executor.ExecuteAsync(work, observed, cancellationToken).ConfigureAwait(false);
            return new Completion(planned, key, null, result, started, held);
        }, CancellationToken.None);
    }

    private sealed class ObserverProgress(IRunObserver observer, string stepId) : IProgress<StepProgress>
    {
        public void Report(StepProgress value) => observer.StepProgress(stepId, value);
    }

}

/// <summary>A launched step's end: a cache hit or an executor outcome, with its key and the step lock it holds.</summary>
/// <param name="Step">The planned step.</param>
/// <param name="Key">Its step key.</param>
/// <param name="CacheHit">The execution reused when another run recorded the key meanwhile.</param>
/// <param name="Outcome">The executor's outcome when the step ran.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="Lock">The step lock, released once the step is recorded.</param>
internal sealed record Completion(
    PlannedStep Step, StepKey Key, ExecutionRecord? CacheHit, StepOutcome? Outcome, DateTimeOffset StartedAt, StepLock? Lock = null);
