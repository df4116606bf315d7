using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Precipitate.LowErrorRegion;
using Kiseki.Methods.Precipitate.SyntheticObservations;

namespace Kiseki.Bench.Gp;

/// <summary>
/// precipitate.low-error-region on the synthetic experiment (ε = 0.05, γ = 0.10 J/m², R = 2–40 nm, 5 % noise,
/// 50×50 grid): evaluations to reach F1 ≥ 0.95 per strategy, median over seeds.
/// </summary>
internal static class RegionBench
{
    public static void Run(int seeds, RegionStrategy[] strategies, int gridSize, bool verbose)
    {
        var observations = new SyntheticObservationsMethod().RunAsync(
            new NoInputs(), new SyntheticObservationsParameters(), MethodContext.CreateStandalone(2019), CancellationToken.None)
            .AsTask().GetAwaiter().GetResult().Outputs.Observations;
        Console.WriteLine("observations:\n" + observations.ToCsv());
        foreach (var strategy in strategies)
        {
            var counts = new List<double>();
            for (var seed = 1; seed <= seeds; seed++)
            {
                var watch = Stopwatch.StartNew();
                var result = new LowErrorRegionMethod().RunAsync(
                    new LowErrorRegionInputs { Observations = observations },
                    new LowErrorRegionParameters { Strategy = strategy, GridSize = gridSize, StopAtTarget = true },
                    MethodContext.CreateStandalone((ulong)seed), CancellationToken.None).AsTask().GetAwaiter().GetResult();
                var json = (JsonObject)result.Outputs.EvaluationsToTarget.Value;
                var reached = json["evaluations"]?.GetValue<int>();
                counts.Add(reached ?? double.PositiveInfinity);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{strategy,-12} seed {seed,2}: {(reached is null ? "not reached" : reached.ToString())} evaluations (final F1 {json["final_f1"]}, region {json["true_region_points"]} of {json["grid_points"]} points, {watch.Elapsed.TotalSeconds:F1} s)"));
                if (verbose)
                {
                    var f1 = result.Outputs.F1Curve;
                    for (var r = 0; r < f1.RowCount; r += 10)
                    {
                        Console.WriteLine($"   n={f1["evaluations"].Numbers![r]} f1={f1["f1"].Numbers![r]:F3} p={f1["precision"].Numbers![r]:F3} r={f1["recall"].Numbers![r]:F3}");
                    }
                }
            }

            var sorted = counts.Order().ToArray();
            var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : 0.5 * (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{strategy}: median evaluations to F1 ≥ 0.95 = {median} ({median / (gridSize * gridSize):P1} of the grid)"));
        }
    }
}
