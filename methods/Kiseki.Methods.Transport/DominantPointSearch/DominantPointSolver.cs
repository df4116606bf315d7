using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Transport.Barrier;
using Kiseki.Methods.Transport.Grid;
using Kiseki.Methods.Transport.Sampling;

namespace Kiseki.Methods.Transport.DominantPointSearch;

/// <summary>
/// Active learning of the dominant points (global minimum and bottleneck) of a periodic surface, reconstructed from
/// the abstract of Kanamori et al., PRB 97, 125124 (2018): a periodic GP is fitted on the evaluated points, M
/// posterior surfaces are sampled, each sample's minimum and bottleneck are found exactly (union-find), and the
/// unevaluated point with the largest p_min + p_bottleneck is evaluated next. Evaluating a point reads the oracle grid.
/// </summary>
internal static class DominantPointSolver
{
    /// <summary>Fits surrogate hyperparameters to (points, targets); replaceable so another GP core can supply them.</summary>
    public delegate SurfaceHyperparameters HyperparameterFit(PeriodicGrid grid, IReadOnlyList<int> points, IReadOnlyList<double> targets);

    public static SearchOutcome Run(
        PeriodicGrid grid, double[] oracle, SearchOptions options, IRandomSource random,
        HyperparameterFit? fit = null, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        fit ??= (g, p, t) => ProfileLikelihoodFit.Fit(g, p, t);
        var walls = oracle.Select(e => !double.IsFinite(e)).ToArray();
        var candidates = Enumerable.Range(0, grid.Count).Where(i => !walls[i]).ToArray();
        if (candidates.Length == 0)
        {
            throw new ArgumentException("every grid point is a wall.", nameof(oracle));
        }

        var evaluated = new bool[grid.Count];
        var order = new List<int>();
        var values = new List<double>();
        void Evaluate(int index)
        {
            evaluated[index] = true;
            order.Add(index);
            values.Add(oracle[index]);
        }

        if (options.Strategy == SearchStrategy.Exhaustive)
        {
            foreach (var c in candidates)
            {
                Evaluate(c);
            }

            var exact = BarrierSolver.Solve(oracle, grid, options.Connectivity, options.Direction);
            return new SearchOutcome(exact, [exact.Barrier], order, values, [], "exhaustive evaluation", true, null);
        }

        var budget = Math.Min(options.Budget, candidates.Length);
        var permutation = (int[])candidates.Clone();
        random.Derive("order").Shuffle(permutation.AsSpan());
        foreach (var c in permutation.Take(Math.Min(options.InitialPoints, budget)))
        {
            Evaluate(c);
        }

        if (options.Strategy == SearchStrategy.Random)
        {
            foreach (var c in permutation.Skip(order.Count).Take(budget - order.Count))
            {
                Evaluate(c);
            }
        }

        var trace = new List<SearchIteration>();
        TorusGaussianProcess? gp = null;
        int previousMin = -1, previousBottleneck = -1, stable = 0;
        string reason;
        var converged = false;
        for (var iteration = 0; ; iteration++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            gp = Update(gp, grid, fit, order, values, options, iteration);
            var stats = SampleStatistics.Draw(
                gp, grid, walls, options.Samples, options.Connectivity, options.Direction,
                random.Derive($"iteration-{iteration}"), options.Threads, cancellationToken);
            var estimate = Estimate(gp, grid, evaluated, oracle, walls, options);
            var mapMin = SampleStatistics.ArgMax(stats.MinimumCounts);
            var mapBottleneck = SampleStatistics.ArgMax(stats.BottleneckCounts);
            stable = evaluated[mapMin] && evaluated[mapBottleneck] && mapMin == previousMin && mapBottleneck == previousBottleneck
                ? stable + 1 : 0;
            (previousMin, previousBottleneck) = (mapMin, mapBottleneck);
            var chosen = -1;
            var best = -1;
            for (var i = 0; i < grid.Count; i++)
            {
                var score = stats.MinimumCounts[i] + stats.BottleneckCounts[i];
                if (!evaluated[i] && !walls[i] && score > best)
                {
                    best = score;
                    chosen = i;
                }
            }

            var p = best < 0 ? 0.0 : (double)best / options.Samples;
            // Probability that a sample's minimum or bottleneck lies on a point not yet evaluated.
            int unevaluatedMin = 0, unevaluatedBottleneck = 0;
            for (var i = 0; i < grid.Count; i++)
            {
                if (!evaluated[i])
                {
                    unevaluatedMin += stats.MinimumCounts[i];
                    unevaluatedBottleneck += stats.BottleneckCounts[i];
                }
            }

            var open = (double)Math.Max(unevaluatedMin, unevaluatedBottleneck) / options.Samples;
            var row = new SearchIteration(
                iteration, order.Count, options.Strategy == SearchStrategy.Dominant ? chosen : -1, p, open,
                (double)stats.MinimumCounts[mapMin] / options.Samples, (double)stats.BottleneckCounts[mapBottleneck] / options.Samples,
                mapMin, mapBottleneck, Median(stats.Barriers), estimate.Barrier, gp.Hyperparameters.Length, gp.Hyperparameters.Scale);
            if (options.Strategy == SearchStrategy.Random)
            {
                trace.Add(row);
                reason = "random sampling: budget used";
                converged = true;
                return Finish(estimate, stats, order, values, trace, reason, converged, gp, options);
            }

            if (stable >= options.StableIterations)
            {
                (reason, converged) = ($"dominant points evaluated and unchanged for {stable} iterations", true);
            }
            else if (chosen < 0 || open < options.Threshold)
            {
                (reason, converged) = ($"probability {open:G3} that a dominant point is unevaluated is below the threshold {options.Threshold:G3}", true);
            }
            else if (order.Count >= budget)
            {
                reason = $"budget of {budget} evaluations used";
            }
            else
            {
                trace.Add(row);
                Evaluate(chosen);
                progress?.Report((double)order.Count / budget);
                continue;
            }

            trace.Add(row with { Chosen = -1 });
            return Finish(estimate, stats, order, values, trace, reason, converged, gp, options);
        }
    }

