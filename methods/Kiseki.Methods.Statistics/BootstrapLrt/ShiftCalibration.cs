using Kiseki.Abstractions.Randomness;

namespace Kiseki.Methods.Statistics.BootstrapLrt;

/// <summary>One first-level replicate of a test: its statistic (exact, or a lower bound when its fit stopped at the
/// decision), its null and alternative fits, and the upper bound on T* when the fit stopped below the threshold (else NaN).</summary>
internal sealed record Replicate(double Statistic, RankFit Null, RankFit Alternative, double Below);

/// <summary>
/// Second bootstrap level for a test the first level rejects: how far the replicates' statistics fall short of the
/// data's because they are drawn from the data's fitted null rather than the true one.
/// </summary>
/// <remarks>
/// The fitted rank-(K−1) model follows the noise of the data it was fitted to, and replicates drawn from it give smaller
/// statistics than data drawn from the true model: on 12×12×48 phantoms with 4 components at 100 counts/pixel the mean
/// T under the true model is 231, under the fitted null 218 (sd 16), which rejects a true null at α = 0.05 in 18–21 % of
/// phantoms. The same shortfall repeats one level down — replicates drawn from each replicate's own null fit average 209
/// — so it is estimated there: replicate b's data are refitted as the data were, a second-level replicate is drawn from
/// its null fit, and δ = max(0, median T*_b − median max(T**_b, 0)) is added to every T* before T is compared with
/// them (an iterated-bootstrap correction of the null's location: Beran, "Prepivoting test statistics", JASA 83,
/// 687–697, 1988; Davidson &amp; MacKinnon, "Improving the reliability of bootstrap tests with the fast double
/// bootstrap", CSDA 51, 3259–3281, 2007). δ ≥ 0, so a test the first level accepts is never re-examined, and the
/// correction can only turn a rejection into an acceptance. δ ≤ median T* because T** ≥ 0, so when every replicate
/// that does not exceed T has T*_b + median T* &lt; T (by the bounds its stopped fit gives) no δ can change the decision
/// and the second level is skipped: a test that rejects by a wide margin costs nothing more.
/// Replicate b's second-level draw uses only <c>random.Derive("lrt/k{K}/b{b}").Derive("second")</c>.
/// </remarks>
internal sealed class ShiftCalibration(
    RankFitter fitter, CountData data, double[] mean, RankFit lower, CountNoise noise, double dispersion, IRandomSource random, int threads)
{
    /// <summary>
    /// The shift δ, the second-level replicates drawn (0 when skipped) and the first-level statistics with every
    /// non-exceeding one exact (fits stopped at the decision are continued to convergence).
    /// </summary>
    public (double Shift, int Drawn, double[] Statistics) Shift(IReadOnlyList<Replicate> replicates, double statistic, CancellationToken cancellationToken)
    {
        var statistics = replicates.Select(r => r.Statistic).ToArray();
        var upper = replicates.Select(r => r.Statistic >= statistic ? double.PositiveInfinity : double.IsNaN(r.Below) ? r.Statistic : r.Below).ToArray();
        var bound = Math.Max(0, TrimmedMean(upper));
        if (upper.All(u => u >= statistic || u + bound < statistic))
        {
            return (0, 0, statistics);
        }

        var (n, m, test) = (data.Pixels, data.Channels, lower.Components + 1);
        var second = new double[replicates.Count];
        Parallel.For(
            0, replicates.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken },
            b =>
            {
                var replicate = replicates[b];
                var set = fitter.Prepare(ReplicateDraw.Replicate(mean, noise, dispersion, random, test, b), n, m);
                var alternative = replicate.Alternative.Settled ? fitter.Refit(set, replicate.Alternative, cancellationToken) : replicate.Alternative;
                statistics[b] = fitter.Statistic(set, replicate.Null, alternative);
                var own = ReplicateDraw.Sample(
                    RankFitter.Model(replicate.Null, n, m), noise, fitter.Dispersion(set, alternative), ReplicateDraw.Stream(random, test, b).Derive("second"));
                var secondSet = fitter.Prepare(own, n, m);
                var secondNull = fitter.Refit(secondSet, replicate.Null, cancellationToken);
                second[b] = Math.Max(0, fitter.Statistic(secondSet, secondNull, fitter.Next(secondSet, secondNull, cancellationToken)));
            });
        return (Math.Max(0, TrimmedMean(statistics) - TrimmedMean(second)), second.Length, statistics);
    }

    /// <summary>Mean of the values left when the lowest and the highest ⌊0.1·B⌋ are set aside (robust to a replicate whose fit found a far better optimum).</summary>
    internal static double TrimmedMean(double[] values)
    {
        var trim = values.Length / 10;
        var kept = values.Order().Skip(trim).Take(values.Length - (2 * trim)).ToArray();
        return kept.Any(double.IsPositiveInfinity) ? double.PositiveInfinity : kept.Average();
    }
}
