using System.Globalization;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Gaussian;
using Kiseki.Methods.Precipitate.LowErrorRegion;

namespace Kiseki.Methods.Precipitate.LowErrorRegionCampaign;

/// <summary>
/// The low-error-region search of version 1 driving a real evaluator: only the grid points the search proposes are
/// evaluated, each through the step's <c>evaluate:</c> block (a recorded step instance per point), q points per step.
/// </summary>
/// <remarks>
/// Tsukada et al., Sci. Rep. 9, 15794 (2019); LSE (Gotovos et al., IJCAI 2013), straddle (Bryan et al., NIPS 2005).
/// Points are {interface_energy (J/m²), misfit}; the evaluator returns the discrepancy y ≥ 0 (e.g.
/// <c>precipitate.shape-discrepancy@1</c>). With batch_size 1 and that evaluator the decisions equal version 1's.
/// </remarks>
[Method("precipitate.low-error-region", version: 2, Evaluates = true,
    Summary = "GP level-set search for the low-error (γ, ε) region, evaluating only the proposed points with the step's evaluate: block.",
    Remarks = "Version 1's search (Tsukada et al., Sci. Rep. 9, 15794, 2019; LSE, Gotovos et al., IJCAI 2013) with the exhaustive "
        + "grid replaced by an evaluator: each proposed point {interface_energy, misfit} is a recorded, cached evaluation returning "
        + "y ≥ 0; the region is y < threshold. batch_size q: the q best points by the strategy's score (ties: lower index) are "
        + "evaluated together and used in proposal order. Failed evaluations under on_failure: skip are left out and listed in "
        + "summary.skipped; the budget counts them. A reference input (exhaustive discrepancies) adds f1_curve and "
        + "evaluations_to_target; the search never reads it. γ in J/m².",
    RelativeTolerance = 1e-9)]
public sealed class LowErrorRegionCampaignMethod
    : IMethod<LowErrorRegionCampaignParameters, LowErrorRegionCampaignInputs, LowErrorRegionCampaignOutputs>
{
    /// <inheritdoc />
    public async ValueTask<MethodResult<LowErrorRegionCampaignOutputs>> RunAsync(
        LowErrorRegionCampaignInputs inputs, LowErrorRegionCampaignParameters parameters, MethodContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(context);
        var p = parameters;
        var evaluator = context.Evaluator ?? throw MethodException.Failed("this search evaluates points: give the step an 'evaluate:' block.");
        var grid = p.Grid();
        if (!(p.Threshold > 0) || !double.IsFinite(p.Threshold))
        {
            throw MethodException.InvalidParameter("threshold", $"must be a positive number, got {p.Threshold}.");
        }

        var truth = inputs.Reference is { } reference ? ReferenceRegion.Read(reference, grid, p.Threshold) : null;
        var settings = p.SearchSettings() with { StopAtTarget = p.StopAtTarget && truth is not null, BatchSize = p.BatchSize };
        Task<IReadOnlyList<PointEvaluation>> Evaluate(IReadOnlyList<int> indices, CancellationToken token)
            => evaluator.EvaluateAsync([.. indices.Select(grid.PointOf)], token);
        var progress = new Reporter(s => context.Progress.Report(new StepProgress(
            Math.Clamp((double)s.Attempted / Math.Max(1, s.Budget), 0, 1), Describe(s))));
        RegionSearchResult result;
        try
        {
            result = await LowErrorRegionSolver.RunAsync(
                grid.Points, Evaluate, truth?.Inside, p.Threshold, settings, context.Random, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (GaussianProcessException ex)
        {
            throw MethodException.Failed($"the Gaussian process failed: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw MethodException.Failed(ex.Message);
        }

        var posterior = RegionPosterior.Of(result, grid, p.Threshold);
        context.Log.Info($"{result.Order.Length} of {grid.Count} points evaluated ({result.Skipped.Count} skipped); "
            + $"{posterior.RegionPoints} in the estimated region, {posterior.UncertainPoints} uncertain; {result.StopReason}.");
        var summary = new JsonObject
        {
            ["strategy"] = Names.OfChoice(p.Strategy),
            ["evaluations"] = result.Order.Length,
            ["budget"] = p.Budget,
            ["batch_size"] = p.BatchSize,
            ["grid_points"] = grid.Count,
            ["region_points"] = posterior.RegionPoints,
            ["uncertain_points"] = posterior.UncertainPoints,
            ["threshold"] = p.Threshold,
            ["skipped"] = new JsonArray([.. result.Skipped.Select(s => (JsonNode?)new JsonObject
            {
                ["point"] = new JsonObject { ["interface_energy"] = grid.Gamma(s.Index), ["misfit"] = grid.Misfit(s.Index) },
                ["error"] = s.Error,
            })]),
            ["stop_reason"] = result.StopReason,
        };
        var metrics = new Dictionary<string, double>
        {
            ["evaluations"] = result.Order.Length,
            ["skipped"] = result.Skipped.Count,
            ["region_points"] = posterior.RegionPoints,
            ["uncertain_points"] = posterior.UncertainPoints,
        };
        var outputs = new LowErrorRegionCampaignOutputs
        {
            RegionMap = RegionPosterior.Map(posterior, result, grid, truth?.Inside, Names.OfChoice(p.Strategy)),
            Region = posterior.Table(grid),
            Inside = posterior.InsideTable(grid),
            Evaluations = new Table([
                TableColumn.Numeric("interface_energy", [.. result.Order.Select(grid.Gamma)]),
                TableColumn.Numeric("misfit", [.. result.Order.Select(grid.Misfit)]),
                TableColumn.Numeric("value", [.. result.Values]),
            ]),
            Summary = new JsonArtifact(summary),
        };
        if (truth is not null)
        {
            var trueCount = truth.Inside.Count(t => t);
            summary["final_f1"] = result.F1[^1];
            summary["evaluations_to_target"] = result.EvaluationsToTarget;
            summary["target_f1"] = p.TargetF1;
            summary["true_region_points"] = trueCount;
            metrics["final_f1"] = result.F1[^1];
            metrics["evaluations_to_target"] = result.EvaluationsToTarget ?? -1;
            var target = result.TargetJson(p.Strategy, p.TargetF1, grid.Count);
            target["true_region_points"] = trueCount;
            target["stop_reason"] = result.StopReason;
            outputs = outputs with
            {
                F1Curve = result.F1Table(),
                EvaluationsToTarget = new JsonArtifact(target),
            };
        }

        var converged = truth is null ? posterior.UncertainPoints == 0 : result.EvaluationsToTarget is not null;
        return MethodResult.Success(outputs, new Convergence(converged, result.Order.Length + result.Skipped.Count, result.StopReason), metrics);
    }

    private static string Describe(RegionProgress s)
        => s.Unclassified >= 0
            ? string.Create(CultureInfo.InvariantCulture, $"{s.Attempted}/{s.Budget} evaluations, region {s.RegionPoints} points, {s.Unclassified} unclassified")
            : string.Create(CultureInfo.InvariantCulture, $"{s.Attempted}/{s.Budget} evaluations, region {s.RegionPoints} points");

    /// <summary>Passes each report on at once, on the caller's thread.</summary>
    private sealed class Reporter(Action<RegionProgress> report) : IProgress<RegionProgress>
    {
        public void Report(RegionProgress value) => report(value);
    }
}
