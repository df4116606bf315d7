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

var grid3 = new PeriodicGrid([32, 32, 32]);
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
            var watch = Stopwatch.StartNew();
            var hp = ProfileLikelihoodFit.Fit(grid3, points, targets);
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
            Console.WriteLine(FormattableString.Invariant(
                $"iteration 32^3 n={n} threads={threads}: fit {fitTime:F3} s, condition {conditionTime:F3} s, 200 samples+barriers {total - fitTime - conditionTime:F3} s, total {total:F3} s (ell={hp.Length:F3})"));
        }
    }
}

if (mode is "explore" or "search")
{
    var options = new SearchOptions(20, 3277, 200, 20, 0.05, 10, SearchStrategy.Dominant, Connectivity.Face, PathDirection.Any, 3.0, threads);
    var watch = Stopwatch.StartNew();
    var outcome = DominantPointSolver.Run(grid3, perovskite, options, new Xoshiro256StarStar(1));
    Console.WriteLine($"search: {outcome.Evaluated.Count} evaluations, estimate {outcome.Estimate.Barrier:F4}, reason {outcome.StopReason}, {watch.Elapsed.TotalSeconds:F1} s");
    foreach (var row in outcome.Trace.Where((r, i) => i % 10 == 0 || i == outcome.Trace.Count - 1))
    {
        Console.WriteLine(FormattableString.Invariant(
            $"  it {row.Iteration} n {row.Evaluations} p {row.Score:F3} open {row.Unevaluated:F3} pmin {row.MaxPMinimum:F2} pbn {row.MaxPBottleneck:F2} med {row.SampleBarrierMedian:F3} est {row.Estimate:F4} ell {row.Length:F3} s {row.Scale:F3}"));
    }
}
