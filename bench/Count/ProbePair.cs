using System.Globalization;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Statistics.BootstrapLrt;

namespace Kiseki.Bench.Count;

/// <summary>
/// Paired (common-random-number) deeper levels against independent ones: `probepair K counts side channels phantoms reps seed`.
/// Per phantom: the mean T under the true model, at the first level, and the first- and second-order shifts estimated
/// from independent and from paired draws (one uniform per entry, the same uniforms for the two means of a pair).
/// </summary>
internal static class ProbePair
{
    public static void Run(int k, double counts, int side, int channels, int phantoms, int reps, ulong seedBase)
    {
        int n = side * side, m = channels;
        var fitter = new RankFitter(CountNoise.Poisson, 2000, 1e-8, 3);
        var rows = new Row[phantoms];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Parallel.For(0, phantoms, new ParallelOptions { MaxDegreeOfParallelism = 2 }, r =>
        {
            var seed = seedBase + (ulong)r;
            var (truth, start, plug, plugMean) = TruthAndCounts.PlugIn(fitter, k, counts, side, channels, seed);
            double Stat(double[] sample, RankFit from, out RankFit nul)
            {
                var prepared = fitter.Prepare(sample, n, m);
                nul = fitter.Refit(prepared, from, default);
                return fitter.Statistic(prepared, nul, fitter.Next(prepared, nul, default));
            }

            double[] Draw(double[] mean, IRandomSource rs) => [.. mean.Select(mu => (double)InversePoisson.Quantile(mu, rs.NextDouble()))];

            var (t0, t1, a12, b12, a23, b23, t2) = (new double[reps], new double[reps], new double[reps], new double[reps], new double[reps], new double[reps], new double[reps]);
            for (var b = 0; b < reps; b++)
            {
                var rs = new Xoshiro256StarStar(seed * 1000 + (ulong)b);
                t0[b] = Stat(Draw(truth.Data, rs.Derive("truth")), start, out _);
                t1[b] = Stat(Draw(plugMean, rs.Derive("first")), plug, out var firstNull);
                var firstNullMean = RankFitter.Model(firstNull, n, m);
                a12[b] = Stat(Draw(plugMean, rs.Derive("pair2")), plug, out _);
                b12[b] = Stat(Draw(firstNullMean, rs.Derive("pair2")), firstNull, out var secondNull);
                t2[b] = Stat(Draw(firstNullMean, rs.Derive("second")), firstNull, out _);
                a23[b] = Stat(Draw(firstNullMean, rs.Derive("pair3")), firstNull, out _);
                b23[b] = Stat(Draw(RankFitter.Model(secondNull, n, m), rs.Derive("pair3")), secondNull, out _);
            }

            var d12 = a12.Zip(b12, (x, y) => x - y).ToArray();
            var d23 = a23.Zip(b23, (x, y) => x - y).ToArray();
            rows[r] = new Row(t0.Average(), t1.Average(), t2.Average(), d12.Average(), d23.Average(), Sd(t1), Sd(d12), Sd(d23), Corr(a12, b12));
        });
        var truthShift = rows.Select(x => x.Truth - x.First).ToArray();
        var paired1 = rows.Select(x => x.D12).ToArray();
        var paired2 = rows.Select(x => (2 * x.D12) - x.D23).ToArray();
        var independent1 = rows.Select(x => x.First - x.Second).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{side}x{side}x{channels} K={k} counts={counts}, {phantoms} phantoms x {reps}, {clock.Elapsed.TotalSeconds:F0} s: true shift {truthShift.Average():F1} (sd {Sd(truthShift):F1}); independent first-order {independent1.Average():F1} (sd {Sd(independent1):F1}); paired first-order {paired1.Average():F1} (sd {Sd(paired1):F1}), paired second-order {paired2.Average():F1} (sd {Sd(paired2):F1}); per-replicate sd: T* {rows.Average(x => x.SdFirst):F1}, paired difference 1-2 {rows.Average(x => x.SdD12):F1}, 2-3 {rows.Average(x => x.SdD23):F1}; pair correlation {rows.Average(x => x.Corr):F2}"));
    }

    private static double Sd(double[] v)
    {
        var mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / Math.Max(1, v.Length - 1));
    }

    private static double Corr(double[] a, double[] b)
    {
        var (ma, mb) = (a.Average(), b.Average());
        var cov = a.Zip(b, (x, y) => (x - ma) * (y - mb)).Sum();
        return cov / Math.Sqrt(a.Sum(x => (x - ma) * (x - ma)) * b.Sum(y => (y - mb) * (y - mb)));
    }

    private sealed record Row(double Truth, double First, double Second, double D12, double D23, double SdFirst, double SdD12, double SdD23, double Corr);
}