    private static SearchOutcome Finish(
        BarrierResult estimate, SampleStatistics stats, List<int> order, List<double> values, List<SearchIteration> trace,
        string reason, bool converged, TorusGaussianProcess gp, SearchOptions options)
        => new(estimate, stats.Barriers, order, values, trace, reason, converged, gp.Hyperparameters);

    /// <summary>Refits every interval (and at the start), otherwise adds the new points to the factor.</summary>
    private static TorusGaussianProcess Update(
        TorusGaussianProcess? gp, PeriodicGrid grid, HyperparameterFit fit, List<int> order, List<double> values,
        SearchOptions options, int iteration)
    {
        var targets = Targets(values, options.EnergyCap);
        if (gp is null || iteration % Math.Max(1, options.HyperparameterInterval) == 0)
        {
            gp = new TorusGaussianProcess(grid, fit(grid, order, targets));
            for (var t = 0; t < order.Count; t++)
            {
                gp.Add(order[t], targets[t]);
            }

            return gp;
        }

        // Keep the clipped targets consistent: a lower minimum moves the cap, so rebuild the factor then.
        var rebuild = options.EnergyCap > 0 && Enumerable.Range(0, gp.Attempted).Any(t => targets[t] != gp.AttemptedTarget(t));
        if (rebuild)
        {
            var fresh = new TorusGaussianProcess(grid, gp.Hyperparameters);
            for (var t = 0; t < order.Count; t++)
            {
                fresh.Add(order[t], targets[t]);
            }

            return fresh;
        }

        for (var t = gp.Attempted; t < order.Count; t++)
        {
            gp.Add(order[t], targets[t]);
        }

        return gp;
    }

    /// <summary>Energies clipped at (lowest + cap) for the surrogate.</summary>
    private static double[] Targets(List<double> values, double cap)
    {
        if (!(cap > 0))
        {
            return [.. values];
        }

        var limit = values.Min() + cap;
        return [.. values.Select(v => Math.Min(v, limit))];
    }

    /// <summary>The barrier of the surface made of the evaluated energies and the posterior mean elsewhere.</summary>
    private static BarrierResult Estimate(
        TorusGaussianProcess gp, PeriodicGrid grid, bool[] evaluated, double[] oracle, bool[] walls, SearchOptions options)
    {
        var surface = gp.Mean();
        for (var i = 0; i < surface.Length; i++)
        {
            surface[i] = walls[i] ? double.NaN : evaluated[i] ? oracle[i] : surface[i];
        }

        return BarrierSolver.Solve(surface, grid, options.Connectivity, options.Direction);
    }

    internal static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        return sorted.Length == 0 ? double.NaN
            : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
            : 0.5 * (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]);
    }
}
