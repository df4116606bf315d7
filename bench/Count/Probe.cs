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

/// <summary>
/// Size of the test with replicates drawn from the true mean instead of the fitted null (Poisson), paired with the
/// method's own decision on the same phantoms: separates the plug-in null from the data's fitting procedure. `probeoracle`.
/// </summary>
internal static class ProbeOracle
{
    public static void Run(int k, double counts, int side, int channels, int phantoms, ulong seedBase)
    {
        int n = side * side, m = channels;
        var fitter = new RankFitter(CountNoise.Poisson, 2000, 1e-8, 3);
        int method = 0, oracleMean = 0, oracleBoth = 0, plugTruthStart = 0;
        var gaps = new System.Collections.Concurrent.ConcurrentBag<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Parallel.For(0, phantoms, new ParallelOptions { MaxDegreeOfParallelism = 2 }, r =>
        {
            var seed = seedBase + (ulong)r;
            var (truth, data) = TruthAndCounts.Draw(k, counts, side, channels, seed);
            var parameters = new BootstrapLrtParameters { Alpha = 0.05, Replicates = 39, MaxComponents = k + 1, Noise = CountNoise.Poisson, Restarts = 3 };
            var step = BootstrapLrtSolver.Run(data, n, m, parameters, new Xoshiro256StarStar(seed + 7), 1, null, default, k + 1).Steps[^1];
            var set = fitter.Prepare(data, n, m);
            var start = new RankFit(truth.TrueMaps, truth.TrueSpectra, k, 0, 0);
            var nullTruth = fitter.Refit(set, start, default);
            var tTruth = fitter.Statistic(set, nullTruth, fitter.Next(set, nullTruth, default));
            var plugMean = RankFitter.Model(nullTruth, n, m);
            int exMethod = 0, exTruth = 0, exPlug = 0;
            for (var b = 0; b < 39; b++)
            {
                var rs = new Xoshiro256StarStar(seed * 1000 + (ulong)b);
                var sample = fitter.Prepare(ReplicateDraw.Sample(truth.Data, CountNoise.Poisson, 1, rs), n, m);
                var nul = fitter.Refit(sample, start, default);
                var t = fitter.Statistic(sample, nul, fitter.Next(sample, nul, default));
                exMethod += t >= step.Statistic ? 1 : 0;
                exTruth += t >= tTruth ? 1 : 0;
                var sample2 = fitter.Prepare(ReplicateDraw.Sample(plugMean, CountNoise.Poisson, 1, rs.Derive("plug")), n, m);
                var nul2 = fitter.Refit(sample2, nullTruth, default);
                var t2 = fitter.Statistic(sample2, nul2, fitter.Next(sample2, nul2, default));
                exPlug += t2 >= tTruth ? 1 : 0;
            }

            if (step.Rejected) Interlocked.Increment(ref method);
            if (exMethod <= 1) Interlocked.Increment(ref oracleMean);
            if (exTruth <= 1) Interlocked.Increment(ref oracleBoth);
            if (exPlug <= 1) Interlocked.Increment(ref plugTruthStart);
            gaps.Add(string.Create(CultureInfo.InvariantCulture, $"{step.Statistic:F0}/{tTruth:F0}"));
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{side}x{side}x{channels} K={k} counts={counts}, {phantoms} phantoms, {clock.Elapsed.TotalSeconds:F0} s: method {method}; method T vs true-mean replicates {oracleMean}; truth-start T vs true-mean replicates {oracleBoth}; truth-start T vs plug-in replicates {plugTruthStart}"));
        Console.WriteLine("  T method/truth-start: " + string.Join(" ", gaps.Take(30)));
    }
}

/// <summary>
/// Mean of T under the true mean, under the plug-in null (first level) and under each replicate's own null (second
/// level, then third and fourth, each drawn from the previous level's null fit), per phantom (Poisson): how the plug-in
/// shortfall repeats and shrinks from level to level. `probeshift K counts side channels phantoms replicates seed`.
/// </summary>
internal static class ProbeShift
{
    public static void Run(int k, double counts, int side, int channels, int phantoms, int reps, ulong seedBase)
    {
        int n = side * side, m = channels;
        var fitter = new RankFitter(CountNoise.Poisson, 2000, 1e-8, 3);
        const int Levels = 5; // the truth, then levels 1–4, each drawn from the previous level's null fit
        var means = new double[phantoms][];
        var spreads = new double[phantoms][];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Parallel.For(0, phantoms, new ParallelOptions { MaxDegreeOfParallelism = 2 }, r =>
        {
            var seed = seedBase + (ulong)r;
            var (truth, start, plug, plugMean) = TruthAndCounts.PlugIn(fitter, k, counts, side, channels, seed);
            double Stat(double[] mean, RankFit from, IRandomSource rs, out RankFit nul)
            {
                var sample = fitter.Prepare(ReplicateDraw.Sample(mean, CountNoise.Poisson, 1, rs), n, m);
                nul = fitter.Refit(sample, from, default);
                return fitter.Statistic(sample, nul, fitter.Next(sample, nul, default));
            }

            string[] streams = ["truth", "first", "second", "third", "fourth"];
            var t = new double[Levels][];
            for (var level = 0; level < Levels; level++)
            {
                t[level] = new double[reps];
            }

            for (var b = 0; b < reps; b++)
            {
                var rs = new Xoshiro256StarStar(seed * 1000 + (ulong)b);
                t[0][b] = Stat(truth.Data, start, rs.Derive(streams[0]), out _);
                var from = plug;
                var mean = plugMean;
                for (var level = 1; level < Levels; level++)
                {
                    t[level][b] = Stat(mean, from, rs.Derive(streams[level]), out from);
                    mean = RankFitter.Model(from, n, m);
                }
            }

            means[r] = [.. t.Select(v => v.Average())];
            spreads[r] = [.. t.Select(Sd)];
        });
        double Mean(int level) => means.Average(x => x[level]);
        double Spread(int level) => spreads.Average(x => x[level]);
        var shifts = Enumerable.Range(1, Levels - 1).Select(level => means.Select(x => x[level - 1] - x[level]).ToArray()).ToArray();
        var shiftText = string.Join(", ", shifts.Select((d, i) => string.Create(CultureInfo.InvariantCulture, $"shift{i + 1} {d.Average():F1} (sd over phantoms {Sd(d):F1})")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{side}x{side}x{channels} K={k} counts={counts}, {phantoms} phantoms x {reps}, {clock.Elapsed.TotalSeconds:F0} s: mean T truth {Mean(0):F1}, plug-in {Mean(1):F1} (sd {Spread(1):F1}), second {Mean(2):F1}, third {Mean(3):F1}; {shiftText}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  spread of T within a phantom (mean over phantoms): truth {Spread(0):F1}, plug-in {Spread(1):F1}, second {Spread(2):F1}"));
        Console.WriteLine("  truth/first/second/third: " + string.Join(" ", means.Take(20).Select(x => string.Create(CultureInfo.InvariantCulture, $"{x[0]:F0}/{x[1]:F0}/{x[2]:F0}/{x[3]:F0}"))));
    }

    private static double Sd(double[] v)
    {
        var mean = v.Average();
        return Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / Math.Max(1, v.Length - 1));
    }
}

/// <summary>Phantoms whose true-K test the deeper levels re-examined: `probeoverturn K counts side channels first phantoms calibration`.</summary>
internal static class ProbeOverturn
{
    public static void Run(int k, double counts, int side, int channels, ulong first, int phantoms, int calibration)
    {
        for (var r = 0; r < phantoms; r++)
        {
            var seed = first + (ulong)r;
            var phantom = PhantomGenerator.Generate(new PhantomOptions { Rows = side, Cols = side, Channels = channels, Components = k, Counts = counts }, new Xoshiro256StarStar(seed));
            var parameters = new BootstrapLrtParameters { Alpha = 0.05, Replicates = 39, MaxComponents = k + 1, CalibrationReplicates = calibration };
            var step = BootstrapLrtSolver.Run(phantom.Data, side * side, channels, parameters, new Xoshiro256StarStar(seed + 7), 2, null, default, k + 1).Steps[^1];
            if (step.SecondLevel > 0)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"seed {seed}: T={step.Statistic:F1} shift={step.Shift:F2} third={step.ThirdLevel} exceed={step.Exceedances} p={step.PValue:G3} rejected={step.Rejected}"));
            }
        }
    }
}

