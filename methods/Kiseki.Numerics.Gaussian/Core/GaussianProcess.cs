using Kiseki.Abstractions.Randomness;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Kiseki.Methods.Gaussian;

/// <summary>
/// Exact GP regression in PHYSBO's form (Motoyama et al., Comput. Phys. Commun. 278, 108405, 2022; Rasmussen and
/// Williams, GPML, 2006, ch. 2 and 5): RBF kernel (optional ARD), constant mean, Gaussian noise, hyperparameters by
/// type-II maximum likelihood with bounded quasi-Newton (MathNet BFGS-B) on log parameters.
/// </summary>
public static class GaussianProcess
{
    /// <summary>
    /// Learns hyperparameters and conditions on (<paramref name="x"/>, <paramref name="y"/>).
    /// PHYSBO-style initial candidates (noise = sd/10, mean = median, scale = sd, width = a random 10/30/50/70/90 %
    /// quantile of pairwise distances, or u·range·√d with u ~ U(0.4, 0.8) for ARD) are scored by NLML; the best
    /// <see cref="GpOptions.Restarts"/> are refined by BFGS-B and the lowest NLML wins.
    /// Constant targets are documented behaviour, not an error: no optimisation, mean = the constant, a small scale
    /// (1e-3·max(1, |mean|)), and the diagnostics say so.
    /// </summary>
    /// <exception cref="ArgumentException">Empty, ragged or non-finite data.</exception>
    /// <exception cref="GaussianProcessException">The kernel is singular for every candidate hyperparameter set.</exception>
    public static GpModel Fit(
        IReadOnlyList<double[]> x, IReadOnlyList<double> y, GpOptions options, IRandomSource random,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        var (xs, ys) = Validate(x, y);
        var dim = xs[0].Length;
        var sd = StandardDeviation(ys);
        var median = Median(ys);
        if (!(sd > 1e-12 * Math.Max(1.0, Math.Abs(median))))
        {
            var scale = 1e-3 * Math.Max(1.0, Math.Abs(median));
            var h0 = new GpHyperparameters(median, scale, options.FixedNoise ?? scale * 1e-3, InitialWidths(xs, options.Ard, null));
            return new GpModel(xs, ys, h0, new GpFitDiagnostics(0, 0, true, "constant targets: hyperparameters not optimised"));
        }

        var (fx, fy) = Subsample(xs, ys, options.MaxFitPoints, random.Derive("gp-fit-subset"));
        var space = new GpParameterSpace(fx, fy, sd, options);
        var candidates = new List<GpHyperparameters>();
        if (options.WarmStart is { } warm && warm.Widths.Count == (options.Ard ? dim : 1))
        {
            candidates.Add(warm);
        }

        var candidateRandom = random.Derive("gp-fit-candidates");
        for (var c = 0; c < Math.Max(1, options.InitialCandidates); c++)
        {
            candidates.Add(new GpHyperparameters(
                median, sd, options.FixedNoise ?? sd / 10, InitialWidths(fx, options.Ard, candidateRandom)));
        }

        var parallel = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(1, options.MaxDegreeOfParallelism),
            CancellationToken = cancellationToken,
        };
        var values = new (double Value, double[] Theta)[candidates.Count];
        Parallel.For(0, candidates.Count, parallel, c =>
        {
            var theta = space.Clamp(space.ToVector(candidates[c]));
            values[c] = (space.Value(theta), theta);
        });

        // A stable sort: equal values keep the candidates' order, whatever the thread count.
        var scored = values.Where(s => double.IsFinite(s.Value)).OrderBy(s => s.Value).ToList();
        if (scored.Count == 0)
        {
            throw new GaussianProcessException(
                "every initial hyperparameter candidate gives a singular covariance matrix; check the inputs for " +
                "non-finite or extreme values.");
        }

        var starts = scored.Take(Math.Max(0, options.Restarts)).ToList();
        var runs = new (double Value, double[] Theta, int Iterations, bool Converged, string Reason)[starts.Count];
        Parallel.For(0, starts.Count, parallel, r => runs[r] = space.Minimize(starts[r].Theta, options.MaxIterations));
        var best = scored[0];
        var iterations = 0;
        var converged = false;
        var reason = "initial candidate (no optimisation run)";
        foreach (var run in runs)
        {
            iterations += run.Iterations;
            if (run.Value < best.Value || reason.StartsWith("initial", StringComparison.Ordinal) && run.Value <= best.Value)
            {
                best = (run.Value, run.Theta);
                converged = run.Converged;
                reason = run.Reason;
            }
        }

