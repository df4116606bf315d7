using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Gaussian;

namespace Kiseki.Methods.Precipitate.LowErrorRegion;

/// <summary>How the next parameter point is chosen.</summary>
public enum RegionStrategy
{
    /// <summary>Level-set estimation (Gotovos et al., IJCAI 2013).</summary>
    Lse,

    /// <summary>Straddle (Bryan et al., NIPS 2005): 1.96σ − |μ − h|.</summary>
    Straddle,

    /// <summary>Uniform random grid points.</summary>
    Random,

    /// <summary>Largest posterior variance.</summary>
    MaxVariance,
}

/// <summary>Settings of <see cref="LowErrorRegionSolver.Run"/>.</summary>
public sealed record RegionSearchSettings
{
    /// <summary>Strategy.</summary>
    public RegionStrategy Strategy { get; init; } = RegionStrategy.Lse;

    /// <summary>Random initial evaluations.</summary>
    public int InitialPoints { get; init; } = 10;

    /// <summary>Maximum forward-model evaluations, initial ones included.</summary>
    public int Budget { get; init; } = 500;

    /// <summary>LSE confidence width β^{1/2}.</summary>
    public double BetaSqrt { get; init; } = 3;

    /// <summary>LSE accuracy ε (in the GP's target units, ln y).</summary>
    public double Accuracy { get; init; }

    /// <summary>Minimum steps between hyperparameter refits (refits also wait until n grew by 25 %).</summary>
    public int HyperparameterInterval { get; init; } = 10;

    /// <summary>F1 that counts as "reached".</summary>
    public double TargetF1 { get; init; } = 0.95;

    /// <summary>Stop as soon as the target F1 is reached.</summary>
    public bool StopAtTarget { get; init; }
}

/// <summary>F1 of the estimated region after each evaluation count, and the final estimate.</summary>
public sealed record RegionSearchResult(
    int[] Order, int[] Evaluations, double[] F1, double[] Precision, double[] Recall, bool[] Estimate,
    int? EvaluationsToTarget, string StopReason);

