using Kiseki.Abstractions.Methods;
using Kiseki.Abstractions.Randomness;

namespace Kiseki.Methods.Statistics.BootstrapLrt;

/// <summary>One sequential test H0: K−1 components against H1: K.</summary>
/// <param name="K">The alternative's rank.</param>
/// <param name="Statistic">T_K on the data (see <see cref="RankFitter.Statistic"/>).</param>
/// <param name="PValue">Monte-Carlo p-value: (1 + e)/(B′ + 1) after all B′ first-level replicates (B, or the calibration
/// count when the deeper levels were drawn; e then counted with their shift), or Besag–Clifford's h/l when the h-th
/// exceedance came at replicate l &lt; B.</param>
/// <param name="Replicates">First-level replicates drawn (l ≤ B, or the calibration count once the deeper levels were drawn).</param>
/// <param name="Exceedances">Replicates with T* ≥ T among those drawn (T* + <paramref name="Shift"/> ≥ T after a second level).</param>
/// <param name="Dispersion">Dispersion of the data's rank-K fit (gain for quasi-Poisson, 1 for Poisson, σ² for gaussian).</param>
/// <param name="NegativeFraction">Fraction of drawn replicates with T* &lt; 0 (optimisation error indicator).</param>
/// <param name="NullDeviance">Divergence of the rank-(K−1) fit to the data.</param>
/// <param name="AlternativeDeviance">Divergence of the rank-K fit to the data.</param>
/// <param name="Rejected">True when p ≤ α (H0 rejected: at least K components).</param>
/// <param name="Shift">The second-level shift δ added to every T* (see <see cref="ShiftCalibration"/>); 0 when the test
/// accepted at the first level or when no shift could change its decision.</param>
/// <param name="SecondLevel">Second-level replicates drawn (0, or the first-level count once continued to
/// <c>calibration_replicates</c>).</param>
/// <param name="ThirdLevel">Third-level replicates drawn (0 or as many as the second level): drawn when the second-level
/// shift still rejects and a shift of the mean T* would accept.</param>
public sealed record LrtStep(
    int K, double Statistic, double PValue, int Replicates, int Exceedances, double Dispersion, double NegativeFraction,
    double NullDeviance, double AlternativeDeviance, bool Rejected, double Shift = 0, int SecondLevel = 0, int ThirdLevel = 0);

/// <summary>Result of the sequential test: every test run and the chosen K.</summary>
/// <param name="Steps">The tests in order K = 2, 3, ….</param>
/// <param name="ComponentsFound">K − 1 at the first K whose test does not reject, or max_components when every test rejected.</param>
/// <param name="Stopped">True when a test failed to reject; false means the answer is "at least max_components".</param>
public sealed record LrtResult(IReadOnlyList<LrtStep> Steps, int ComponentsFound, bool Stopped);

