using MathNet.Numerics;

namespace Kiseki.Methods.Gaussian;

/// <summary>
/// Acquisition scores over candidate points, all to be maximised, in PHYSBO's maximisation convention
/// (negate the objective to minimise). Inputs are the posterior mean and latent variance from
/// <see cref="GpModel.Predict"/>. References: Močkus (1978) for EI, Kushner (1964) for PI, Bryan et al. (NIPS 2005)
/// for straddle, Gotovos et al. (IJCAI 2013) for LSE (see <see cref="LevelSetEstimator"/>).
/// </summary>
public static class Acquisition
{
    /// <summary>Expected improvement over <paramref name="best"/>: (μ − f*)Φ(z) + σφ(z), z = (μ − f*)/σ.</summary>
    public static double[] ExpectedImprovement(IReadOnlyList<double> mean, IReadOnlyList<double> variance, double best)
    {
        var score = new double[mean.Count];
        for (var i = 0; i < score.Length; i++)
        {
            var sigma = Math.Sqrt(variance[i]);
            var gain = mean[i] - best;
            if (sigma <= 0)
            {
                score[i] = Math.Max(gain, 0);
                continue;
            }

            var z = gain / sigma;
            score[i] = gain * NormalCdf(z) + sigma * NormalPdf(z);
        }

        return score;
    }

    /// <summary>Probability of improvement over <paramref name="best"/>: Φ((μ − f*)/σ).</summary>
    public static double[] ProbabilityOfImprovement(IReadOnlyList<double> mean, IReadOnlyList<double> variance, double best)
    {
        var score = new double[mean.Count];
        for (var i = 0; i < score.Length; i++)
        {
            var sigma = Math.Sqrt(variance[i]);
            var gain = mean[i] - best;
            score[i] = sigma <= 0 ? (gain > 0 ? 1 : 0) : NormalCdf(gain / sigma);
        }

        return score;
    }

    /// <summary>Maximum-variance (uncertainty) sampling: the latent variance itself.</summary>
    public static double[] MaxVariance(IReadOnlyList<double> variance) => [.. variance];

    /// <summary>Straddle (Bryan et al. 2005): 1.96σ − |μ − h|.</summary>
    public static double[] Straddle(IReadOnlyList<double> mean, IReadOnlyList<double> variance, double threshold)
    {
        var score = new double[mean.Count];
        for (var i = 0; i < score.Length; i++)
        {
            score[i] = 1.96 * Math.Sqrt(variance[i]) - Math.Abs(mean[i] - threshold);
        }

        return score;
    }

    /// <summary>
    /// Index of the largest score among points not excluded (ties: lowest index), or −1 when every point is excluded
    /// or every score is NaN.
    /// </summary>
    public static int ArgMax(IReadOnlyList<double> score, IReadOnlyList<bool>? excluded = null)
    {
        var best = -1;
        var bestValue = double.NegativeInfinity;
        for (var i = 0; i < score.Count; i++)
        {
            if (excluded is not null && excluded[i] || double.IsNaN(score[i]))
            {
                continue;
            }

            if (best < 0 || score[i] > bestValue)
            {
                best = i;
                bestValue = score[i];
            }
        }

        return best;
    }

    /// <summary>Standard normal cumulative distribution Φ(z).</summary>
    public static double NormalCdf(double z) => 0.5 * SpecialFunctions.Erfc(-z / Math.Sqrt(2));

    /// <summary>Standard normal density φ(z).</summary>
    public static double NormalPdf(double z) => Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);
}
