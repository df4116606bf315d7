using Kiseki.Abstractions.Randomness;

namespace Kiseki.Methods.Statistics.BootstrapLrt;

/// <summary>Draws one parametric-bootstrap replicate from a fitted mean under the test's noise model.</summary>
internal static class ReplicateDraw
{
    /// <summary>The stream of replicate <paramref name="index"/> of the rank-<paramref name="test"/> test: <c>lrt/k{K}/b{b}</c>.</summary>
    public static IRandomSource Stream(IRandomSource random, int test, int index) => random.Derive($"lrt/k{test}/b{index}");

    /// <summary>Replicate <paramref name="index"/> of the rank-<paramref name="test"/> test, drawn from the <c>draw</c> branch of its stream.</summary>
    public static double[] Replicate(double[] mean, CountNoise noise, double dispersion, IRandomSource random, int test, int index)
        => Sample(mean, noise, dispersion, Stream(random, test, index).Derive("draw"));

    /// <summary>
    /// Poisson: Poisson(μ). Quasi-Poisson with dispersion φ: φ · Poisson(μ/φ), the counts of a detector with gain φ
    /// (mean μ, variance φμ). Gaussian with variance φ: max(0, μ + √φ · N(0, 1)).
    /// </summary>
    public static double[] Sample(double[] mean, CountNoise noise, double dispersion, IRandomSource random)
    {
        var sample = new double[mean.Length];
        switch (noise)
        {
            case CountNoise.Poisson:
                for (var i = 0; i < sample.Length; i++)
                {
                    sample[i] = random.NextPoisson(Math.Max(mean[i], 0));
                }

                break;
            case CountNoise.QuasiPoisson:
                for (var i = 0; i < sample.Length; i++)
                {
                    sample[i] = dispersion * random.NextPoisson(Math.Max(mean[i], 0) / dispersion);
                }

                break;
            default:
                var sigma = Math.Sqrt(dispersion);
                for (var i = 0; i < sample.Length; i++)
                {
                    sample[i] = Math.Max(0, mean[i] + (sigma * random.NextGaussian()));
                }

                break;
        }

        return sample;
    }
}
