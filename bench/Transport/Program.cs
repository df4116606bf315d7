using System.Diagnostics;
using System.Globalization;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Transport.Barrier;
using Kiseki.Methods.Transport.DominantPointSearch;
using Kiseki.Methods.Transport.Grid;
using Kiseki.Methods.Transport.PesGrid;
using Kiseki.Methods.Transport.Sampling;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var mode = args.Length > 0 ? args[0] : "all";
var threads = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
var seeds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10;

var size = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 32;
var firstSeed = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1;
var grid3 = new PeriodicGrid([size, size, size]);
var perovskite = PesGridSolver.Perovskite(grid3, new PerovskiteTemplate(4.19, 2.0, 2.2, 0.97, 600, 100, 0.30));

if (mode is "micro")
{
    var fft = new GridFft(grid3);
    var re = new double[grid3.Count];
    var im = new double[grid3.Count];
    var rng = new Xoshiro256StarStar(3);
    var w = Stopwatch.StartNew();
    for (var r = 0; r < 50; r++) { fft.Transform(re, im, r % 2 == 0); }
    Console.WriteLine($"fft 32^3: {w.Elapsed.TotalMilliseconds / 50:F2} ms");
    w.Restart();
    for (var r = 0; r < 10; r++) { for (var i = 0; i < re.Length; i++) { re[i] = rng.NextGaussian(); im[i] = rng.NextGaussian(); } }
    Console.WriteLine($"2N gaussians: {w.Elapsed.TotalMilliseconds / 10:F2} ms");
    var ws = new BarrierWorkspace(grid3, Connectivity.Face);
    w.Restart();
    for (var r = 0; r < 20; r++) { ws.Solve(perovskite); }
    Console.WriteLine($"barrier 32^3: {w.Elapsed.TotalMilliseconds / 20:F2} ms");
    var keys = (double[])perovskite.Clone(); var items = new int[keys.Length];
    w.Restart();
    for (var r = 0; r < 20; r++) { Array.Copy(perovskite, keys, keys.Length); for (var i = 0; i < items.Length; i++) items[i] = i; Array.Sort(keys, items); }
    Console.WriteLine($"sort 32^3: {w.Elapsed.TotalMilliseconds / 20:F2} ms");
}

if (mode is "analytic")
{
    var grid2 = new PeriodicGrid([32, 32]);
    foreach (var (name, terms) in new[] { ("-cos2πx-cos2πy", new[] { new double[] { -1, 1, 0 }, [-1, 0, 1] }), ("-cos2πx-0.5cos2πy", [[-1, 1, 0], [-0.5, 0, 1]]) })
    {
        var e = PesGridSolver.Fourier(grid2, terms);
        var exact = BarrierSolver.Solve(e, grid2);
        var counts = new List<int>();
        var errors = new List<double>();
        for (var seed = 1; seed <= seeds; seed++)
        {
            var random = new Xoshiro256StarStar((ulong)seed);
            var options = new SearchOptions(20, 1024, 200, 20, 0.05, 10, SearchStrategy.Dominant, Connectivity.Face, PathDirection.Any, 3.0, threads);
            var outcome = DominantPointSolver.Run(grid2, e, options, random, new GpCoreFit(random.Derive("hyperparameters"), threads).Fit);
            counts.Add(outcome.Evaluated.Count);
            errors.Add(Math.Abs(outcome.Estimate.Barrier - exact.Barrier));
        }

        var sorted = counts.Order().ToArray();
        Console.WriteLine(FormattableString.Invariant(
            $"{name} 32x32: exact {exact.Barrier:F4}; evaluations median {sorted[sorted.Length / 2]} (min {sorted[0]}, max {sorted[^1]}) of 1024; max |error| {errors.Max():G3}"));
    }
}

