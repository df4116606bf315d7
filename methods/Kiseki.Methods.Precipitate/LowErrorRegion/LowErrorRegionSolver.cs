using Kiseki.Abstractions.Methods;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Gaussian;

namespace Kiseki.Methods.Precipitate.LowErrorRegion;

/// <summary>
/// Active search for the low-error region {x : y(x) &lt; h} on a finite grid (Tsukada et al., Sci. Rep. 9, 15794,
/// 2019): a GP on g = ln y over unit-scaled parameters, LSE run on −g with threshold −ln h (or straddle, random,
/// max-variance). After every step the region is estimated by the posterior mean (observed points by their
/// value) and, when a truth is given, scored by F1 against it (the truth is used only for scoring). LSE confidence
/// intervals and classes restart after every hyperparameter refit (classes from an earlier, over-confident fit are not
/// kept), and when every point is classified the hyperparameters are refitted once; if that still leaves no
/// unclassified point while budget remains, the intervals restart and the unevaluated points of largest fresh
/// ambiguity are taken (an over-confident early GP would otherwise end the search with the region unseen). Each step
/// proposes <see cref="RegionSearchSettings.BatchSize"/> points (the largest scores, ties to the lower index; random:
/// successive draws) from one posterior and uses their values in proposal order, so the decisions do not depend on
/// the order in which evaluations finish. Failed evaluations are never proposed again and stay out of the model. The
/// search ends at the budget, or at the target F1 when <see cref="RegionSearchSettings.StopAtTarget"/> is set.
/// </summary>
public static class LowErrorRegionSolver
{
    /// <summary>Runs the search one point per step. <paramref name="evaluate"/> returns y at grid index i (counted by the caller).</summary>
    public static RegionSearchResult Run(
        IReadOnlyList<double[]> points, Func<int, double> evaluate, bool[] truth, double threshold,
        RegionSearchSettings settings, IRandomSource random, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentNullException.ThrowIfNull(settings);
        Task<IReadOnlyList<PointEvaluation>> Evaluate(IReadOnlyList<int> indices, CancellationToken token)
            => Task.FromResult<IReadOnlyList<PointEvaluation>>([.. indices.Select(i => new PointEvaluation(evaluate(i)))]);
        // every evaluation completes synchronously, so the task has finished when RunAsync returns
        return RunAsync(points, Evaluate, truth, threshold, settings with { BatchSize = 1 }, random, null, cancellationToken)
            .GetAwaiter().GetResult();
    }