        return new GpModel(xs, ys, space.FromVector(best.Theta), new GpFitDiagnostics(best.Value, iterations, converged, reason));
    }

    /// <summary>Conditions on data with given hyperparameters (no learning).</summary>
    /// <exception cref="ArgumentException">Empty, ragged or non-finite data or invalid hyperparameters.</exception>
    public static GpModel Condition(IReadOnlyList<double[]> x, IReadOnlyList<double> y, GpHyperparameters hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);
        var (xs, ys) = Validate(x, y);
        hyperparameters.Validate(xs[0].Length);
        return new GpModel(xs, ys, hyperparameters, new GpFitDiagnostics(0, 0, true, "given hyperparameters"));
    }

    private static (double[][] X, double[] Y) Validate(IReadOnlyList<double[]> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count == 0 || x.Count != y.Count)
        {
            throw new ArgumentException($"GP data need at least one point and as many targets as inputs (got {x.Count} inputs, {y.Count} targets).");
        }

        var dim = x[0]?.Length ?? 0;
        if (dim == 0)
        {
            throw new ArgumentException("GP inputs need at least one dimension.");
        }

        var xs = new double[x.Count][];
        for (var i = 0; i < x.Count; i++)
        {
            if (x[i] is null || x[i].Length != dim)
            {
                throw new ArgumentException($"GP input {i} has {x[i]?.Length ?? 0} coordinates, expected {dim}.");
            }

            if (!x[i].All(double.IsFinite) || !double.IsFinite(y[i]))
            {
                throw new ArgumentException($"GP data point {i} is not finite.");
            }

            xs[i] = (double[])x[i].Clone();
        }

        return (xs, [.. y]);
    }

    internal static double StandardDeviation(IReadOnlyList<double> v)
    {
        var mean = v.Average();
        return Math.Sqrt(v.Sum(t => (t - mean) * (t - mean)) / v.Count);
    }

    internal static double Median(IReadOnlyList<double> v)
    {
        var sorted = v.Order().ToArray();
        var n = sorted.Length;
        return n % 2 == 1 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    private static double[] InitialWidths(double[][] x, bool ard, IRandomSource? random)
    {
        var dim = x[0].Length;
        if (ard)
        {
            var widths = new double[dim];
            for (var d = 0; d < dim; d++)
            {
                var range = x.Max(p => p[d]) - x.Min(p => p[d]);
                var u = random is null ? 0.6 : 0.4 + 0.4 * random.NextDouble();
                widths[d] = (range > 0 ? range : 1.0) * u * Math.Sqrt(dim);
            }

            return widths;
        }

        // PHYSBO: M = max(2000, N/5) random pairs, distance quantile (2k+1)/10 with k ~ U{0..4}
        var m = Math.Max(2000, x.Length / 5);
        var distances = new double[m];
        var pairRandom = random ?? new Xoshiro256StarStar(0);
        for (var p = 0; p < m; p++)
        {
            var a = x[pairRandom.NextInt(x.Length)];
            var b = x[pairRandom.NextInt(x.Length)];
            var s = 0.0;
            for (var d = 0; d < dim; d++)
            {
                s += (a[d] - b[d]) * (a[d] - b[d]);
            }

            distances[p] = Math.Sqrt(s);
        }

        Array.Sort(distances);
        var k = random is null ? 2 : random.NextInt(5);
        var width = distances[(2 * k + 1) * (m / 10)];
        if (!(width > 0))
        {
            width = distances[^1] > 0 ? distances[^1] : 1.0;
        }

        return [width];
    }

    private static (double[][] X, double[] Y) Subsample(double[][] x, double[] y, int max, IRandomSource random)
    {
        if (max <= 0 || x.Length <= max)
        {
            return (x, y);
        }

        var pick = random.SampleWithoutReplacement(x.Length, max);
        Array.Sort(pick);
        return ([.. pick.Select(i => x[i])], [.. pick.Select(i => y[i])]);
    }
}
