using Kiseki.Abstractions.Randomness;

namespace Kiseki.Methods.Statistics.BootstrapLrt;

/// <summary>One first-level replicate of a test: its statistic (exact, or a lower bound when its fit stopped at the
/// decision), its null and alternative fits, and the upper bound on T* when the fit stopped below the threshold (else NaN).</summary>
internal sealed record Replicate(double Statistic, RankFit Null, RankFit Alternative, double Below);

/// <summary>
/// Second (and third) bootstrap level for a test the first level rejects: how far the replicates' statistics fall short of the
/// data's because they are drawn from the data's fitted null rather than the true one.
/// </summary>
/// <remarks>
/// The fitted rank-(K−1) model follows the noise of the data it was fitted to, and replicates drawn from it give
/// smaller statistics than data drawn from the true model: on 12×12×48 phantoms with 4 components at 100 counts/pixel
/// the mean T under the true model is 231, under the fitted null 218 (sd 16), which rejects a true null at α = 0.05 in
/// 18–21 % of phantoms. The same shortfall repeats one level down — replicates drawn from each replicate's own null fit
/// average 209 — so it is estimated there: replicate b's data are refitted as the data were, a second-level replicate
/// is drawn from its null fit, and δ = max(0, m(T*) − m(max(T**, 0))) — m the 10 %-trimmed mean — measures it (the
/// first-order iterated-bootstrap correction of the null's location: Beran, "Prepivoting test statistics", JASA 83,
/// 687–697, 1988; Davidson &amp; MacKinnon, "Improving the reliability of bootstrap tests with the fast double
/// bootstrap", CSDA 51, 3259–3281, 2007). The shift added to every T* before T is compared with them is ≥ 0, so a test
/// the first level accepts is never re-examined, and the correction can only turn a rejection into an acceptance. It is
/// kept ≤ m(T*), so when every replicate that does not exceed T has T*_b + m(T*) &lt; T (by the bounds its stopped fit
/// gives) no shift can change the decision and the second level is skipped: a test that rejects by a wide margin costs
/// nothing more. The shortfall from the true model to the data's fit is larger than each one further down, which are
/// about equal (15.0, 7.4, 5.0, 4.7 at levels 1–4 on 12×12×48 phantoms with 6 components at 100 counts/pixel; the first
/// 1.2–2.0 times the second in seven cells), so δ alone under-corrects and the shift is 2δ: right where the ratio is 2,
/// towards accepting where it is smaller. When the doubled shift still rejects and a shift of m(T*) would accept, a
/// third level is drawn from each second-level null fit and the shift becomes Hall's second-order iterated correction
/// 2m(T*) − 3m(T**) + m(T***) (Hall &amp; Martin, "On bootstrap resampling and iteration", Biometrika 75, 661–671,
/// 1988) where that is larger — only when the third level's mean lies above the second's, so version 8 rejects a subset
/// of what version 7 (which took Hall's correction, kept at least δ) rejected on the same draws. Each level's mean
/// estimated from B replicates carries a Monte-Carlo error of about sd(T*)/√B, and the shift combines two or three of
/// them: with B = 39 that error (≈ 4–10 on a T* spread of 16) is as large as the shortfall left after correcting, and
/// it raises the size as much. So before the deeper levels are drawn the first level is continued to
/// <c>calibration_replicates</c> (159 by default; replicates B, B + 1, … of the same streams, fitted to convergence),
/// each deeper level draws one replicate per first-level one, and the p-value is taken over all of them. Replicate b's
/// deeper draws use only <c>random.Derive("lrt/k{K}/b{b}").Derive("second")</c> and <c>….Derive("third")</c>.
/// </remarks>
internal sealed class ShiftCalibration(
    RankFitter fitter, CountData data, double[] mean, RankFit lower, CountNoise noise, double dispersion, IRandomSource random, int threads, int calibrationReplicates)
{
    /// <summary>
    /// The shift δ, the second- and third-level replicates drawn (0 when skipped) and the first-level statistics — continued
    /// to the calibration count unless skipped — with every non-exceeding one exact (fits stopped at the decision are
    /// continued to convergence).
    /// </summary>
    public ShiftResult Shift(IReadOnlyList<Replicate> replicates, double statistic, double alpha, CancellationToken cancellationToken)
    {
        var statistics = replicates.Select(r => r.Statistic).ToArray();
        var upper = replicates.Select(r => r.Statistic >= statistic ? double.PositiveInfinity : double.IsNaN(r.Below) ? r.Statistic : r.Below).ToArray();
        var bound = Math.Max(0, TrimmedMean(upper));
        if (upper.All(u => u >= statistic || u + bound < statistic))
        {
            return new ShiftResult(0, 0, 0, statistics);
        }

        var (n, m, test) = (data.Pixels, data.Channels, lower.Components + 1);
        replicates = Extend(replicates, calibrationReplicates, cancellationToken);
        statistics = [.. replicates.Select(r => r.Statistic)];
        var second = new Level(replicates.Count);
        Parallel.For(
            0, replicates.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken },
            b =>
            {
                // A replicate whose fit stopped at the decision is redrawn and its fit continued to convergence. A
                // converged one already holds its exact statistic, and its dispersion depends on its data only through
                // their shape, so the observed data (same shape) stand in for them.
                var replicate = replicates[b];
                var alternative = replicate.Alternative;
                var set = data;
                if (alternative.Settled)
                {
                    set = fitter.Prepare(ReplicateDraw.Replicate(mean, noise, dispersion, random, test, b), n, m);
                    alternative = fitter.Refit(set, alternative, cancellationToken);
                    statistics[b] = fitter.Statistic(set, replicate.Null, alternative);
                }

                second.Draw(fitter, b, replicate.Null, fitter.Dispersion(set, alternative), n, m, noise, ReplicateDraw.Stream(random, test, b).Derive("second"), cancellationToken);
            });
        var (first, secondMean) = (TrimmedMean(statistics), TrimmedMean(second.Statistics));
        var cap = Math.Max(0, first);
        var shift = Doubled(first, secondMean, cap);
        if (!Rejects(statistics, shift, statistic, alpha) || Rejects(statistics, cap, statistic, alpha))
        {
            return new ShiftResult(shift, replicates.Count, 0, statistics);
        }

        var third = new Level(replicates.Count);
        Parallel.For(
            0, replicates.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken },
            b => third.Draw(
                fitter, b, second.Nulls[b], second.Dispersions[b], n, m, noise, ReplicateDraw.Stream(random, test, b).Derive("third"), cancellationToken));
        var corrected = SecondOrder(first, secondMean, TrimmedMean(third.Statistics), shift, cap);
        return new ShiftResult(corrected, replicates.Count, replicates.Count, statistics);
    }

    /// <summary>
    /// The first-level replicates <paramref name="replicates"/> continued to <paramref name="count"/> with replicates
    /// B, B + 1, … of the same streams, each fitted to convergence (no decision stop: their statistics enter the means).
    /// </summary>
    private IReadOnlyList<Replicate> Extend(IReadOnlyList<Replicate> replicates, int count, CancellationToken cancellationToken)
    {
        if (count <= replicates.Count)
        {
            return replicates;
        }

        var (n, m, test, first) = (data.Pixels, data.Channels, lower.Components + 1, replicates.Count);
        var more = new Replicate[count - first];
        Parallel.For(
            0, more.Length,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken },
            b =>
            {
                var set = fitter.Prepare(ReplicateDraw.Replicate(mean, noise, dispersion, random, test, first + b), n, m);
                var nullFit = fitter.Refit(set, lower, cancellationToken);
                var alternative = fitter.Next(set, nullFit, cancellationToken);
                more[b] = new Replicate(fitter.Statistic(set, nullFit, alternative), nullFit, alternative, double.NaN);
            });
        return [.. replicates, .. more];
    }

    /// <summary>
    /// Twice the first-order shift m₁ − m₂ (the shortfall one level down), kept within [0, <paramref name="cap"/>]: the
    /// shortfall from the true model to the data's fit is about twice the one measured a level down.
    /// </summary>
    internal static double Doubled(double first, double second, double cap)
        => Math.Min(cap, 2 * Math.Max(0, first - second));

    /// <summary>
    /// Hall's second-order iterated bias correction of the replicates' location from the level means m₁, m₂, m₃:
    /// E T ≈ 3m₁ − 3m₂ + m₃, so the shift is 2m₁ − 3m₂ + m₃ (the first-order one is m₁ − m₂), kept within
    /// [<paramref name="floor"/>, <paramref name="cap"/>].
    /// </summary>
    internal static double SecondOrder(double first, double second, double third, double floor, double cap)
        => Math.Clamp((2 * first) - (3 * second) + third, floor, cap);

    /// <summary>Whether T still exceeds all but α(B + 1) − 1 of the shifted statistics.</summary>
    internal static bool Rejects(double[] statistics, double shift, double statistic, double alpha)
        => (1.0 + statistics.Count(t => t + shift >= statistic)) / (statistics.Length + 1.0) <= alpha;

    /// <summary>Mean of the values left when the lowest and the highest ⌊0.1·B⌋ are set aside (robust to a replicate whose fit found a far better optimum).</summary>
    internal static double TrimmedMean(double[] values)
    {
        var trim = values.Length / 10;
        var kept = values.Order().Skip(trim).Take(values.Length - (2 * trim)).ToArray();
        return kept.Any(double.IsPositiveInfinity) ? double.PositiveInfinity : kept.Average();
    }

    /// <summary>One deeper bootstrap level: per replicate, a draw from the previous level's null fit, refitted as the data were.</summary>
    private sealed class Level(int count)
    {
        public double[] Statistics { get; } = new double[count];

        public RankFit[] Nulls { get; } = new RankFit[count];

        public double[] Dispersions { get; } = new double[count];

        public void Draw(
            RankFitter fitter, int b, RankFit from, double dispersion, int n, int m, CountNoise noise, IRandomSource stream, CancellationToken cancellationToken)
        {
            var set = fitter.Prepare(ReplicateDraw.Sample(RankFitter.Model(from, n, m), noise, dispersion, stream), n, m);
            var nullFit = fitter.Refit(set, from, cancellationToken);
            var alternative = fitter.Next(set, nullFit, cancellationToken);
            Nulls[b] = nullFit;
            Dispersions[b] = fitter.Dispersion(set, alternative);
            Statistics[b] = Math.Max(0, fitter.Statistic(set, nullFit, alternative));
        }
    }
}

/// <summary>What the deeper levels gave a rejecting test: the shift δ added to every T*, the second- and third-level replicates drawn, and the first-level statistics made exact.</summary>
internal sealed record ShiftResult(double Shift, int SecondLevel, int ThirdLevel, double[] Statistics);