/// <summary>
/// Parametric-bootstrap likelihood-ratio test for the number of NMF components (the DBNMFrank scheme of Cai, Gu and
/// Kenney): for K = 2, 3, … compare rank K−1 and rank K; the null distribution of T comes from replicates drawn from
/// the data's fitted rank-(K−1) model (with the estimated dispersion). Every fit, of the data and of the replicates,
/// is iterated to the same convergence tolerance. A replicate's null fit starts at the model it was drawn from (the
/// basin of its own maximum-likelihood fit); its alternative is grown from that null fit by the data's procedure and
/// stops once the side of T on which T* ends is settled (<see cref="DecisionStop"/>): only whether T* ≥ T enters
/// the p-value, and over-fitted ranks, which need hundreds of sweeps to converge, settle in tens when T is far away.
/// Replicates are drawn in index order and the test stops as soon as
/// its decision at α is certain (Besag &amp; Clifford 1991): after h = ⌊α(B + 1)⌋ exceedances it cannot reject.
/// Replicate b of test K draws only from <c>random.Derive("lrt/k{K}/b{b}")</c> and the stopping point is defined by
/// index order, so the result is the same for any thread count. A test the replicates reject is re-examined one
/// bootstrap level down (<see cref="ShiftCalibration"/>), which can only turn its rejection into an acceptance.
/// </summary>
public static class BootstrapLrtSolver
{
    /// <summary>Runs the tests K = <paramref name="firstTest"/> … max_components in turn until one does not reject.</summary>
    /// <remarks>Ranks below <paramref name="firstTest"/> are fitted but not tested (calibration runs test one K alone).</remarks>
    public static LrtResult Run(
        double[] data, int n, int m, BootstrapLrtParameters parameters, IRandomSource random, int threads,
        IProgress<StepProgress>? progress, CancellationToken cancellationToken, int firstTest = 2)
    {
        var fitter = new RankFitter(parameters.Noise, parameters.MaxIterations, parameters.Tolerance, parameters.Restarts);
        var observed = fitter.Prepare(data, n, m);
        var stream = random.Derive("lrt/data");
        // nulls[k - 1]: the data's searched rank-k fit (the null of test k + 1); alternative: the rank grown from the last null.
        var nulls = new List<RankFit> { fitter.First(observed, stream.Derive("rank1"), cancellationToken) };
        using var aheadCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task<(RankFit Null, RankFit Alternative)>? ahead = null;
        try
        {
            var steps = new List<LrtStep>();
            var alternative = fitter.Next(observed, nulls[0], cancellationToken);
            for (var k = 2; k <= parameters.MaxComponents; k++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (ahead is not null)
                {
                    (var searched, alternative) = ahead.GetAwaiter().GetResult();
                    nulls.Add(searched);
                    ahead = null;
                }

                var (lower, upper, label) = (nulls[^1], alternative, stream.Derive($"rank{k}"));
                if (k < firstTest)
                {
                    nulls.Add(fitter.Search(observed, upper, label, cancellationToken));
                    alternative = fitter.Next(observed, nulls[^1], cancellationToken);
                    continue;
                }

                if (k < parameters.MaxComponents)
                {
                    // The data's next null and alternative are a pure function of this rank: with more than one thread
                    // they are fitted while this test's replicates run.
                    (RankFit, RankFit) Advance(CancellationToken token)
                    {
                        var searched = fitter.Search(observed, upper, label, token);
                        return (searched, fitter.Next(observed, searched, token));
                    }

                    ahead = threads > 1 ? Task.Run(() => Advance(aheadCancel.Token), aheadCancel.Token) : null;
                    var step = Test(fitter, observed, lower, upper, parameters, random, threads, cancellationToken);
                    if (!Record(step))
                    {
                        return new LrtResult(steps, k - 1, true);
                    }

                    ahead ??= Task.FromResult(Advance(cancellationToken));
                }
                else if (!Record(Test(fitter, observed, lower, upper, parameters, random, threads, cancellationToken)))
                {
                    return new LrtResult(steps, k - 1, true);
                }
            }

            bool Record(LrtStep step)
            {
                steps.Add(step);
                progress?.Report(new StepProgress((step.K - 1.0) / (parameters.MaxComponents - 1.0), $"K={step.K}: T={step.Statistic:G6}, p={step.PValue:G4} ({step.Replicates} replicates)"));
                return step.Rejected;
            }

            return new LrtResult(steps, parameters.MaxComponents, false);
        }
        finally
        {
            if (ahead is not null)
            {
                aheadCancel.Cancel();
                try
                {
                    ahead.Wait(CancellationToken.None);
                }
                catch (AggregateException)
                {
                    // The look-ahead fit was not needed.
                }
            }
        }
    }

    /// <summary>One test of rank <paramref name="lower"/> against rank <paramref name="upper"/> of the data.</summary>
    private static LrtStep Test(
        RankFitter fitter, CountData observed, RankFit lower, RankFit upper, BootstrapLrtParameters parameters, IRandomSource random, int threads,
        CancellationToken cancellationToken)
    {
        var (n, m, test) = (observed.Pixels, observed.Channels, upper.Components);
        var budget = parameters.Replicates;
        var stopAt = StopCount(parameters.Alpha, budget);
        var statistic = fitter.Statistic(observed, lower, upper);
        var dispersion = fitter.Dispersion(observed, upper);
        RefuseLowDose(observed, dispersion, parameters.Noise, test);
        RefuseOverParameterised(observed, test);
        var mean = RankFitter.Model(lower, n, m);
        var replicates = new List<Replicate>(budget);
        var exceed = 0;
        while (replicates.Count < budget && exceed < stopAt)
        {
            // Small chunks while the test may still stop early; once 2 chunks brought no exceedance (a rejecting
            // test needs every replicate) larger ones, so a slow replicate does not idle the other threads.
            var width = Math.Max(1, threads);
            var chunk = exceed == 0 && replicates.Count >= 2 * width ? 4 * width : width;
            var first = replicates.Count;
            var batch = new Replicate[Math.Min(chunk, budget - first)];
            Parallel.For(
                0, batch.Length,
                new ParallelOptions { MaxDegreeOfParallelism = width, CancellationToken = cancellationToken },
                b =>
                {
                    var set = fitter.Prepare(ReplicateDraw.Replicate(mean, parameters.Noise, dispersion, random, test, first + b), n, m);
                    var nullFit = fitter.Refit(set, lower, cancellationToken);
                    var stop = fitter.DecisionStop(set, test, nullFit.Deviance, statistic);
                    var alternative = fitter.Next(set, nullFit, cancellationToken, stop);
                    batch[b] = new Replicate(fitter.Statistic(set, nullFit, alternative), nullFit, alternative, stop?.Below ?? double.NaN);
                });
            foreach (var replicate in batch)
            {
                if (exceed >= stopAt)
                {
                    break;
                }

                replicates.Add(replicate);
                if (replicate.Statistic >= statistic)
                {
                    exceed++;
                }
            }
        }

        var drawn = replicates.Count;
        var p = exceed >= stopAt && drawn < budget ? (double)stopAt / drawn : (1.0 + exceed) / (budget + 1.0);
        var negative = replicates.Count(r => r.Statistic < 0);
        var levels = new ShiftResult(0, 0, 0, []);
        if (p <= parameters.Alpha)
        {
            var calibration = new ShiftCalibration(
                fitter, observed, mean, lower, parameters.Noise, dispersion, random, threads, Math.Max(budget, parameters.CalibrationReplicates));
            levels = calibration.Shift(replicates, statistic, parameters.Alpha, cancellationToken);
            exceed = levels.Statistics.Count(t => t + levels.Shift >= statistic);
            drawn = levels.Statistics.Length;
            p = (1.0 + exceed) / (drawn + 1.0);
        }

        return new LrtStep(
            test, statistic, p, drawn, exceed, dispersion, (double)negative / drawn, lower.Deviance, upper.Deviance, p <= parameters.Alpha,
            levels.Shift, levels.SecondLevel, levels.ThirdLevel);
    }