    /// <summary>
    /// Runs the search through a batch evaluator; <paramref name="truth"/> (optional) is used only to score the estimate.
    /// <paramref name="progress"/> hears the state after every step, on the caller's thread.
    /// </summary>
    public static async Task<RegionSearchResult> RunAsync(
        IReadOnlyList<double[]> points, RegionBatchEvaluate evaluate, bool[]? truth, double threshold,
        RegionSearchSettings settings, IRandomSource random, IProgress<RegionProgress>? progress,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(random);
        var n = points.Count;
        var logH = Math.Log(threshold);
        var observed = new bool[n];
        var order = new List<int>();
        var targets = new List<double>();
        var values = new List<double>();
        var skipped = new List<RegionSkip>();
        var evaluations = new List<int>();
        var f1s = new List<double>();
        var precisions = new List<double>();
        var recalls = new List<double>();
        var budget = Math.Min(settings.Budget, n);
        var batch = Math.Max(1, settings.BatchSize);
        var lse = new LevelSetEstimator(n, -logH, settings.BetaSqrt, settings.Accuracy);
        GpHyperparameters? hyper = null;
        GpModel? model = null;
        var lastFitCount = 0;
        var lastFitStep = 0;
        var forceRefit = false;
        var restarts = 0;
        var refitted = false;
        var estimate = new bool[n];
        int? reached = null;
        var reason = "budget exhausted";
        var unclassified = -1;
        await ObserveAsync(random.Derive("initial").SampleWithoutReplacement(n, Math.Min(Math.Max(1, settings.InitialPoints), budget)))
            .ConfigureAwait(false);
        if (order.Count == 0)
        {
            throw new InvalidOperationException("every initial evaluation failed; nothing to fit the model to.");
        }

        for (var step = 0; ; step++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stepRandom = random.Derive($"step-{step}");
            var x = order.Select(i => points[i]).ToArray();
            var refitDue = step - lastFitStep >= settings.HyperparameterInterval && order.Count >= 1.25 * lastFitCount;
            if (hyper is null || refitDue || forceRefit)
            {
                var options = GpOptions.Default with
                {
                    InitialCandidates = 5, Restarts = 1, MaxIterations = 60, MaxFitPoints = 200, WarmStart = hyper,
                };
                hyper = GaussianProcess.Fit(x, targets, options, stepRandom.Derive("fit"), cancellationToken).Hyperparameters;
                lastFitCount = order.Count;
                lastFitStep = step;
                lse = new LevelSetEstimator(n, -logH, settings.BetaSqrt, settings.Accuracy);
                refitted = true;
            }

            model = GaussianProcess.Condition(x, targets, hyper);
            var mean = model.PredictMean(points);
            Score(mean);
            if (reached is not null && settings.StopAtTarget)
            {
                reason = $"target F1 {settings.TargetF1} reached";
                break;
            }

            var attempted = order.Count + skipped.Count;
            if (attempted >= budget)
            {
                break;
            }

            var size = Math.Min(batch, budget - attempted);
            var next = Choose(model, mean, stepRandom, size);
            progress?.Report(new RegionProgress(attempted, budget, estimate.Count(e => e), unclassified));
            if (next.Count == 0 && !refitted)
            {
                forceRefit = true;
                continue;
            }

            if (next.Count == 0 && settings.Strategy == RegionStrategy.Lse)
            {
                // every point classified although budget remains: restart the intervals and take the points of largest
                // fresh ambiguity β^{1/2}σ − |μ − h| among unevaluated points
                var prediction = model.Predict(points);
                var fresh = new double[n];
                for (var i = 0; i < n; i++)
                {
                    fresh[i] = settings.BetaSqrt * Math.Sqrt(prediction.Variance[i]) - Math.Abs(prediction.Mean[i] - logH);
                }

                next = Top(fresh, observed, size);
                lse = new LevelSetEstimator(n, -logH, settings.BetaSqrt, settings.Accuracy);
                restarts++;
            }

            if (next.Count == 0)
            {
                reason = "every point evaluated";
                break;
            }

            forceRefit = false;
            refitted = false;
            await ObserveAsync(next).ConfigureAwait(false);
        }

        if (restarts > 0)
        {
            reason += $"; LSE intervals restarted {restarts} times after every point was classified";
        }

        progress?.Report(new RegionProgress(order.Count + skipped.Count, budget, estimate.Count(e => e), unclassified));
        return new RegionSearchResult(
            [.. order], [.. evaluations], [.. f1s], [.. precisions], [.. recalls], estimate, reached, reason)
        {
            Values = values, Skipped = skipped, Model = model,
        };

        async Task ObserveAsync(IReadOnlyList<int> indices)
        {
            var results = await evaluate(indices, cancellationToken).ConfigureAwait(false);
            if (results.Count != indices.Count)
            {
                throw new InvalidOperationException($"the evaluator returned {results.Count} results for {indices.Count} points.");
            }

            for (var k = 0; k < indices.Count; k++)
            {
                var i = indices[k];
                observed[i] = true;
                if (!results[k].Succeeded)
                {
                    skipped.Add(new RegionSkip(i, results[k].Error!));
                    continue;
                }

                var y = results[k].Value;
                if (!(y >= 0) || !double.IsFinite(y))
                {
                    throw new ArgumentException($"discrepancy at grid point {i} is {y}; expected a finite value ≥ 0.");
                }

                order.Add(i);
                values.Add(y);
                targets.Add(Math.Log(y + 1e-12));
            }
        }

        void Score(double[] mean)
        {
            for (var i = 0; i < n; i++)
            {
                estimate[i] = mean[i] < logH;
            }

            for (var k = 0; k < order.Count; k++)
            {
                estimate[order[k]] = targets[k] < logH;
            }

            evaluations.Add(order.Count);
            if (truth is null)
            {
                return;
            }

            var (f1, precision, recall) = F1Score(estimate, truth);
            f1s.Add(f1);
            precisions.Add(precision);
            recalls.Add(recall);
            if (reached is null && f1 >= settings.TargetF1)
            {
                reached = order.Count;
            }
        }

        IReadOnlyList<int> Choose(GpModel current, double[] mean, IRandomSource stepRandom, int size)
        {
            switch (settings.Strategy)
            {
                case RegionStrategy.Random:
                    var open = Enumerable.Range(0, n).Where(i => !observed[i]).ToList();
                    var drawn = new List<int>();
                    while (drawn.Count < size && open.Count > 0)
                    {
                        var k = stepRandom.NextInt(open.Count);
                        drawn.Add(open[k]);
                        open.RemoveAt(k);
                    }

                    return drawn;
                case RegionStrategy.Lse:
                    var candidates = Enumerable.Range(0, n).Where(i => lse.Classes[i] == LevelSetClass.Unclassified).ToArray();
                    var p = current.Predict([.. candidates.Select(i => points[i])]);
                    var fullMean = new double[n];
                    var fullVariance = new double[n];
                    for (var k = 0; k < candidates.Length; k++)
                    {
                        fullMean[candidates[k]] = -p.Mean[k];
                        fullVariance[candidates[k]] = p.Variance[k];
                    }

                    lse.Update(fullMean, fullVariance);
                    unclassified = lse.UnclassifiedCount;
                    if (size == 1)
                    {
                        var one = lse.SelectNext(observed);
                        return one < 0 ? [] : [one];
                    }

                    var closed = Enumerable.Range(0, n).Select(i => observed[i] || lse.Classes[i] != LevelSetClass.Unclassified).ToArray();
                    return Top(lse.Ambiguity(), closed, size);
                default:
                    var prediction = current.Predict(points);
                    unclassified = Enumerable.Range(0, n).Count(i => !observed[i]
                        && Math.Abs(prediction.Mean[i] - logH) < 1.96 * Math.Sqrt(Math.Max(prediction.Variance[i], 0)));
                    var score = settings.Strategy == RegionStrategy.Straddle
                        ? Acquisition.Straddle(prediction.Mean, prediction.Variance, logH)
                        : Acquisition.MaxVariance(prediction.Variance);
                    return Top(score, observed, size);
            }
        }
    }

