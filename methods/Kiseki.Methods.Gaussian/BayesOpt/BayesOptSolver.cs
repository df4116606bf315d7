using Kiseki.Abstractions.Methods;
using Kiseki.Abstractions.Randomness;

namespace Kiseki.Methods.Gaussian.BayesOpt;

/// <summary>Acquisition rules of the discrete Bayesian optimiser.</summary>
public enum BayesOptAcquisition
{
    /// <summary>Expected improvement (exact GP).</summary>
    Ei,

    /// <summary>Probability of improvement (exact GP).</summary>
    Pi,

    /// <summary>Thompson sampling: exact joint draw for small candidate sets, random features otherwise.</summary>
    Ts,

    /// <summary>Largest posterior variance (exact GP).</summary>
    MaxVariance,

    /// <summary>Uniform random choice among unevaluated candidates (baseline).</summary>
    Random,
}

/// <summary>Settings of <see cref="BayesOptSolver.Run"/>; see the method parameters for meanings.</summary>
public sealed record BayesOptSettings
{
    /// <summary>Random initial evaluations before the acquisition takes over.</summary>
    public int InitialPoints { get; init; } = 10;

    /// <summary>Total evaluations, initial ones included.</summary>
    public int Budget { get; init; } = 100;

    /// <summary>Acquisition rule.</summary>
    public BayesOptAcquisition Acquisition { get; init; } = BayesOptAcquisition.Ts;

    /// <summary>Refit hyperparameters every n acquisition steps; 0: once at the first; negative: never (initial guess).</summary>
    public int HyperparameterInterval { get; init; } = 20;

    /// <summary>Random features for Thompson sampling on candidate sets larger than <see cref="ExactThompsonLimit"/>.</summary>
    public int BasisFunctions { get; init; } = 500;

    /// <summary>Largest candidate count for exact joint Thompson draws.</summary>
    public int ExactThompsonLimit { get; init; } = 1000;

    /// <summary>ARD kernel.</summary>
    public bool Ard { get; init; }

    /// <summary>Stop once the best internal (maximised) objective reaches this value.</summary>
    public double? StopAt { get; init; }

    /// <summary>Threads for evaluating random-feature samples (results do not depend on it).</summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;

    /// <summary>Candidates proposed per step and evaluated together.</summary>
    public int BatchSize { get; init; } = 1;
}

/// <summary>What the optimiser did: evaluated indices in order, their objective values, hyperparameter refits.</summary>
public sealed record BayesOptResult(int[] Indices, double[] Values, int Refits, string LastHyperparameters)
{
    /// <summary>Candidates whose evaluation failed, with the error (left out of the model; counted by the budget).</summary>
    public IReadOnlyList<(int Index, string Error)> Skipped { get; init; } = [];
}

/// <summary>Evaluates a batch of candidate indices; the (maximised) values are in the order asked for.</summary>
public delegate Task<IReadOnlyList<PointEvaluation>> BayesBatchEvaluate(IReadOnlyList<int> indices, CancellationToken cancellationToken);

