using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Nmf.Beta;
using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Statistics.BootstrapLrt;

/// <summary>
/// NMF fits of increasing rank for the likelihood-ratio test: KL (β = 0 in malspy's convention) for Poisson data,
/// Euclidean (β = 1) for Gaussian data. A rank-K fit is warm-started from the rank-(K−1) fit plus one new component
/// grown from the positive residual, so the alternative starts no worse than the null and the multiplicative
/// (majorisation–minimisation) updates only decrease the divergence from there: T ≥ 0 up to round-off.
/// </summary>
internal sealed class RankFitter(CountNoise noise, int maxIterations, double tolerance)
{
    /// <summary>Weight of the new component relative to the positive residual it is grown from.</summary>
    private const double NewComponentWeight = 0.1;

    private double Beta => noise == CountNoise.Poisson ? 0.0 : 1.0;

    private NmfSolverOptions Options(int k, int restarts) => new()
    {
        Components = k,
        Restarts = restarts,
        MaxIterations = maxIterations,
        MinIterations = Math.Min(30, maxIterations),
        Tolerance = tolerance,
        Threads = 1,
    };

    /// <summary>Best of <paramref name="restarts"/> random starts (the rank-1 fit to the data).</summary>
    public RankFit FitFresh(double[] data, int n, int m, int k, int restarts, IRandomSource random, CancellationToken ct)
    {
        if (noise == CountNoise.Gaussian)
        {
            return From(BetaNmfSolver.Fit(NmfMatrix.FromDoubles(data, n, m), Beta, Options(k, restarts), random, ct));
        }

        var x = SparseCounts.FromDense(data, n, m);
        var mean = Math.Max(x.Total / ((double)n * m), double.Epsilon);
        RankFit? best = null;
        for (var rep = 0; rep < restarts; rep++)
        {
            var stream = random.Derive($"kl-restart-{rep}");
            var c = new double[n * k];
            var s = new double[m * k];
            for (var i = 0; i < c.Length; i++)
            {
                c[i] = (0.5 + stream.NextDouble()) / n;
            }

            for (var i = 0; i < s.Length; i++)
            {
                s[i] = mean * n * (0.5 + stream.NextDouble()) / k;
            }

            var fit = SparseKlNmf.Fit(x, c, s, k, maxIterations, Math.Min(30, maxIterations), tolerance, ct);
            if (best is null || fit.Deviance < best.Deviance)
            {
                best = fit;
            }
        }

        return best!;
    }

    /// <summary>One run from the given factors (C: N × K, S: M × K, row-major, entries &gt; 0).</summary>
    /// <remarks><paramref name="sparse"/> is the sparse form of <paramref name="data"/> when the caller has it.</remarks>
    public RankFit FitFrom(double[] data, int n, int m, double[] c, double[] s, int k, CancellationToken ct, SparseCounts? sparse = null)
        => noise == CountNoise.Gaussian
            ? From(BetaNmfSolver.Fit(NmfMatrix.FromDoubles(data, n, m), k, Beta, c, s, Options(k, 1), NullRandom.Instance, ct))
            : SparseKlNmf.Fit(sparse ?? SparseCounts.FromDense(data, n, m), c, s, k, maxIterations, Math.Min(30, maxIterations), tolerance, ct);

    /// <summary>Rank K+1 from a rank-K fit plus one component grown from the positive residual.</summary>
    public RankFit Extend(double[] data, int n, int m, RankFit lower, CancellationToken ct, SparseCounts? sparse = null)
    {
        var (c, s) = Grow(data, n, m, lower);
        return FitFrom(data, n, m, c, s, lower.Components + 1, ct, sparse);
    }

    /// <summary>The sparse form the Poisson fits use (null for the gaussian model), converted once per data set.</summary>
    public SparseCounts? Prepare(double[] data, int n, int m)
        => noise == CountNoise.Poisson ? SparseCounts.FromDense(data, n, m) : null;

    private static RankFit From(BetaNmfSolution fit) => new(fit.C, fit.S, fit.Components, fit.Deviance, fit.Objective.Length);

    /// <summary>The test statistic between a null (rank K−1) and an alternative (rank K) fit.</summary>
    public double Statistic(RankFit nullFit, RankFit alternative, long entries)
        => noise == CountNoise.Poisson
            ? 2.0 * (nullFit.Deviance - alternative.Deviance)
            : entries * Math.Log(Math.Max(nullFit.Deviance, double.Epsilon) / Math.Max(alternative.Deviance, double.Epsilon));

    /// <summary>The fitted mean Ĉ Ŝᵀ (N × M row-major).</summary>
    public static double[] Model(RankFit fit, int n, int m)
    {
        var k = fit.Components;
        var model = new double[n * m];
        for (var i = 0; i < n; i++)
        {
            var row = model.AsSpan(i * m, m);
            for (var q = 0; q < k; q++)
            {
                var ciq = fit.C[(i * k) + q];
                if (ciq == 0)
                {
                    continue;
                }

                for (var j = 0; j < m; j++)
                {
                    row[j] += ciq * fit.S[(j * k) + q];
                }
            }
        }

        return model;
    }

    private static (double[] C, double[] S) Grow(double[] data, int n, int m, RankFit lower)
    {
        var k = lower.Components;
        var model = Model(lower, n, m);
        var rowSums = new double[n];
        var columnSums = new double[m];
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                var r = data[(i * m) + j] - model[(i * m) + j];
                if (r > 0)
                {
                    rowSums[i] += r;
                    columnSums[j] += r;
                    total += r;
                }
            }
        }

        var mean = Math.Max(data.Average(), double.Epsilon);
        var floor = mean * 1e-9;
        var c = new double[n * (k + 1)];
        var s = new double[m * (k + 1)];
        for (var i = 0; i < n; i++)
        {
            for (var q = 0; q < k; q++)
            {
                c[(i * (k + 1)) + q] = Math.Max(lower.C[(i * k) + q], floor);
            }

            c[(i * (k + 1)) + k] = Math.Max(NewComponentWeight * rowSums[i], floor);
        }

        for (var j = 0; j < m; j++)
        {
            for (var q = 0; q < k; q++)
            {
                s[(j * (k + 1)) + q] = Math.Max(lower.S[(j * k) + q], floor);
            }

            s[(j * (k + 1)) + k] = total > 0 ? Math.Max(columnSums[j] / total, floor) : 1.0 / m;
        }

        return (c, s);
    }

    /// <summary>A source that is never drawn from (warm starts use no randomness).</summary>
    private sealed class NullRandom : IRandomSource
    {
        public static NullRandom Instance { get; } = new();

        public ulong Seed => 0;

        public ulong NextUInt64() => throw new InvalidOperationException("A warm-started fit draws no random numbers.");

        public IRandomSource Derive(string label) => this;
    }
}