/// <summary>
/// Active search for the low-error region {x : y(x) &lt; h} on a finite grid (Tsukada et al., Sci. Rep. 9, 15794,
/// 2019): a GP on g = ln y over unit-scaled parameters, LSE run on −g with threshold −ln h (or straddle, random,
/// max-variance). After every evaluation the region is estimated by the posterior mean (observed points by their
/// value) and scored by F1 against the exhaustive truth, which is used only for scoring. LSE confidence intervals and
/// classes restart after every hyperparameter refit (classes from an earlier, over-confident fit are not kept), and
/// when every point is classified the hyperparameters are refitted once; if that still leaves no unclassified point
/// while budget remains, the intervals restart and the unevaluated point of largest fresh ambiguity is taken
/// (an over-confident early GP would otherwise end the search with the region unseen). The search ends at the
/// budget, or at the target F1 when <see cref="RegionSearchSettings.StopAtTarget"/> is set.
/// </summary>
public static class LowErrorRegionSolver
{
    /// <summary>Runs the search. <paramref name="evaluate"/> returns y at grid index i (counted by the caller).</summary>
    public static RegionSearchResult Run(
        IReadOnlyList<double[]> points, Func<int, double> evaluate, bool[] truth, double threshold,
        RegionSearchSettings settings, IRandomSource random, CancellationToken cancellationToken = default)
    {
        var n = points.Count;
        var logH = Math.Log(threshold);
        var observed = new bool[n];
        var order = new List<int>();
        var targets = new List<double>();
        var evaluations = new List<int>();
        var f1s = new List<double>();
        var precisions = new List<double>();
        var recalls = new List<double>();
        var budget = Math.Min(settings.Budget, n);
        var lse = new LevelSetEstimator(n, -logH, settings.BetaSqrt, settings.Accuracy);
        GpHyperparameters? hyper = null;
        var lastFitCount = 0;
        var lastFitStep = 0;
        var forceRefit = false;
        var restarts = 0;
        var refitted = false;
        var estimate = new bool[n];
        int? reached = null;
        var reason = "budget exhausted";
        foreach (var i in random.Derive("initial").SampleWithoutReplacement(n, Math.Min(Math.Max(1, settings.InitialPoints), budget)))
        {
            Observe(i);
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

            var model = GaussianProcess.Condition(x, targets, hyper);
            var mean = model.PredictMean(points);
            Score(mean);
            if (reached is not null && settings.StopAtTarget)
            {
                reason = $"target F1 {settings.TargetF1} reached";
                break;
            }

            if (order.Count >= budget)
            {
                break;
            }

            var next = Choose(model, mean, stepRandom);
            if (next < 0 && !refitted)
            {
                forceRefit = true;
                continue;
            }

            if (next < 0 && settings.Strategy == RegionStrategy.Lse)
            {
                // every point classified although budget remains: restart the intervals and take the point of largest
                // fresh ambiguity β^{1/2}σ − |μ − h| among unevaluated points
                var prediction = model.Predict(points);
                var fresh = new double[n];
                for (var i = 0; i < n; i++)
                {
                    fresh[i] = settings.BetaSqrt * Math.Sqrt(prediction.Variance[i]) - Math.Abs(prediction.Mean[i] - logH);
                }

                next = Acquisition.ArgMax(fresh, observed);
                lse = new LevelSetEstimator(n, -logH, settings.BetaSqrt, settings.Accuracy);
                restarts++;
            }

            if (next < 0)
            {
                reason = "every point evaluated";
                break;
            }

            forceRefit = false;
            refitted = false;
            Observe(next);
        }

        if (restarts > 0)
        {
            reason += $"; LSE intervals restarted {restarts} times after every point was classified";
        }

        return new RegionSearchResult(
            [.. order], [.. evaluations], [.. f1s], [.. precisions], [.. recalls], estimate, reached, reason);

        void Observe(int i)
        {
            var y = evaluate(i);
            if (!(y >= 0) || !double.IsFinite(y))
            {
                throw new ArgumentException($"discrepancy at grid point {i} is {y}; expected a finite value ≥ 0.");
            }

            observed[i] = true;
            order.Add(i);
            targets.Add(Math.Log(y + 1e-12));
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

            var (f1, precision, recall) = F1Score(estimate, truth);
            evaluations.Add(order.Count);
            f1s.Add(f1);
            precisions.Add(precision);
            recalls.Add(recall);
            if (reached is null && f1 >= settings.TargetF1)
            {
                reached = order.Count;
            }
        }

        int Choose(GpModel model, double[] mean, IRandomSource stepRandom)
        {
            switch (settings.Strategy)
            {
                case RegionStrategy.Random:
                    var open = Enumerable.Range(0, n).Where(i => !observed[i]).ToArray();
                    return open.Length == 0 ? -1 : open[stepRandom.NextInt(open.Length)];
                case RegionStrategy.Lse:
                    var candidates = Enumerable.Range(0, n).Where(i => lse.Classes[i] == LevelSetClass.Unclassified).ToArray();
                    var p = model.Predict([.. candidates.Select(i => points[i])]);
                    var fullMean = new double[n];
                    var fullVariance = new double[n];
                    for (var k = 0; k < candidates.Length; k++)
                    {
                        fullMean[candidates[k]] = -p.Mean[k];
                        fullVariance[candidates[k]] = p.Variance[k];
                    }

                    lse.Update(fullMean, fullVariance);
                    return lse.SelectNext(observed);
                default:
                    var prediction = model.Predict(points);
                    var score = settings.Strategy == RegionStrategy.Straddle
                        ? Acquisition.Straddle(prediction.Mean, prediction.Variance, logH)
                        : Acquisition.MaxVariance(prediction.Variance);
                    return Acquisition.ArgMax(score, observed);
            }
        }
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