/// <summary>
/// Bayesian optimisation over a discrete candidate set in PHYSBO's form (Motoyama et al., CPC 278, 108405, 2022):
/// maximises t over rows of standardised features; random initial points, then EI/PI/TS/max-variance on a GP whose
/// hyperparameters are learned by type-II ML every <see cref="BayesOptSettings.HyperparameterInterval"/> steps.
/// </summary>
public static class BayesOptSolver
{
    /// <summary>
    /// Runs the search one candidate per step. <paramref name="features"/> should already be standardised;
    /// <paramref name="objective"/> is maximised (negate to minimise) and read only for chosen rows, as an experiment would be.
    /// </summary>
    public static BayesOptResult Run(
        IReadOnlyList<double[]> features, Func<int, double> objective, BayesOptSettings settings, IRandomSource random,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(settings);
        Task<IReadOnlyList<PointEvaluation>> Evaluate(IReadOnlyList<int> indices, CancellationToken token)
            => Task.FromResult<IReadOnlyList<PointEvaluation>>([.. indices.Select(i => new PointEvaluation(objective(i)))]);
        // every evaluation completes synchronously, so the task has finished when RunAsync returns
        return RunAsync(features, Evaluate, settings with { BatchSize = 1 }, random, null, cancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Runs the search through a batch evaluator of candidate indices (values maximised, in the order asked for),
    /// <see cref="BayesOptSettings.BatchSize"/> candidates per step from one posterior (EI/PI/max-variance: the q best
    /// scores, ties to the lower index; Thompson sampling: the best of q independent draws, each excluding the
    /// candidates already taken; random: q draws). Failed evaluations are never proposed again and stay out of the model.
    /// <paramref name="progress"/> hears (evaluations attempted, best value so far) after every step.
    /// </summary>
    public static async Task<BayesOptResult> RunAsync(
        IReadOnlyList<double[]> features, BayesBatchEvaluate evaluate, BayesOptSettings settings, IRandomSource random,
        IProgress<(int Attempted, double Best)>? progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(evaluate);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(random);
        var n = features.Count;
        var budget = Math.Min(settings.Budget, n);
        var batch = Math.Max(1, settings.BatchSize);
        var evaluated = new bool[n];
        var indices = new List<int>(budget);
        var values = new List<double>(budget);
        var skipped = new List<(int Index, string Error)>();
        var initialRandom = random.Derive("initial");
        var initial = initialRandom.SampleWithoutReplacement(n, Math.Min(Math.Max(1, settings.InitialPoints), budget));
        if (await ObserveAsync(initial).ConfigureAwait(false))
        {
            return Result(0, "");
        }

        if (indices.Count == 0)
        {
            throw new InvalidOperationException("every initial evaluation failed; nothing to fit the model to.");
        }

        GpHyperparameters? hyper = null;
        RandomFeatureModel? rff = null;
        var refits = 0;
        var step = 0;
        var useRff = settings.Acquisition == BayesOptAcquisition.Ts && n > settings.ExactThompsonLimit;
        while (indices.Count + skipped.Count < budget && !Reached())
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report((indices.Count + skipped.Count, values.Max()));
            var stepRandom = random.Derive($"step-{step}");
            var size = Math.Min(batch, budget - indices.Count - skipped.Count);
            var next = new List<int>(size);
            if (settings.Acquisition != BayesOptAcquisition.Random)
            {
                var x = indices.Select(i => features[i]).ToArray();
                var refit = hyper is null
                    || settings.HyperparameterInterval > 0 && step % settings.HyperparameterInterval == 0;
                if (refit)
                {
                    var options = GpOptions.Default with
                    {
                        Ard = settings.Ard,
                        Restarts = settings.HyperparameterInterval < 0 ? 0 : 2,
                        InitialCandidates = 10,
                        MaxIterations = 100,
                        WarmStart = hyper,
                    };
                    hyper = GaussianProcess.Fit(x, values, options, stepRandom.Derive("fit"), cancellationToken).Hyperparameters;
                    refits++;
                    rff = null;
                }

                next.AddRange(useRff
                    ? ThompsonFeatures(features, evaluated, x, values, hyper!, ref rff, settings, stepRandom, size)
                    : ExactAcquisition(features, evaluated, x, values, hyper!, settings.Acquisition, stepRandom, size));
            }

            while (next.Count < size)
            {
                var taken = (bool[])evaluated.Clone();
                next.ForEach(i => taken[i] = true);
                next.Add(PickRandom(taken, stepRandom));
            }

            var before = indices.Count;
            var stop = await ObserveAsync(next).ConfigureAwait(false);
            for (var k = before; k < indices.Count; k++)
            {
                rff?.AddObservation(features[indices[k]], values[k]);
            }

            step++;
            if (stop)
            {
                break;
            }
        }

        return Result(refits, hyper?.ToString() ?? "");

        // evaluates a batch and takes its results in order; true when the stop value was reached (later results dropped)
        async Task<bool> ObserveAsync(IReadOnlyList<int> batchIndices)
        {
            var results = await evaluate(batchIndices, cancellationToken).ConfigureAwait(false);
            for (var k = 0; k < batchIndices.Count; k++)
            {
                var i = batchIndices[k];
                evaluated[i] = true;
                if (!results[k].Succeeded)
                {
                    skipped.Add((i, results[k].Error!));
                    continue;
                }

                var v = results[k].Value;
                if (!double.IsFinite(v))
                {
                    throw new ArgumentException($"objective value of candidate {i} is not finite ({v}).");
                }

                indices.Add(i);
                values.Add(v);
                if (Reached())
                {
                    return true;
                }
            }

            return false;
        }

        bool Reached() => settings.StopAt is { } stop && values.Count > 0 && values.Max() >= stop;

        BayesOptResult Result(int r, string h) => new([.. indices], [.. values], r, h) { Skipped = skipped };
    }

    private static int PickRandom(bool[] evaluated, IRandomSource random)
    {
        var remaining = evaluated.Count(e => !e);
        var k = random.NextInt(remaining);
        for (var i = 0; i < evaluated.Length; i++)
        {
            if (!evaluated[i] && k-- == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static IReadOnlyList<int> ExactAcquisition(
        IReadOnlyList<double[]> features, bool[] evaluated, double[][] x, List<double> y, GpHyperparameters h,
        BayesOptAcquisition acquisition, IRandomSource random, int size)
    {
        var model = GaussianProcess.Condition(x, y, h);
        var open = Enumerable.Range(0, features.Count).Where(i => !evaluated[i]).ToArray();
        var points = open.Select(i => features[i]).ToArray();
        double[] score;
        if (acquisition == BayesOptAcquisition.Ts)
        {
            var draws = model.SampleJoint(points, size, random);
            var taken = new bool[open.Length];
            var chosen = new List<int>(size);
            foreach (var draw in draws)
            {
                var best = Acquisition.ArgMax(draw, taken);
                if (best >= 0)
                {
                    taken[best] = true;
                    chosen.Add(open[best]);
                }
            }

            return chosen;
        }
        else
        {
            var prediction = model.Predict(points);
            var best = model.PredictMean(x).Max();
            score = acquisition switch
            {
                BayesOptAcquisition.Ei => Acquisition.ExpectedImprovement(prediction.Mean, prediction.Variance, best),
                BayesOptAcquisition.Pi => Acquisition.ProbabilityOfImprovement(prediction.Mean, prediction.Variance, best),
                _ => Acquisition.MaxVariance(prediction.Variance),
            };
        }

        if (size == 1)
        {
            var k = Acquisition.ArgMax(score);
            return k < 0 ? [] : [open[k]];
        }

        return [.. Enumerable.Range(0, open.Length).Where(k => !double.IsNaN(score[k]))
            .OrderByDescending(k => score[k]).ThenBy(k => k).Take(size).Select(k => open[k])];
    }

    private static IReadOnlyList<int> ThompsonFeatures(
        IReadOnlyList<double[]> features, bool[] evaluated, double[][] x, List<double> y, GpHyperparameters h,
        ref RandomFeatureModel? rff, BayesOptSettings settings, IRandomSource random, int size)
    {
        if (rff is null)
        {
            rff = RandomFeatureModel.Create(h, x[0].Length, Math.Max(1, settings.BasisFunctions), random.Derive("features"));
            for (var i = 0; i < x.Length; i++)
            {
                rff.AddObservation(x[i], y[i]);
            }
        }

        var samples = rff.SampleFunctions(features, size, random.Derive("draw"), 1.0, settings.MaxDegreeOfParallelism);
        var taken = (bool[])evaluated.Clone();
        var chosen = new List<int>(size);
        foreach (var sample in samples)
        {
            var best = Acquisition.ArgMax(sample, taken);
            if (best >= 0)
            {
                taken[best] = true;
                chosen.Add(best);
            }
        }

        return chosen;
    }
}
