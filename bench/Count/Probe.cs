using System.Globalization;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Synthetic;
using Kiseki.Methods.Statistics.BootstrapLrt;

namespace Kiseki.Bench.Count;

/// <summary>Mean dispersion estimates (plain Pearson X²/df and Fletcher's) of the rank-K and rank-(K+1) fits over 20 seeded phantoms with a given gain.</summary>
internal static class Probe
{
    public static void Dispersion(int k, double counts, double gain, int rows, int channels, int seeds)
    {
        var fitter = new RankFitter(CountNoise.QuasiPoisson, 2000, 1e-8, 0);
        double sp = 0, sf = 0, st = 0, sp2 = 0, sf2 = 0;
        for (var seed = 1; seed <= seeds; seed++)
        {
            var ph = PhantomGenerator.Generate(new PhantomOptions { Rows = rows, Cols = rows, Channels = channels, Components = k, Counts = counts, Noise = PhantomNoise.None }, new Xoshiro256StarStar((ulong)seed));
            var noise = new Xoshiro256StarStar((ulong)seed + 1000);
            var mu = ph.Data;
            var data = mu.Select(v => gain * noise.NextPoisson(v / gain)).ToArray();
            int n = rows * rows, m = channels;
            var set = fitter.Prepare(data, n, m);
            var chain = fitter.Chain(set, k + 1, new Xoshiro256StarStar(5), default);
            var free = n * m - (k + 1.0) * (n + m - k - 1);
            var alt = chain[k];
            sp += alt.Pearson / free;
            sf += alt.Pearson / free / (alt.Ratio / (n * m));
            var nul = chain[k - 1];
            var free0 = n * m - (double)k * (n + m - k);
            sp2 += nul.Pearson / free0;
            sf2 += nul.Pearson / free0 / (nul.Ratio / (n * m));
            var pt = 0.0;
            for (var i = 0; i < mu.Length; i++)
            {
                if (mu[i] > 0) pt += (data[i] - mu[i]) * (data[i] - mu[i]) / mu[i];
            }

            st += pt / (n * m);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"K={k} counts={counts} gain={gain} {rows}x{rows}x{channels}: pearson(K+1) {sp / seeds:F3}, fletcher(K+1) {sf / seeds:F3}, pearson(K) {sp2 / seeds:F3}, fletcher(K) {sf2 / seeds:F3}, true-mu pearson/NM {st / seeds:F3}"));
    }
}

/// <summary>Size of one calibration cell (the K vs K+1 test alone) from a given first seed: `probesize K counts gain side channels phantoms noise seed`.</summary>
internal static class ProbeSize
{
    public static void Run(int k, double counts, double gain, int rows, int channels, int phantoms, CountNoise noise, ulong seedBase)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var cell = new Cell(rows, rows, channels, k, counts, gain, noise, phantoms, 0);
        var rejected = 0;
        Parallel.For(0, phantoms, new ParallelOptions { MaxDegreeOfParallelism = 2 }, r =>
        {
            if (CalibrationTable.One(cell, seedBase + (ulong)r, false).Size)
            {
                Interlocked.Increment(ref rejected);
            }
        });
        Console.WriteLine($"size {cell.Name}: {rejected}/{phantoms} in {clock.Elapsed.TotalSeconds:F0} s");
    }
}

/// <summary>Sweeps, seconds and T* of a few null replicates of one test on the speed phantom, converged and stopped at the decision.</summary>
internal static class ProbeReplicate
{
    public static void Run(int test)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var ph = PhantomGenerator.Generate(new PhantomOptions { Rows = 48, Cols = 48, Channels = 200, Components = 4, Counts = 100 }, new Xoshiro256StarStar(1));
        int n = 48 * 48, m = 200;
        var fitter = new RankFitter(CountNoise.QuasiPoisson, 2000, 1e-8, 0);
        var set = fitter.Prepare(ph.Data, n, m);
        var chain = fitter.Chain(set, test, new Xoshiro256StarStar(5), default);
        var (lower, upper) = (chain[test - 2], chain[test - 1]);
        var t = fitter.Statistic(set, lower, upper);
        var phi = fitter.Dispersion(set, upper);
        Console.WriteLine($"chain to {test}: {string.Join(",", chain.Select(f => f.Iterations))} sweeps, {clock.Elapsed.TotalSeconds:F1} s; T={t:F1} phi={phi:F3} nnz={set.Sparse!.Count}");
        var mean = RankFitter.Model(lower, n, m);
        for (var b = 0; b < 3; b++)
        {
            clock.Restart();
            var sample = fitter.Prepare(ReplicateDraw.Sample(mean, CountNoise.QuasiPoisson, phi, new Xoshiro256StarStar((ulong)(50 + b))), n, m);
            var nul = fitter.Refit(sample, lower, default);
            var t1 = clock.Elapsed.TotalSeconds;
            var a2 = fitter.Next(sample, nul, default);
            var t2 = clock.Elapsed.TotalSeconds;
            var stop = fitter.DecisionStop(sample, test, nul.Deviance, t);
            var s2 = fitter.Next(sample, nul, default, stop);
            var t3 = clock.Elapsed.TotalSeconds;
            Console.WriteLine($"  replicate {b}: null {nul.Iterations} sweeps ({t1:F1} s); full alt {a2.Iterations} sweeps T*={fitter.Statistic(sample, nul, a2):F1} ({t2 - t1:F1} s); settled alt {s2.Iterations} T*={fitter.Statistic(sample, nul, s2):F1} ({t3 - t2:F1} s)");
        }
    }
}


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
