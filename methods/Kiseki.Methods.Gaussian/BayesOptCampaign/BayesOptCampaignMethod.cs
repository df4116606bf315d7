using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Gaussian.BayesOpt;

namespace Kiseki.Methods.Gaussian.BayesOptCampaign;

/// <summary>Parameters of <c>gp.bayes-opt@2</c>: those of version 1 without the objective column, and the batch size.</summary>
public sealed record BayesOptCampaignParameters : BayesOptSearchSettings
{
    [Description("Candidates proposed per step and evaluated together (in parallel with --jobs or as cluster jobs).")]
    [Range(1, 10_000)]
    public int BatchSize { get; init; } = 1;
}

/// <summary>Inputs of <c>gp.bayes-opt@2</c>.</summary>
public sealed record BayesOptCampaignInputs
{
    [Description("Candidate table: one row per candidate and its numeric feature columns; the evaluator gives the objective.")]
    public required Table Candidates { get; init; }
}

/// <summary>
/// Bayesian optimisation of version 1 driving a real evaluator: each proposed candidate is evaluated through the
/// step's <c>evaluate:</c> block (a recorded step instance per point), q candidates per step.
/// </summary>
/// <remarks>
/// PHYSBO-style discrete Bayesian optimisation (Motoyama et al., Comput. Phys. Commun. 278, 108405, 2022). The point
/// is the candidate's feature values by column name (in the table's units); the evaluator returns the objective. With
/// batch_size 1 and an evaluator returning a column of the table the decisions equal version 1's.
/// </remarks>
[Method("gp.bayes-opt", version: 2, Evaluates = true,
    Summary = "Bayesian optimisation over a discrete candidate table, evaluating each proposed candidate with the step's evaluate: block.",
    Remarks = "Version 1's search (PHYSBO-style, Motoyama et al., CPC 278, 108405, 2022) with the objective column replaced by an "
        + "evaluator: the point is {feature: value} of the candidate row. batch_size q: EI/PI/max-variance take the q best "
        + "scores (ties: lower index), Thompson sampling the best of q draws, random q draws; results are used in proposal order. "
        + "Failed evaluations under on_failure: skip are left out and listed in best.skipped; the budget counts them.",
    RelativeTolerance = 1e-9)]
public sealed class BayesOptCampaignMethod : IMethod<BayesOptCampaignParameters, BayesOptCampaignInputs, BayesOptOutputs>
{
    /// <inheritdoc />
    public async ValueTask<MethodResult<BayesOptOutputs>> RunAsync(
        BayesOptCampaignInputs inputs, BayesOptCampaignParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(context);
        var evaluator = context.Evaluator ?? throw MethodException.Failed("this search evaluates points: give the step an 'evaluate:' block.");
        var table = inputs.Candidates;
        if (table.RowCount == 0)
        {
            throw MethodException.InvalidInput("candidates", "the candidate table has no rows.");
        }

        var names = BayesOptMethod.FeatureNames(table, parameters, null);
        var raw = names.Select(n => table[n].Numbers!).ToArray();
        if (raw.Any(c => c.Any(v => !double.IsFinite(v))))
        {
            throw MethodException.InvalidInput("candidates", "feature columns must hold finite numbers.");
        }

        var features = BayesOptMethod.Standardise(raw, out var kept);
        if (kept == 0)
        {
            throw MethodException.InvalidParameter("feature_columns", "every feature column is constant; there is nothing to search over.");
        }

        var sign = parameters.Goal == OptimizationGoal.Minimize ? -1.0 : 1.0;
        var settings = new BayesOptSettings
        {
            InitialPoints = parameters.InitialPoints, Budget = parameters.Budget, Acquisition = parameters.Acquisition,
            HyperparameterInterval = parameters.HyperparameterInterval, BasisFunctions = parameters.BasisFunctions,
            Ard = parameters.Ard, MaxDegreeOfParallelism = context.MaxDegreeOfParallelism, BatchSize = parameters.BatchSize,
        };
        IReadOnlyDictionary<string, double> PointOf(int i)
            => names.Select((n, c) => (n, raw[c][i])).ToDictionary(p => p.n, p => p.Item2, StringComparer.Ordinal);
        async Task<IReadOnlyList<PointEvaluation>> Evaluate(IReadOnlyList<int> indices, CancellationToken token)
        {
            var results = await evaluator.EvaluateAsync([.. indices.Select(PointOf)], token).ConfigureAwait(false);
            return [.. results.Select(r => r.Succeeded ? new PointEvaluation(sign * r.Value) : r)];
        }

        var budget = Math.Min(parameters.Budget, table.RowCount);
        var progress = new Reporter(s => context.Progress.Report(new StepProgress(
            Math.Clamp((double)s.Attempted / budget, 0, 1),
            string.Create(CultureInfo.InvariantCulture, $"{s.Attempted}/{budget} evaluations, best {sign * s.Best:G6}"))));
        BayesOptResult result;
        try
        {
            result = await BayesOptSolver.RunAsync(features, Evaluate, settings, context.Random, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (GaussianProcessException ex)
        {
            throw MethodException.Failed($"the Gaussian process failed: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            throw MethodException.Failed(ex.Message);
        }

        var (outputs, metrics, best) = BayesOptReport.Build(table, names, result.Indices, [.. result.Values.Select(v => sign * v)], sign,
            parameters.Acquisition, "objective", result.Refits);
        var extended = (JsonObject)best.DeepClone();
        extended["evaluations"] = result.Indices.Length;
        extended["batch_size"] = parameters.BatchSize;
        extended["skipped"] = new JsonArray([.. result.Skipped.Select(s => (JsonNode?)new JsonObject
        {
            ["index"] = s.Index,
            ["point"] = new JsonObject([.. PointOf(s.Index).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))]),
            ["error"] = s.Error,
        })]);
        metrics["skipped"] = result.Skipped.Count;
        context.Log.Info($"{result.Indices.Length} of {table.RowCount} candidates evaluated ({result.Skipped.Count} skipped).");
        return MethodResult.Success(outputs with { Best = new JsonArtifact(extended) },
            new Convergence(true, result.Indices.Length + result.Skipped.Count, $"budget of {budget} evaluations used"), metrics);
    }

    /// <summary>Passes each report on at once, on the caller's thread.</summary>
    private sealed class Reporter(Action<(int Attempted, double Best)> report) : IProgress<(int Attempted, double Best)>
    {
        public void Report((int Attempted, double Best) value) => report(value);
    }
}
