using Kiseki.Abstractions.Randomness;

namespace Kiseki.Bench.Count;

/// <summary>
/// Poisson variates by inversion of the distribution function: one uniform per variate, and a count that grows
/// monotonically with the mean for a fixed uniform — so two means drawn with the same uniforms give counts that differ
/// only where the means differ (common random numbers).
/// </summary>
/// <remarks>
/// Below a mean of 30 the search runs up from 0 with the recurrence p(k+1) = p(k)·λ/(k+1). Above it starts at the
/// mode, whose distribution function is summed from the terms within 40 standard deviations either side (the rest is
/// far below double precision), and walks down or up from there; the cost is O(√λ) per variate.
/// </remarks>
internal static class InversePoisson
{
    private const double SearchFromZeroBelow = 30;

    /// <summary>The smallest k with F(k; λ) &gt; <paramref name="uniform"/> for <paramref name="uniform"/> in [0, 1).</summary>
    public static long Quantile(double lambda, double uniform)
    {
        if (!(lambda > 0))
        {
            return 0;
        }

        return lambda < SearchFromZeroBelow ? FromZero(lambda, uniform) : FromMode(lambda, uniform);
    }

    private static long FromZero(double lambda, double uniform)
    {
        var p = Math.Exp(-lambda);
        var cdf = p;
        var k = 0L;
        while (uniform >= cdf && p > 0)
        {
            k++;
            p *= lambda / k;
            cdf += p;
        }

        return k;
    }

    private static long FromMode(double lambda, double uniform)
    {
        var mode = Math.Floor(lambda);
        var pMode = Math.Exp(-lambda + (mode * Math.Log(lambda)) - RandomSourceExtensions.LogGamma(mode + 1));
        var reach = 40 * Math.Sqrt(lambda);

        var below = 0.0;
        var p = pMode;
        for (var k = mode; k > 0 && mode - k < reach; k--)
        {
            p *= k / lambda;
            below += p;
        }

        var above = 0.0;
        p = pMode;
        for (var k = mode + 1; k - mode < reach; k++)
        {
            p *= lambda / k;
            above += p;
        }

        var total = below + pMode + above;
        var target = uniform * total;
        var cdf = below + pMode;
        if (target < cdf)
        {
            // Walk down: F(k − 1) = F(k) − p(k).
            var k = mode;
            p = pMode;
            while (k > 0)
            {
                var lower = cdf - p;
                if (target >= lower)
                {
                    return (long)k;
                }

                cdf = lower;
                p *= k / lambda;
                k--;
            }

            return 0;
        }

        {
            var k = mode;
            p = pMode;
            while (target >= cdf)
            {
                k++;
                p *= lambda / k;
                if (p == 0)
                {
                    break;
                }

                cdf += p;
            }

            return (long)k;
        }
    }
}
