using System.Globalization;
using Kiseki.Abstractions.Methods;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Transport.Barrier;
using Kiseki.Methods.Transport.DominantPointCampaign;
using Kiseki.Methods.Transport.Grid;
using Kiseki.Methods.Transport.PesGrid;

namespace Kiseki.Bench.Campaign;

/// <summary>
/// Evaluations until the exact barrier is known, on the perovskite-like proton template (the surface the shipped
/// Python evaluator computes): (a) "found" = a point at the exact minimum energy and one at the exact bottleneck energy
/// have both been evaluated; (b) for the dominant search also "estimate exact" = the first iteration whose barrier
/// estimate equals the exact barrier (to 1e-9 eV) and stays so. Random sampling evaluates points in a uniformly random
/// order; its (a) is read off the permutation.
/// </summary>
internal static class Reach
{
    public static async Task RunAsync(int seeds, int budget, int size)
    {
        var grid = new PeriodicGrid([size, size, size]);
        var template = new PerovskiteTemplate(4.19, 2.0, 2.2, 0.97, 600, 100, 0.30);
        var energies = PesGridSolver.Perovskite(grid, template);
        var exact = BarrierSolver.Solve(energies, grid);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"perovskite template {size}³ ({grid.Count} points): exact barrier {exact.Barrier:F6} eV; budget {budget}, 200 posterior samples, {seeds} seeds"));
        Console.WriteLine("  seed  random:found  dominant q=1: found / estimate exact / stopped   dominant q=4: found / estimate exact / stopped   random GP estimate |error| (eV) at 150 / 300 / 600");
        var rows = new List<double[]>();
        for (var seed = 1; seed <= seeds; seed++)
        {
            var random = RandomFound(grid, energies, exact, (ulong)seed);
            var one = await Dominant(grid, template, energies, exact, (ulong)seed, budget, 1);
            var four = await Dominant(grid, template, energies, exact, (ulong)seed, budget, 4);
            rows.Add([random, one.Found, one.Estimate, one.Total, four.Found, four.Estimate, four.Total]);
            var errors = new List<double>();
            foreach (var b in new[] { 150, 300, 600 })
            {
                errors.Add(await RandomError(grid, template, exact, (ulong)seed, b));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {seed,4}  {random,12}  {one.Found,18} / {one.Estimate,14} / {one.Total,7}   {four.Found,18} / {four.Estimate,14} / {four.Total,7}   {errors[0]:F4} / {errors[1]:F4} / {errors[2]:F4}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  median {Median(rows, 0),10}  {Median(rows, 1),18} / {Median(rows, 2),14} / {Median(rows, 3),7}   {Median(rows, 4),18} / {Median(rows, 5),14} / {Median(rows, 6),7}"));
        var many = Enumerable.Range(1, 1000).Select(s => RandomFound(grid, energies, exact, (ulong)(1000 + s))).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  random sampling over 1000 seeds: median {Median(many)} evaluations, mean {many.Average():F0}"));
        Console.WriteLine("  (-1: not within the budget)");
    }

    private static double RandomFound(PeriodicGrid grid, double[] energies, BarrierResult exact, ulong seed)
    {
        var order = Enumerable.Range(0, grid.Count).ToArray();
        new Xoshiro256StarStar(seed).Shuffle(order.AsSpan());
        return Found(order.Select(i => energies[i]), exact);
    }

    private static async Task<(double Found, double Estimate, double Total)> Dominant(
        PeriodicGrid grid, PerovskiteTemplate template, double[] energies, BarrierResult exact, ulong seed, int budget, int batch)
    {
        var evaluator = new FunctionEvaluator(p => template.Energy(p["x"], p["y"], p["z"]));
        var context = new MethodContext
        {
            StepId = "search", Seed = seed, Random = new Xoshiro256StarStar(seed), Log = NullStepLog.Instance,
            Progress = new Progress<StepProgress>(), ScratchDirectory = Path.GetTempPath(), Evaluator = evaluator,
            MaxDegreeOfParallelism = Environment.ProcessorCount,
        };
        var size = grid.Shape[0];
        var result = await new DominantPointCampaignMethod().RunAsync(
            new DominantPointCampaignInputs(),
            new DominantPointCampaignParameters { Grid = [size, size, size], Budget = budget, BatchSize = batch, Samples = 200 }, context, default);
        var outputs = result.Outputs;
        var found = Found(outputs.Evaluations["energy"].Numbers!, exact);
        var estimates = outputs.Trace["estimate"].Numbers!;
        var counts = outputs.Trace["evaluations"].Numbers!;
        var first = -1.0;
        for (var t = estimates.Length - 1; t >= 0 && Math.Abs(estimates[t] - exact.Barrier) < 1e-9; t--)
        {
            first = counts[t];
        }

        return (found, first, outputs.Evaluations.RowCount);
    }

    /// <summary>|estimate − exact| of the random strategy (GP posterior mean plus the evaluated energies) after <paramref name="budget"/> points.</summary>
    private static async Task<double> RandomError(PeriodicGrid grid, PerovskiteTemplate template, BarrierResult exact, ulong seed, int budget)
    {
        var context = new MethodContext
        {
            StepId = "random", Seed = seed, Random = new Xoshiro256StarStar(seed), Log = NullStepLog.Instance,
            Progress = new Progress<StepProgress>(), ScratchDirectory = Path.GetTempPath(),
            Evaluator = new FunctionEvaluator(p => template.Energy(p["x"], p["y"], p["z"])), MaxDegreeOfParallelism = Environment.ProcessorCount,
        };
        var size = grid.Shape[0];
        var result = await new DominantPointCampaignMethod().RunAsync(
            new DominantPointCampaignInputs(),
            new DominantPointCampaignParameters
            {
                Grid = [size, size, size], Budget = budget, Samples = 200, Strategy = Methods.Transport.DominantPointSearch.SearchStrategy.Random,
            },
            context, default);
        return Math.Abs(result.Outputs.Barrier.Value["barrier"]!.GetValue<double>() - exact.Barrier);
    }

    /// <summary>Evaluations until both the exact minimum and bottleneck energies were seen (−1 if never).</summary>
    private static double Found(IEnumerable<double> values, BarrierResult exact)
    {
        bool minimum = false, bottleneck = false;
        var n = 0;
        foreach (var e in values)
        {
            n++;
            minimum |= Math.Abs(e - exact.MinimumEnergy) < 1e-9;
            bottleneck |= Math.Abs(e - exact.BottleneckEnergy) < 1e-9;
            if (minimum && bottleneck)
            {
                return n;
            }
        }

        return -1;
    }

    private static double Median(List<double[]> rows, int column) => Median([.. rows.Select(r => r[column])]);

    private static double Median(double[] values)
    {
        var sorted = values.Select(v => v < 0 ? double.PositiveInfinity : v).Order().ToArray();
        var m = sorted[sorted.Length / 2];
        return double.IsPositiveInfinity(m) ? -1 : m;
    }
}
