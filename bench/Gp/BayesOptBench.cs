using System.Diagnostics;
using System.Globalization;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Gaussian.BayesOpt;

namespace Kiseki.Bench.Gp;

/// <summary>
/// gp.bayes-opt on PHYSBO's Cu Σ5(210) grain-boundary table: evaluations until the best energy is within 1e-3 of the
/// global minimum 0.957450, median over seeds, against random search on the same seeds.
/// </summary>
internal static class BayesOptBench
{
    private const double GlobalMinimum = 0.957450;

    public static void Run(string path, int seeds, BayesOptAcquisition acquisition, int budget, int firstSeed = 1)
    {
        var table = Table.ParseCsv(File.ReadAllText(path), path);
        var energy = table["gb_energy"].Numbers!;
        var names = new[] { "dx", "gb", "dz" };
        var features = BayesOptMethod.Standardise(names.Select(n => table[n].Numbers!).ToArray(), out _);
        var target = GlobalMinimum + 1e-3;
        var hits = energy.Count(e => e <= target);
        Console.WriteLine($"s5-210: {energy.Length} candidates, {hits} within 1e-3 of {GlobalMinimum}; acquisition {acquisition}, budget {budget}");
        var bo = new List<double>();
        var rnd = new List<double>();
        for (var seed = firstSeed; seed < firstSeed + seeds; seed++)
        {
            var watch = Stopwatch.StartNew();
            var settings = new BayesOptSettings
            {
                Acquisition = acquisition, Budget = budget, InitialPoints = 10, StopAt = -target,
                MaxDegreeOfParallelism = Environment.ProcessorCount,
            };
            var result = BayesOptSolver.Run(features, i => -energy[i], settings, new Xoshiro256StarStar((ulong)seed));
            var reached = result.Values.Max() >= -target ? result.Values.Length : double.PositiveInfinity;
            var random = BayesOptSolver.Run(
                features, i => -energy[i], settings with { Acquisition = BayesOptAcquisition.Random, Budget = energy.Length },
                new Xoshiro256StarStar((ulong)seed));
            bo.Add(reached);
            rnd.Add(random.Values.Length);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"seed {seed,2}: BO {reached,5} evaluations (best {-result.Values.Max():F6}, {watch.Elapsed.TotalSeconds:F1} s, {result.Refits} refits, {result.LastHyperparameters}); random {random.Values.Length,5}"));
        }

        var mb = Median(bo);
        var mr = Median(rnd);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median evaluations: BO {mb}, random {mr} (expected for random ≈ {energy.Length * Math.Log(2) / hits:F0}); ratio {mr / mb:F1}× (bar: ≥ 5×)"));
    }

    private static double Median(List<double> v)
    {
        var s = v.Order().ToArray();
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }
}
