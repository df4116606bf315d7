using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Synthetic;
using Kiseki.Methods.Statistics.BootstrapLrt;

namespace Kiseki.Methods.Statistics.Tests.BootstrapLrt;

public sealed class DispersionTests
{
    private static readonly RankFitter Fitter = new(CountNoise.QuasiPoisson, 2000, 1e-8, 0);

    [Theory]
    [InlineData(1.0, 100.0)]
    [InlineData(5.0, 400.0)]
    public void Dispersion_SparseGainPhantoms_WithinTenPercentOfTheGain(double gain, double counts)
    {
        // 8×8×32 at a few events per entry, a sixth of the entries structurally empty (before the first edge):
        // Pearson's X² over its degrees of freedom runs 25–30 % low here, Fletcher's estimator stays within a few %.
        var estimates = Enumerable.Range(1, 6).Select(seed =>
        {
            var data = GainData(2, counts, gain, (ulong)seed);
            var set = Fitter.Prepare(data, 64, 32);
            var chain = Fitter.Chain(set, 3, new Xoshiro256StarStar(5), default);
            return Fitter.Dispersion(set, chain[2]);
        }).ToArray();
        Assert.InRange(estimates.Average() / gain, 0.9, 1.1);
    }

    [Fact]
    public void Dispersion_ReplicatesDrawnWithTheEstimatedGain_ReproduceIt()
    {
        // The parametric bootstrap is right only if its replicates look like the data: the dispersion the same
        // estimator finds on replicates drawn at φ̂ from the null fit must come back as φ̂ (a biased estimator
        // shrinks it again, and the replicates are then less noisy than the data).
        var set = Fitter.Prepare(GainData(2, 100, 1, 3), 64, 32);
        var chain = Fitter.Chain(set, 3, new Xoshiro256StarStar(5), default);
        var phi = Fitter.Dispersion(set, chain[2]);
        var mean = RankFitter.Model(chain[1], 64, 32);
        var again = Enumerable.Range(0, 6).Select(b =>
        {
            var sample = Fitter.Prepare(ReplicateDraw.Sample(mean, CountNoise.QuasiPoisson, phi, new Xoshiro256StarStar((ulong)(100 + b))), 64, 32);
            var nullFit = Fitter.Refit(sample, chain[1], default);
            return Fitter.Dispersion(sample, Fitter.Next(sample, nullFit, default));
        }).Average();
        Assert.InRange(again / phi, 0.9, 1.1);
    }

    private static double[] GainData(int components, double counts, double gain, ulong seed)
    {
        var phantom = PhantomGenerator.Generate(
            new PhantomOptions { Rows = 8, Cols = 8, Channels = 32, Components = components, Counts = counts, Noise = PhantomNoise.None },
            new Xoshiro256StarStar(seed));
        var noise = new Xoshiro256StarStar(seed + 1000);
        return [.. phantom.Data.Select(mu => gain * noise.NextPoisson(mu / gain))];
    }
}
