using System.Text.Json.Nodes;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Campaigns;
using Kiseki.Engine.Hashing;
using Kiseki.Provenance;

namespace Kiseki.Engine.Audit;

/// <summary>
/// The evaluator of a re-executed search: answers the k-th point the search proposes with the k-th recorded evaluation
/// of the run that executed it (<c>SEARCH.eval-NNNN</c>), after checking that it was recorded for the same point (its
/// seed is derived from the point). Nothing is evaluated, so re-executing a campaign costs the model fits only and
/// checks that the search's decisions reproduce; a point that was not recorded fails the re-execution naming it.
/// </summary>
internal sealed class RecordedEvaluations(AuditStore store, string runId, string stepId) : IPointEvaluator
{
    private readonly Dictionary<string, RunStepRecord> _rows = store.Provenance.RunSteps(runId)
        .Where(r => r.StepId.StartsWith(EvaluationInstance.IdPrefix(stepId), StringComparison.Ordinal))
        .GroupBy(r => r.StepId, StringComparer.Ordinal)
        .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    private int _next;

    /// <summary>Recorded evaluations read so far.</summary>
    public int Read => _next;

    /// <inheritdoc />
    public Task<IReadOnlyList<PointEvaluation>> EvaluateAsync(
        IReadOnlyList<IReadOnlyDictionary<string, double>> points, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(points);
        return Task.FromResult<IReadOnlyList<PointEvaluation>>([.. points.Select(Answer)]);
    }

    private PointEvaluation Answer(IReadOnlyDictionary<string, double> point)
    {
        var id = EvaluationInstance.IdOf(stepId, _next++);
        var text = CanonicalJson.ToText(new JsonObject([.. point.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]));
        if (!_rows.TryGetValue(id, out var row))
        {
            throw MethodException.Failed($"the re-executed search asked for point {text} as evaluation {id}, which run {runId} did not record.");
        }

        if (row.Status == RunStepStatus.Failed)
        {
            return PointEvaluation.Failed(row.Error ?? "failed");
        }

        var execution = store.ExecutionOf(row);
        if (execution is null || !execution.OutputHashes.TryGetValue(EvaluatorDeclaration.ValuePort, out var hash))
        {
            throw MethodException.Failed($"evaluation {id} of run {runId} has no recorded value.");
        }

        if (execution.Seed != EvaluationInstance.SeedOf(text))
        {
            throw MethodException.Failed($"the re-executed search asked for point {text} as evaluation {id}, but run {runId} recorded another point there: the search's decisions differ.");
        }

        var node = JsonNode.Parse(File.ReadAllBytes(store.PathOf(hash)));
        var number = node is JsonObject o ? o["value"] : node;
        return number is JsonValue v && v.TryGetValue<double>(out var value)
            ? new PointEvaluation(value)
            : throw MethodException.Failed($"the recorded value of evaluation {id} is not a number.");
    }
}
