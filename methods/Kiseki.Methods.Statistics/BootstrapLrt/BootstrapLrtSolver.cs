using Kiseki.Abstractions.Methods;
using Kiseki.Abstractions.Randomness;

namespace Kiseki.Methods.Statistics.BootstrapLrt;

/// <summary>One sequential test H0: K−1 components against H1: K.</summary>
/// <param name="K">The alternative's rank.</param>
/// <param name="Statistic">T_K = D_{K−1} − D_K on the data.</param>
/// <param name="PValue">(1 + #{T* ≥ T}) / (B + 1).</param>
/// <param name="NegativeFraction">Fraction of bootstrap statistics below zero (optimisation error indicator).</param>
/// <param name="NullDeviance">Divergence of the rank-(K−1) fit to the data.</param>
/// <param name="AlternativeDeviance">Divergence of the rank-K fit to the data.</param>
public sealed record LrtStep(int K, double Statistic, double PValue, double NegativeFraction, double NullDeviance, double AlternativeDeviance);

/// <summary>Result of the sequential test: every test run and the chosen K.</summary>
/// <param name="Steps">The tests in order K = 2, 3, ….</param>
/// <param name="ComponentsFound">K − 1 at the first K with p ≥ α, or max_components when every test rejected.</param>
/// <param name="Stopped">True when a test failed to reject (the estimate is not capped by max_components).</param>
public sealed record LrtResult(IReadOnlyList<LrtStep> Steps, int ComponentsFound, bool Stopped);

/// <summary>
/// Parametric-bootstrap likelihood-ratio test for the number of NMF components (the DBNMFrank scheme of Cai, Gu and
/// Kenney with warm-started fits in place of its deconvolution step): for K = 2, 3, … compare rank K−1 and rank K;
/// the null distribution of T comes from B replicates drawn from the fitted rank-(K−1) model, each refitted at both
/// ranks. Replicate b of test K draws only from <c>random.Derive("lrt/k{K}/b{b}")</c>, so the result is the same for
/// any thread count.
/// </summary>
public static class BootstrapLrtSolver
{
    public static LrtResult Run(
        double[] data, int n, int m, BootstrapLrtParameters parameters, IRandomSource random, int threads,
        IProgress<StepProgress>? progress, CancellationToken cancellationToken)
    {
        var fitter = new RankFitter(parameters.Noise, parameters.MaxIterations, parameters.Tolerance);
        var entries = (long)n * m;
        var steps = new List<LrtStep>();
        var observed = fitter.Prepare(data, n, m);
        var lower = fitter.FitFresh(data, n, m, 1, parameters.Restarts, random.Derive("lrt/fit/k1"), cancellationToken);
        for (var k = 2; k <= parameters.MaxComponents; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // The alternative is fitted exactly as in the replicates (warm extension of the null fit, no random restarts),
            // so the observed statistic and its bootstrap null come from the same procedure.
            var upper = fitter.Extend(data, n, m, lower, cancellationToken, observed);
            var statistic = fitter.Statistic(lower, upper, entries);
            var nullModel = RankFitter.Model(lower, n, m);
            var sigma = parameters.Noise == CountNoise.Gaussian ? Math.Sqrt(Residual(data, nullModel) / entries) : 0;
            var replicates = new double[parameters.Replicates];
            var nullFit = lower;
            Parallel.For(
                0, parameters.Replicates,
                new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken },
                b =>
                {
                    var stream = random.Derive($"lrt/k{k}/b{b}");
                    var sample = Draw(nullModel, parameters.Noise, sigma, stream);
                    var sparse = fitter.Prepare(sample, n, m);
                    var fitNull = fitter.FitFrom(sample, n, m, (double[])nullFit.C.Clone(), (double[])nullFit.S.Clone(), k - 1, cancellationToken, sparse);
                    var fitAlternative = fitter.Extend(sample, n, m, fitNull, cancellationToken, sparse);
                    replicates[b] = fitter.Statistic(fitNull, fitAlternative, entries);
                });
            var exceed = replicates.Count(t => t >= statistic);
            var negative = replicates.Count(t => t < 0);
            var p = (1.0 + exceed) / (parameters.Replicates + 1.0);
            steps.Add(new LrtStep(k, statistic, p, (double)negative / parameters.Replicates, lower.Deviance, upper.Deviance));
            progress?.Report(new StepProgress(
                (k - 1.0) / (parameters.MaxComponents - 1.0), $"K={k}: T={statistic:G6}, p={p:G4}"));
            if (p >= parameters.Alpha)
            {
                return new LrtResult(steps, k - 1, true);
            }

            lower = upper;
        }

        return new LrtResult(steps, parameters.MaxComponents, false);
    }

    private static double Residual(double[] data, double[] model)
    {
        var sum = 0.0;
        for (var i = 0; i < data.Length; i++)
        {
            var r = data[i] - model[i];
            sum += r * r;
        }

        return sum;
    }

    private static double[] Draw(double[] mean, CountNoise noise, double sigma, IRandomSource random)
    {
        var sample = new double[mean.Length];
        if (noise == CountNoise.Poisson)
        {
            for (var i = 0; i < sample.Length; i++)
            {
                sample[i] = random.NextPoisson(Math.Max(mean[i], 0));
            }
        }
        else
        {
            for (var i = 0; i < sample.Length; i++)
            {
                sample[i] = Math.Max(0, mean[i] + (sigma * random.NextGaussian()));
            }
        }

        return sample;
    }
}