/// <summary>A noise-free phantom (the true mean and factors) and one Poisson draw of it, as the calibration's gain path makes them.</summary>
internal static class TruthAndCounts
{
    public static (Phantom Truth, double[] Data) Draw(int k, double counts, int side, int channels, ulong seed)
    {
        var truth = PhantomGenerator.Generate(new PhantomOptions { Rows = side, Cols = side, Channels = channels, Components = k, Counts = counts, Noise = PhantomNoise.None }, new Xoshiro256StarStar(seed));
        var draw = new Xoshiro256StarStar(seed ^ 0x5DEECE66DUL);
        return (truth, [.. truth.Data.Select(mu => (double)draw.NextPoisson(mu))]);
    }

    /// <summary>The phantom, its true factors as a fit, and the data's null fit started there (the plug-in model) with its mean.</summary>
    public static (Phantom Truth, RankFit Start, RankFit Plug, double[] PlugMean) PlugIn(RankFitter fitter, int k, double counts, int side, int channels, ulong seed)
    {
        var (truth, data) = Draw(k, counts, side, channels, seed);
        var set = fitter.Prepare(data, side * side, channels);
        var start = new RankFit(truth.TrueMaps, truth.TrueSpectra, k, 0, 0);
        var plug = fitter.Refit(set, start, default);
        return (truth, start, plug, RankFitter.Model(plug, side * side, channels));
    }
}

