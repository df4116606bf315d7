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
}

/// <summary>What the optimiser did: evaluated indices in order, their objective values, hyperparameter refits.</summary>
public sealed record BayesOptResult(int[] Indices, double[] Values, int Refits, string LastHyperparameters);

/// <summary>
/// Bayesian optimisation over a discrete candidate set in PHYSBO's form (Motoyama et al., CPC 278, 108405, 2022):
/// maximises t over rows of standardised features; random initial points, then EI/PI/TS/max-variance on a GP whose
/// hyperparameters are learned by type-II ML every <see cref="BayesOptSettings.HyperparameterInterval"/> steps.
/// </summary>
public static class BayesOptSolver
{
    /// <summary>
    /// Runs the search. <paramref name="features"/> should already be standardised; <paramref name="objective"/> is
    /// maximised (negate to minimise) and read only for chosen rows, as an experiment would be.
    /// </summary>
    public static BayesOptResult Run(
        IReadOnlyList<double[]> features, Func<int, double> objective, BayesOptSettings settings, IRandomSource random,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(objective);
        ArgumentNullException.ThrowIfNull(settings);
        var n = features.Count;
        var budget = Math.Min(settings.Budget, n);
        var evaluated = new bool[n];
        var indices = new List<int>(budget);
        var values = new List<double>(budget);
        var initialRandom = random.Derive("initial");
        var initial = initialRandom.SampleWithoutReplacement(n, Math.Min(Math.Max(1, settings.InitialPoints), budget));
        foreach (var i in initial)
        {
            Observe(i);
            if (Reached())
            {
                return Result(0, "");
            }
        }

        GpHyperparameters? hyper = null;
        RandomFeatureModel? rff = null;
        var refits = 0;
        var step = 0;
        var useRff = settings.Acquisition == BayesOptAcquisition.Ts && n > settings.ExactThompsonLimit;
        while (indices.Count < budget && !Reached())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var stepRandom = random.Derive($"step-{step}");
            int next;
            if (settings.Acquisition == BayesOptAcquisition.Random)
            {
                next = PickRandom(evaluated, stepRandom);
            }
            else
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

                next = useRff
                    ? ThompsonFeatures(features, evaluated, x, values, hyper!, ref rff, settings, stepRandom)
                    : ExactAcquisition(features, evaluated, x, values, hyper!, settings.Acquisition, stepRandom);
                if (next < 0)
                {
                    next = PickRandom(evaluated, stepRandom);
                }
            }

            Observe(next);
            rff?.AddObservation(features[next], values[^1]);
            step++;
        }

        return Result(refits, hyper?.ToString() ?? "");

        void Observe(int i)
        {
            var v = objective(i);
            if (!double.IsFinite(v))
            {
                throw new ArgumentException($"objective value of candidate {i} is not finite ({v}).");
            }

            evaluated[i] = true;
            indices.Add(i);
            values.Add(v);
        }

        bool Reached() => settings.StopAt is { } stop && values.Count > 0 && values.Max() >= stop;

        BayesOptResult Result(int r, string h) => new([.. indices], [.. values], r, h);
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

    private static int ExactAcquisition(
        IReadOnlyList<double[]> features, bool[] evaluated, double[][] x, List<double> y, GpHyperparameters h,
        BayesOptAcquisition acquisition, IRandomSource random)
    {
        var model = GaussianProcess.Condition(x, y, h);
        var open = Enumerable.Range(0, features.Count).Where(i => !evaluated[i]).ToArray();
        var points = open.Select(i => features[i]).ToArray();
        double[] score;
        if (acquisition == BayesOptAcquisition.Ts)
        {
            score = model.SampleJoint(points, 1, random)[0];
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

        var k = Acquisition.ArgMax(score);
        return k < 0 ? -1 : open[k];
    }

    private static int ThompsonFeatures(
        IReadOnlyList<double[]> features, bool[] evaluated, double[][] x, List<double> y, GpHyperparameters h,
        ref RandomFeatureModel? rff, BayesOptSettings settings, IRandomSource random)
    {
        if (rff is null)
        {
            rff = RandomFeatureModel.Create(h, x[0].Length, Math.Max(1, settings.BasisFunctions), random.Derive("features"));
            for (var i = 0; i < x.Length; i++)
            {
                rff.AddObservation(x[i], y[i]);
            }
        }

        var sample = rff.SampleFunctions(features, 1, random.Derive("draw"), 1.0, settings.MaxDegreeOfParallelism)[0];
        return Acquisition.ArgMax(sample, evaluated);
    }
}
