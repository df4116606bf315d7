using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Synthetic;
using Kiseki.Methods.Statistics.BootstrapLrt;

namespace Kiseki.Methods.Statistics.Tests.BootstrapLrt;

public sealed class DecisionStopTests
{
    private static readonly RankFitter Fitter = new(CountNoise.QuasiPoisson, 2000, 1e-8, 0);

    [Theory]
    [InlineData(2, 100.0, 1UL)]
    [InlineData(2, 20.0, 2UL)]
    [InlineData(3, 100.0, 3UL)]
    public void Settled_ThresholdNearTheConvergedStatistic_LandsOnTheSameSide(int components, double counts, ulong seed)
    {
        // Null replicates (rank K−1 data, rank K over-fitted): the stopped fit must put T* on the side of a threshold
        // 3 % below or above (or 3 times) the converged T* that the converged fit puts it on. Seed 3 at K = 3 has a
        // replicate whose fit leaves a plateau in its tail (T* 107 → 120), which a stop trusting the last sweep's rate misses.
        var phantom = PhantomGenerator.Generate(
            new PhantomOptions { Rows = 8, Cols = 8, Channels = 32, Components = components - 1, Counts = counts }, new Xoshiro256StarStar(seed));
        var set = Fitter.Prepare(phantom.Data, 64, 32);
        var chain = Fitter.Chain(set, components - 1, new Xoshiro256StarStar(5), default);
        var phi = Fitter.Dispersion(set, chain[^1]);
        var mean = RankFitter.Model(chain[^1], 64, 32);
        var tested = 0;
        for (var b = 0; b < 6; b++)
        {
            var sample = Fitter.Prepare(ReplicateDraw.Sample(mean, CountNoise.QuasiPoisson, phi, new Xoshiro256StarStar(seed * 100 + (ulong)b)), 64, 32);
            var nullFit = Fitter.Refit(sample, chain[^1], default);
            var full = Fitter.Statistic(sample, nullFit, Fitter.Next(sample, nullFit, default));
            if (full <= 1)
            {
                continue; // the extra component found nothing to fit: no threshold near T* to test
            }

            foreach (var (threshold, exceeds) in new[] { (0.97 * full, true), (1.03 * full, false), (3 * full, false) })
            {
                var stop = Fitter.DecisionStop(sample, components, nullFit.Deviance, threshold);
                var stopped = Fitter.Next(sample, nullFit, default, stop);
                var t = Fitter.Statistic(sample, nullFit, stopped);
                Assert.True(t >= threshold == exceeds, $"replicate {b}: T* {t} (converged {full}) against {threshold}");
            }

            tested++;
        }

        Assert.True(tested >= 3, $"only {tested} replicates had a positive T*");
    }
}
