using System.Text.Json;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Planning;
using Kiseki.Provenance;

namespace Kiseki.Engine.Campaigns;

/// <summary>
/// The engine's <see cref="IPointEvaluator"/> for one search step: each point becomes an <see cref="EvaluationInstance"/>
/// that is looked up in the store first (a point evaluated before — in this campaign before it was interrupted, or in
/// any other — is read, not evaluated again), otherwise run by the run's executor (so <c>--jobs</c> and Slurm apply) and
/// recorded at once as a step of the run with its execution, outputs and row. At most <c>jobs</c> points of a batch run
/// at a time; results are returned in proposal order, whatever order they finished in.
/// </summary>
internal sealed class CampaignEvaluator(RunContext context, PlannedStep search, EvaluatorDeclaration evaluator, int jobs) : IPointEvaluator
{
    private readonly CacheProbe _cache = new(context.Provenance, context.Objects);
    private readonly StepRecords _records = new(context.RunId, context.EnvironmentId);
    private int _next;

    /// <summary>Points evaluated by the evaluator in this run (cache hits not counted).</summary>
    public int Executed => Volatile.Read(ref _executed);

    /// <summary>Points read from the store in this run.</summary>
    public int Reused => Volatile.Read(ref _reused);

    private int _executed;
    private int _reused;

    /// <inheritdoc />
    public async Task<IReadOnlyList<PointEvaluation>> EvaluateAsync(
        IReadOnlyList<IReadOnlyDictionary<string, double>> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        var instances = points.Select(p => EvaluationInstance.Create(search.Step, evaluator, _next++, p, context.Codec)).ToList();
        var artifacts = instances.Where(i => i.PointArtifact is not null).Select(i => StepRecords.ArtifactRecordOf(i.PointArtifact!, null)).ToList();
        if (artifacts.Count > 0)
        {
            context.Provenance.Record(new ProvenanceBatch { Artifacts = artifacts });
        }

        using var gate = new SemaphoreSlim(Math.Max(1, jobs));
        var tasks = instances.Select(async instance =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return await EvaluateOneAsync(instance, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (evaluator.OnFailure == EvaluationFailurePolicy.Fail)
        {
            for (var i = 0; i < results.Length; i++)
            {
                if (!results[i].Succeeded)
                {
                    throw MethodException.Failed($"evaluation {instances[i].Step.Id} of point {instances[i].PointText} failed: {results[i].Error}");
                }
            }
        }

        return results;
    }

    private async Task<PointEvaluation> EvaluateOneAsync(EvaluationInstance instance, CancellationToken cancellationToken)
    {
        var planned = new PlannedStep(instance.Step, instance.Key, PlannedStatus.Pending, RerunReason.NoRecord, null, null);
        if (_cache.TryHit(instance.Key.Digest, out _, instance.Step.Method) is { } hit)
        {
            return Reuse(planned, hit);
        }

        using var held = await StepLock.AcquireAsync(context.Objects.Root, instance.Key.Digest, cancellationToken).ConfigureAwait(false);
        if (held.WasRecorded && _cache.TryHit(instance.Key.Digest, out _, instance.Step.Method) is { } recorded)
        {
            return Reuse(planned, recorded);
        }

        var started = context.Clock.GetUtcNow();
        var outcome = await context.Executor.ExecuteAsync(instance.Work, new Progress<StepProgress>(), cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _executed);
        var status = outcome.Status switch
        {
            StepOutcomeStatus.Succeeded => RunStepStatus.Succeeded,
            StepOutcomeStatus.Cancelled => RunStepStatus.Cancelled,
            _ => RunStepStatus.Failed,
        };
        var outputs = outcome.Outputs.ToDictionary(p => p.Key, p => p.Value.Hash, StringComparer.Ordinal);
        var completion = new Completion(planned, instance.Key, null, outcome, started, held);
        context.Provenance.Record(new ProvenanceBatch
        {
            Artifacts = [.. outcome.Outputs.Values.Select(a => StepRecords.ArtifactRecordOf(a, instance.Key.Digest))],
            Executions = [_records.Execution(completion, outcome, outputs)],
            RunSteps = [_records.Row(planned, instance.Key.Digest, status, RerunReason.NoRecord, outcome.Error, null, outcome.StartedAt, outcome.FinishedAt)],
        });
        if (status != RunStepStatus.Succeeded)
        {
            return PointEvaluation.Failed(outcome.Error ?? status.ToString().ToLowerInvariant());
        }

        return ValueOf(outputs);
    }

    private PointEvaluation Reuse(PlannedStep planned, ExecutionRecord hit)
    {
        Interlocked.Increment(ref _reused);
        var now = context.Clock.GetUtcNow();
        context.Provenance.Record(new ProvenanceBatch
        {
            RunSteps = [_records.Row(planned, planned.Key!.Digest, RunStepStatus.Cached, RerunReason.None, null, null, now, now)],
        });
        return ValueOf(hit.OutputHashes);
    }

    /// <summary>The number in the evaluator's <c>value</c> output: a JSON number or an object with a numeric <c>value</c>.</summary>
    private PointEvaluation ValueOf(IReadOnlyDictionary<string, ContentHash> outputs)
    {
        if (!outputs.TryGetValue(EvaluatorDeclaration.ValuePort, out var hash))
        {
            return PointEvaluation.Failed("the evaluator produced no output 'value'");
        }

        try
        {
            var node = JsonNode.Parse(context.Objects.ReadVerified(hash));
            var number = node is JsonObject o ? o["value"] : node;
            if (number is JsonValue v && v.TryGetValue<double>(out var value) && double.IsFinite(value))
            {
                return new PointEvaluation(value);
            }

            return PointEvaluation.Failed(
                $"output 'value' must be a finite JSON number or {{\"value\": number}}, got {Shorten(node?.ToJsonString() ?? "null")}");
        }
        catch (JsonException e)
        {
            return PointEvaluation.Failed($"output 'value' is not JSON: {e.Message}");
        }
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";
}
