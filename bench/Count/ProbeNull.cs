using System.Globalization;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Synthetic;
using Kiseki.Methods.Statistics.BootstrapLrt;

namespace Kiseki.Bench.Count;

/// <summary>
/// How far the data's chained rank-K fit sits above better rank-K fits (one started at the true factors, and the
/// rank-(K+1) fit with one component dropped), in units of the statistic: `probenull K counts side channels phantoms`.
/// </summary>
internal static class ProbeNull
{
    public static void Run(int k, double counts, int side, int channels, int phantoms, int restarts)
    {
        int n = side * side, m = channels;
        var fitter = new RankFitter(CountNoise.QuasiPoisson, 2000, 1e-8, restarts);
        var lines = new string[phantoms];
        var gapOracle = new double[phantoms];
        var gapDrop = new double[phantoms];
        var stat = new double[phantoms];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Parallel.For(0, phantoms, new ParallelOptions { MaxDegreeOfParallelism = 2 }, r =>
        {
            var ph = PhantomGenerator.Generate(new PhantomOptions { Rows = side, Cols = side, Channels = channels, Components = k, Counts = counts }, new Xoshiro256StarStar((ulong)(1000 + r)));
            var set = fitter.Prepare(ph.Data, n, m);
            var chain = fitter.Chain(set, k + 1, new Xoshiro256StarStar(5), default);
            var (nul, alt) = (chain[k - 1], chain[k]);
            var phi = fitter.Dispersion(set, alt);
            var oracle = fitter.Refit(set, new RankFit(ph.TrueMaps, ph.TrueSpectra, k, 0, 0), default);
            var drop = nul;
            foreach (var candidate in RankFitter.DropOne(alt))
            {
                drop = RankFitter.Better(drop, fitter.Refit(set, candidate, default));
            }

            stat[r] = 2 * (nul.Deviance - alt.Deviance) / phi;
            gapOracle[r] = 2 * (nul.Deviance - oracle.Deviance) / phi;
            gapDrop[r] = 2 * (nul.Deviance - drop.Deviance) / phi;
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"restarts={restarts} K={k} counts={counts} {side}x{side}x{channels}: mean T {stat.Average():F1}; chain-minus-oracle mean {gapOracle.Average():F2} (>1 in {gapOracle.Count(g => g > 1)}, <-1 in {gapOracle.Count(g => g < -1)}); chain-minus-dropone mean {gapDrop.Average():F2} (>1 in {gapDrop.Count(g => g > 1)}); {clock.Elapsed.TotalSeconds:F0} s"));
        Console.WriteLine("  T-oracleGap: " + string.Join(" ", stat.Zip(gapOracle).Take(20).Select(p => $"{p.First:F0}/{p.Second:F0}")));
    }
}

/// <summary>Seconds and divergence gain of the random-start search at ranks 2 … 6 of the speed phantom's chain: `probesearch`.</summary>
internal static class ProbeSearch
{
    public static void Run()
    {
        var ph = PhantomGenerator.Generate(new PhantomOptions { Rows = 48, Cols = 48, Channels = 200, Components = 4, Counts = 100 }, new Xoshiro256StarStar(1));
        var fitter = new RankFitter(CountNoise.QuasiPoisson, 2000, 1e-8, 3);
        var set = fitter.Prepare(ph.Data, 48 * 48, 200);
        var fit = fitter.First(set, new Xoshiro256StarStar(5), default);
        for (var k = 2; k <= 6; k++)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            fit = fitter.Next(set, fit, default);
            var grown = clock.Elapsed.TotalSeconds;
            var searched = fitter.Search(set, fit, new Xoshiro256StarStar((ulong)k), default);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rank {k}: grown {fit.Iterations} sweeps {grown:F1} s, D={fit.Deviance:F1}; search {clock.Elapsed.TotalSeconds - grown:F1} s, D={searched.Deviance:F1} (gain {2 * (fit.Deviance - searched.Deviance):F1})"));
        }
    }
}
