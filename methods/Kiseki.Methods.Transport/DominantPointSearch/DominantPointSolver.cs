using Kiseki.Abstractions.Methods;
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

    /// <summary>Evaluates grid points (by flat index); results in the order asked for.</summary>
    public delegate Task<IReadOnlyList<PointEvaluation>> BatchEvaluate(IReadOnlyList<int> indices, CancellationToken cancellationToken);

    /// <summary>The search against an in-memory oracle grid (non-finite points are walls), one point per proposal.</summary>
    public static SearchOutcome Run(
        PeriodicGrid grid, double[] oracle, SearchOptions options, IRandomSource random,
        HyperparameterFit? fit = null, IProgress<double>? progress = null, CancellationToken cancellationToken = default)
    {
        var walls = oracle.Select(e => !double.IsFinite(e)).ToArray();
        if (walls.All(w => w))
        {
            throw new ArgumentException("every grid point is a wall.", nameof(oracle));
        }

        Task<IReadOnlyList<PointEvaluation>> Read(IReadOnlyList<int> indices, CancellationToken _)
            => Task.FromResult<IReadOnlyList<PointEvaluation>>([.. indices.Select(i => new PointEvaluation(oracle[i]))]);
        var fraction = progress is null ? null : new Progress<SearchProgress>(p => progress.Report((double)p.Attempted / p.Budget));
        return RunAsync(grid, walls, Read, options with { BatchSize = 1 }, random, fit, fraction, cancellationToken).GetAwaiter().GetResult();
    }

    /// <summary>
    /// The search asking <paramref name="evaluate"/> for batches of <see cref="SearchOptions.BatchSize"/> points. Every
    /// decision depends only on the values returned (in proposal order) and on <paramref name="random"/>, so a search
    /// replayed against the same values proposes the same points. A failed evaluation excludes its point.
    /// </summary>
    public static async Task<SearchOutcome> RunAsync(
        PeriodicGrid grid, bool[] walls, BatchEvaluate evaluate, SearchOptions options, IRandomSource random,
        HyperparameterFit? fit = null, IProgress<SearchProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        fit ??= (g, p, t) => ProfileLikelihoodFit.Fit(g, p, t);
        var candidates = Enumerable.Range(0, grid.Count).Where(i => !walls[i]).ToArray();
        if (candidates.Length == 0)
        {
            throw new ArgumentException("every grid point is a wall.", nameof(walls));
        }

        var evaluated = new bool[grid.Count];
        var excluded = new bool[grid.Count];
        var known = new double[grid.Count];
        var order = new List<int>();
        var values = new List<double>();
        var skipped = new List<SkippedPoint>();
        var attempted = 0;
        async Task Evaluate(IReadOnlyList<int> batch)
        {
            var results = await evaluate(batch, cancellationToken).ConfigureAwait(false);
            for (var b = 0; b < batch.Count; b++)
            {
                var index = batch[b];
                attempted++;
                if (results[b].Succeeded)
                {
                    evaluated[index] = true;
                    known[index] = results[b].Value;
                    order.Add(index);
                    values.Add(results[b].Value);
                }
                else
                {
                    excluded[index] = true;
                    skipped.Add(new SkippedPoint(index, results[b].Error!));
                }
            }
        }

        async Task EvaluateInBatches(IEnumerable<int> points)
        {
            foreach (var chunk in points.Chunk(Math.Max(1, options.BatchSize)))
            {
                await Evaluate(chunk).ConfigureAwait(false);
                progress?.Report(new SearchProgress(attempted, options.Budget, double.NaN, double.NaN));
            }
        }

        if (options.Strategy == SearchStrategy.Exhaustive)
        {
            await EvaluateInBatches(candidates).ConfigureAwait(false);
            var exact = BarrierSolver.Solve(Surface(known, walls, excluded), grid, options.Connectivity, options.Direction);
            return new SearchOutcome(exact, [exact.Barrier], order, values, [], "exhaustive evaluation", true, null) { Skipped = skipped };
        }

        var budget = Math.Min(options.Budget, candidates.Length);
        var permutation = (int[])candidates.Clone();
        random.Derive("order").Shuffle(permutation.AsSpan());
        var initial = Math.Min(options.InitialPoints, budget);
        await Evaluate(permutation[..initial]).ConfigureAwait(false);
        if (options.Strategy == SearchStrategy.Random)
        {
            await EvaluateInBatches(permutation.Skip(initial).Take(budget - initial)).ConfigureAwait(false);
        }

        if (order.Count == 0)
        {
            throw new InvalidOperationException($"none of the {attempted} evaluated points has a value (every evaluation failed).");
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
            var estimate = Estimate(gp, evaluated, known, walls, grid, options);
            var mapMin = SampleStatistics.ArgMax(stats.MinimumCounts);
            var mapBottleneck = SampleStatistics.ArgMax(stats.BottleneckCounts);
            stable = evaluated[mapMin] && evaluated[mapBottleneck] && mapMin == previousMin && mapBottleneck == previousBottleneck
                ? stable + 1 : 0;
            (previousMin, previousBottleneck) = (mapMin, mapBottleneck);
            var room = Math.Max(1, Math.Min(options.BatchSize, budget - attempted));
            var chosen = Choose(stats, evaluated, excluded, walls, room);
            var best = chosen.Count == 0 ? -1 : stats.MinimumCounts[chosen[0]] + stats.BottleneckCounts[chosen[0]];
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
                iteration, order.Count, options.Strategy == SearchStrategy.Dominant && chosen.Count > 0 ? chosen[0] : -1, p, open,
                (double)stats.MinimumCounts[mapMin] / options.Samples, (double)stats.BottleneckCounts[mapBottleneck] / options.Samples,
                mapMin, mapBottleneck, Median(stats.Barriers), estimate.Barrier, gp.Hyperparameters.Length, gp.Hyperparameters.Scale);
            if (options.Strategy == SearchStrategy.Random)
            {
                trace.Add(row);
                reason = "random sampling: budget used";
                converged = true;
                return Finish(estimate, stats, order, values, trace, reason, converged, gp, skipped);
            }

            if (stable >= options.StableIterations)
            {
                (reason, converged) = ($"dominant points evaluated and unchanged for {stable} iterations", true);
            }
            else if (chosen.Count == 0 || open < options.Threshold)
            {
                (reason, converged) = ($"probability {open:G3} that a dominant point is unevaluated is below the threshold {options.Threshold:G3}", true);
            }
            else if (attempted >= budget)
            {
                reason = $"budget of {budget} evaluations used";
            }
            else
            {
                trace.Add(row);
                await Evaluate(chosen).ConfigureAwait(false);
                progress?.Report(new SearchProgress(attempted, budget, estimate.Barrier, SampleSpread(stats.Barriers)));
                continue;
            }

            trace.Add(row with { Chosen = -1 });
            return Finish(estimate, stats, order, values, trace, reason, converged, gp, skipped);
        }
    }

    /// <summary>
    /// The <paramref name="count"/> open points (not evaluated, excluded or walls) with the largest p_min + p_bottleneck,
    /// ties to the lower index; with one point this is the arg-max of the original single-point search.
    /// </summary>
    private static List<int> Choose(SampleStatistics stats, bool[] evaluated, bool[] excluded, bool[] walls, int count)
    {
        var chosen = new List<int>(count);
        var taken = new HashSet<int>();
        for (var c = 0; c < count; c++)
        {
            var pick = -1;
            var best = -1;
            for (var i = 0; i < walls.Length; i++)
            {
                var score = stats.MinimumCounts[i] + stats.BottleneckCounts[i];
                if (!evaluated[i] && !walls[i] && !excluded[i] && score > best && !taken.Contains(i))
                {
                    best = score;
                    pick = i;
                }
            }

            if (pick < 0)
            {
                break;
            }

            chosen.Add(pick);
            taken.Add(pick);
        }

        return chosen;
    }

    /// <summary>Standard deviation of the samples' finite barriers (0 with fewer than two).</summary>
    private static double SampleSpread(double[] barriers)
    {
        var finite = barriers.Where(double.IsFinite).ToArray();
        if (finite.Length < 2)
        {
            return 0;
        }

        var mean = finite.Average();
        return Math.Sqrt(finite.Sum(b => (b - mean) * (b - mean)) / (finite.Length - 1));
    }

    private static double[] Surface(double[] known, bool[] walls, bool[] excluded)
        => [.. known.Select((e, i) => walls[i] || excluded[i] ? double.NaN : e)];

    private static SearchOutcome Finish(
        BarrierResult estimate, SampleStatistics stats, List<int> order, List<double> values, List<SearchIteration> trace,
        string reason, bool converged, TorusGaussianProcess gp, List<SkippedPoint> skipped)
        => new(estimate, stats.Barriers, order, values, trace, reason, converged, gp.Hyperparameters) { Skipped = skipped };

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
        TorusGaussianProcess gp, bool[] evaluated, double[] known, bool[] walls, PeriodicGrid grid, SearchOptions options)
    {
        var surface = gp.Mean();
        for (var i = 0; i < surface.Length; i++)
        {
            surface[i] = walls[i] ? double.NaN : evaluated[i] ? known[i] : surface[i];
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