if (mode is "fits")
{
    foreach (var n in new[] { 50, 100, 300 })
    {
        var random = new Xoshiro256StarStar(1);
        var points = random.SampleWithoutReplacement(grid3.Count, n);
        var min = points.Min(p => perovskite[p]);
        var targets = points.Select(p => Math.Min(perovskite[p], min + 3.0)).ToArray();
        var core = new GpCoreFit(random.Derive("fit"));
        Console.WriteLine($"n={n} core {core.Fit(grid3, points, targets)}");
        Console.WriteLine($"n={n} profile {ProfileLikelihoodFit.Fit(grid3, points, targets)}");
        var x = points.Select(p => SurfaceHyperparameters.Embed(grid3.FractionalOf(p))).ToArray();
        var model = Kiseki.Methods.Gaussian.GaussianProcess.Fit(x, targets, Kiseki.Methods.Gaussian.GpOptions.Default, random.Derive("x"));
        Console.WriteLine($"n={n} core default options {model.Hyperparameters} {model.Diagnostics}");
    }
}

if (mode is "explore")
{
    var sorted = perovskite.Order().ToArray();
    Console.WriteLine($"perovskite: min {sorted[0]:F3}, q10 {sorted[sorted.Length / 10]:F3}, median {sorted[sorted.Length / 2]:F3}, q90 {sorted[9 * sorted.Length / 10]:F3}, max {sorted[^1]:F1}");
    var exact = BarrierSolver.Solve(perovskite, grid3);
    Console.WriteLine($"exact barrier {exact.Barrier:F4} min {exact.MinimumEnergy:F4} bottleneck {exact.BottleneckEnergy:F4}");
    Console.WriteLine($"points below bottleneck: {perovskite.Count(e => e <= exact.BottleneckEnergy)}");
}

if (mode is "all" or "iteration")
{
    // One iteration: fit + 200 samples + barrier per sample on 32³, at several numbers of evaluated points.
    foreach (var n in new[] { 100, 300, 1000 })
    {
        var random = new Xoshiro256StarStar(1);
        var points = random.SampleWithoutReplacement(grid3.Count, n);
        var targets = points.Select(p => Math.Min(perovskite[p], -3.2 + 3.0)).ToArray();
        var walls = new bool[grid3.Count];
        for (var repeat = 0; repeat < 3; repeat++)
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var hp = new GpCoreFit(random.Derive("fit"), threads).Fit(grid3, points, targets);
            var fitTime = watch.Elapsed.TotalSeconds;
            var gp = new TorusGaussianProcess(grid3, hp);
            foreach (var (p, t) in points.Select((p, t) => (p, t)))
            {
                gp.Add(p, targets[t]);
            }

            var conditionTime = watch.Elapsed.TotalSeconds - fitTime;
            var stats = SampleStatistics.Draw(gp, grid3, walls, 200, Connectivity.Face, PathDirection.Any,
                random.Derive("s"), threads, CancellationToken.None);
            var total = watch.Elapsed.TotalSeconds;
            var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
            Console.WriteLine(FormattableString.Invariant(
                $"iteration 32^3 n={n} threads={threads}: fit {fitTime:F3} s, condition {conditionTime:F3} s, 200 samples+barriers {total - fitTime - conditionTime:F3} s, total {total:F3} s wall, {cpuSeconds:F3} s CPU (ell={hp.Length:F3})"));
        }
    }
}