/// <summary>
/// For phantoms whose true-K test the method rejects: the data's T against T from a null fit started at the true
/// factors (a stuck data null inflates T), with the gain estimate: `probestart K counts side channels first phantoms`.
/// </summary>
internal static class ProbeStart
{
    public static void Run(int k, double counts, int side, int channels, ulong first, int phantoms)
    {
        int n = side * side, m = channels;
        var fitter = new RankFitter(CountNoise.QuasiPoisson, 2000, 1e-8, 3);
        for (var r = 0; r < phantoms; r++)
        {
            var seed = first + (ulong)r;
            var phantom = PhantomGenerator.Generate(new PhantomOptions { Rows = side, Cols = side, Channels = channels, Components = k, Counts = counts }, new Xoshiro256StarStar(seed));
            var parameters = new BootstrapLrtParameters { Alpha = 0.05, Replicates = 39, MaxComponents = k + 1 };
            var step = BootstrapLrtSolver.Run(phantom.Data, n, m, parameters, new Xoshiro256StarStar(seed + 7), 2, null, default, k + 1).Steps[^1];
            if (!step.Rejected && step.SecondLevel == 0)
            {
                continue;
            }

            var set = fitter.Prepare(phantom.Data, n, m);
            var start = new RankFit(phantom.TrueMaps, phantom.TrueSpectra, k, 0, 0);
            var nullTruth = fitter.Refit(set, start, default);
            var alt = fitter.Next(set, nullTruth, default);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seed {seed}: rejected={step.Rejected} T={step.Statistic:F1} (null D {step.NullDeviance:F1}, phi {step.Dispersion:F3}); truth-start T={fitter.Statistic(set, nullTruth, alt):F1} (null D {nullTruth.Deviance:F1}, phi {fitter.Dispersion(set, alt):F3})"));
        }
    }
}

/// <summary>The whole test sequence of a calibration cell's power phantoms, test by test: `probepower K counts side channels phantoms`.</summary>
internal static class ProbePower
{
    public static void Run(int k, double counts, int side, int channels, int phantoms)
    {
        var cell = new Cell(side, side, channels, k, counts, 1, CountNoise.QuasiPoisson, phantoms, phantoms);
        Parallel.For(0, phantoms, new ParallelOptions { MaxDegreeOfParallelism = 2 }, r =>
        {
            var seed = cell.Seed + (ulong)r;
            var result = BootstrapLrtSolver.Run(
                CalibrationTable.Data(cell, seed), side * side, channels, CalibrationTable.Parameters(cell), new Xoshiro256StarStar(seed + 7), 1, null, default);
            var steps = string.Join("; ", result.Steps.Select(s => string.Create(CultureInfo.InvariantCulture,
                $"K={s.K} T={s.Statistic:F1} p={s.PValue:G3} e={s.Exceedances}/{s.Replicates} shift={s.Shift:F1} levels={s.SecondLevel}/{s.ThirdLevel}")));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"phantom {r}: answer {result.ComponentsFound}{(result.Stopped ? "" : "+")}: {steps}"));
        });
    }
}