    /// <summary>
    /// The <paramref name="count"/> not excluded indices of largest score (NaN never; ties: lower index first); for one
    /// point this is <see cref="Acquisition.ArgMax"/>.
    /// </summary>
    internal static IReadOnlyList<int> Top(IReadOnlyList<double> score, IReadOnlyList<bool> excluded, int count)
    {
        if (count == 1)
        {
            var best = Acquisition.ArgMax(score, excluded);
            return best < 0 ? [] : [best];
        }

        return [.. Enumerable.Range(0, score.Count)
            .Where(i => !excluded[i] && !double.IsNaN(score[i]))
            .OrderByDescending(i => score[i]).ThenBy(i => i)
            .Take(count)];
    }

    /// <summary>F1, precision and recall of <paramref name="estimate"/> against <paramref name="truth"/>.</summary>
    public static (double F1, double Precision, double Recall) F1Score(bool[] estimate, bool[] truth)
    {
        int tp = 0, fp = 0, fn = 0;
        for (var i = 0; i < truth.Length; i++)
        {
            if (estimate[i] && truth[i])
            {
                tp++;
            }
            else if (estimate[i])
            {
                fp++;
            }
            else if (truth[i])
            {
                fn++;
            }
        }

        var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        var f1 = tp == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return (f1, precision, recall);
    }
}