if (mode is "quality")
{
    // Quality bar: median evaluations over seeds to return the exhaustive barrier within tolerance, vs random sampling.
    const double tolerance = 0.01; // eV
    var exact = BarrierSolver.Solve(perovskite, grid3);
    var budget = grid3.Count / 10 + 1;
    Console.WriteLine($"perovskite {size}^3 exact barrier {exact.Barrier:F4} eV; budget {budget}; tolerance {tolerance} eV; M = 200; threads {threads}");
    var evaluations = new List<double>();
    var randomBoth = new List<double>();
    var hits = 0;
    for (var seed = firstSeed; seed < firstSeed + seeds; seed++)
    {
        var watch = Stopwatch.StartNew();
        var random = new Xoshiro256StarStar((ulong)seed);
        var fit = new GpCoreFit(random.Derive("hyperparameters"), threads);
        var options = new SearchOptions(20, budget, 200, 20, 0.05, 10, SearchStrategy.Dominant, Connectivity.Face, PathDirection.Any, 3.0, threads);
        var outcome = DominantPointSolver.Run(grid3, perovskite, options, random, fit.Fit);
        var error = Math.Abs(outcome.Estimate.Barrier - exact.Barrier);
        var ok = error <= tolerance;
        hits += ok ? 1 : 0;
        evaluations.Add(outcome.Evaluated.Count);
        // Random baseline: evaluations until a uniformly random order has evaluated both exact dominant points.
        var order = Enumerable.Range(0, grid3.Count).ToArray();
        new Xoshiro256StarStar((ulong)seed).Derive("random-baseline").Shuffle(order.AsSpan());
        var both = Math.Max(Array.IndexOf(order, exact.MinimumIndex), Array.IndexOf(order, exact.BottleneckIndex)) + 1;
        randomBoth.Add(both);
        // Random sampling with the same number of evaluations and the same GP estimate.
        var randomOptions = options with { Strategy = SearchStrategy.Random, Budget = outcome.Evaluated.Count };
        var randomOutcome = DominantPointSolver.Run(grid3, perovskite, randomOptions, new Xoshiro256StarStar((ulong)seed),
            new GpCoreFit(new Xoshiro256StarStar((ulong)seed).Derive("hyperparameters"), threads).Fit);
        Console.WriteLine(FormattableString.Invariant(
            $"seed {seed}: {outcome.Evaluated.Count} evaluations ({100.0 * outcome.Evaluated.Count / grid3.Count:F2} %), estimate {outcome.Estimate.Barrier:F4} (error {error:F4}, within tol {ok}), {outcome.Trace.Count} iterations, {watch.Elapsed.TotalSeconds:F0} s, stop: {outcome.StopReason}; random same budget: estimate {randomOutcome.Estimate.Barrier:F4} (error {Math.Abs(randomOutcome.Estimate.Barrier - exact.Barrier):F4}); random order needs {both} evaluations to hold both dominant points"));
    }

    static (double Median, double Q1, double Q3) Quartiles(List<double> v)
    {
        var s = v.Order().ToArray();
        double Q(double p) { var x = p * (s.Length - 1); var lo = (int)Math.Floor(x); var hi = Math.Min(lo + 1, s.Length - 1); return s[lo] + ((x - lo) * (s[hi] - s[lo])); }
        return (Q(0.5), Q(0.25), Q(0.75));
    }

    var (m, q1, q3) = Quartiles(evaluations);
    var (rm, rq1, rq3) = Quartiles(randomBoth);
    Console.WriteLine(FormattableString.Invariant($"dominant search: median {m} evaluations (IQR {q1}-{q3}), {100 * m / grid3.Count:F2} % of grid; {hits}/{seeds} within tolerance"));
    Console.WriteLine(FormattableString.Invariant($"random order to hold both dominant points: median {rm} (IQR {rq1}-{rq3})"));
}

if (mode is "explore" or "search")
{
    var options = new SearchOptions(20, 3277, 200, 20, 0.05, 10, SearchStrategy.Dominant, Connectivity.Face, PathDirection.Any, 3.0, threads);
    var watch = Stopwatch.StartNew();
    var outcome = DominantPointSolver.Run(grid3, perovskite, options, new Xoshiro256StarStar(1),
        progress: new SyncProgress(f => Console.WriteLine($"  progress {f * options.Budget:F0} evaluations, {watch.Elapsed.TotalSeconds:F0} s")));
    Console.WriteLine($"search: {outcome.Evaluated.Count} evaluations, estimate {outcome.Estimate.Barrier:F4}, reason {outcome.StopReason}, {watch.Elapsed.TotalSeconds:F1} s");
    foreach (var row in outcome.Trace.Where((r, i) => i % 10 == 0 || i == outcome.Trace.Count - 1))
    {
        Console.WriteLine(FormattableString.Invariant(
            $"  it {row.Iteration} n {row.Evaluations} p {row.Score:F3} open {row.Unevaluated:F3} pmin {row.MaxPMinimum:F2} pbn {row.MaxPBottleneck:F2} med {row.SampleBarrierMedian:F3} est {row.Estimate:F4} ell {row.Length:F3} s {row.Scale:F3}"));
    }
}

/// <summary>Reports progress synchronously on the calling thread.</summary>
internal sealed class SyncProgress(Action<double> report) : IProgress<double>
{
    public void Report(double value) => report(value);
}