    /// <summary>
    /// Fewest detected events per matrix entry (data mean / dispersion) at which the Poisson-family test is offered:
    /// the calibration table (docs/component-count.md) shows the size broken at 0.16 events per entry (5 counts per
    /// pixel over 32 channels) and held from 0.4 up.
    /// </summary>
    public const double MinimumEventsPerEntry = 0.3;

    private static void RefuseLowDose(CountData data, double dispersion, CountNoise noise, int k)
    {
        if (noise == CountNoise.Gaussian)
        {
            return;
        }

        // Pearson's X² underestimates the dispersion at low counts; the dose is never credited with a gain below 1.
        var events = data.Sparse!.Total / data.Entries / Math.Max(1.0, dispersion);
        if (events < MinimumEventsPerEntry)
        {
            throw MethodException.InvalidInput(
                "image",
                string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{events:G3} detected events per pixel and channel (data mean / max(1, dispersion of the rank-{k} fit)) is below {MinimumEventsPerEntry}: at such doses the bootstrap test does not hold its size (docs/component-count.md). Bin pixels or channels, or crop empty channels, to raise it."));
        }
    }

    /// <summary>
    /// Most free parameters of the alternative per matrix entry, K(N + M − K)/(N·M), at which a test is run: above it
    /// the data's rank-(K−1) fit, which generates the replicates, follows the noise so closely that the replicates'
    /// statistics fall short of the data's under H0 (8×8×32 phantoms, K = 6 against 7, at 0.31: size 0.20–0.30 at
    /// 0.6–3 events per entry, docs/component-count.md).
    /// </summary>
    public const double MaximumParametersPerEntry = 0.25;

    private static void RefuseOverParameterised(CountData data, int k)
    {
        var perEntry = k * (double)(data.Pixels + data.Channels - k) / data.Entries;
        if (perEntry > MaximumParametersPerEntry)
        {
            throw MethodException.InvalidInput(
                "image",
                string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"the rank-{k} alternative has {perEntry:G3} free parameters per pixel and channel (K(N+M-K)/(N*M) with N = {data.Pixels} pixels, M = {data.Channels} channels), above {MaximumParametersPerEntry}: there the bootstrap test does not hold its size (docs/component-count.md). Use a larger image, or a smaller max_components."));
        }
    }

    /// <summary>Rank, divergence and sweeps of each fit of the data's chain up to <paramref name="rank"/> (for profiling).</summary>
    public static IReadOnlyList<(int Rank, double Divergence, int Sweeps)> Profile(double[] data, int n, int m, int rank, double tolerance, int maxIterations)
    {
        var fitter = new RankFitter(CountNoise.QuasiPoisson, maxIterations, tolerance, 0);
        var chain = fitter.Chain(fitter.Prepare(data, n, m), rank, new Xoshiro256StarStar(1), default);
        return [.. chain.Select(f => (f.Components, f.Deviance, f.Iterations))];
    }

    /// <summary>h = ⌊α(B + 1)⌋: with h exceedances (1 + e)/(B + 1) ≤ α can no longer hold whatever follows.</summary>
    public static int StopCount(double alpha, int replicates) => (int)Math.Floor((alpha * (replicates + 1)) + 1e-9);
}
