using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Kiseki.Abstractions.Methods;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Plots.Rendering;
using Kiseki.Methods.Spectral.Synthetic;
using Kiseki.Methods.Statistics.BootstrapLrt;

namespace Kiseki.Bench.Count;

/// <summary>One cell of the calibration table.</summary>
internal sealed record Cell(int Rows, int Cols, int Channels, int Components, double Counts, double Gain, CountNoise Noise, int SizePhantoms, int PowerPhantoms)
{
    public string Shape => $"{Rows}x{Cols}x{Channels}";

    public string Name => string.Create(CultureInfo.InvariantCulture, $"{Shape} K={Components} counts={Counts} gain={Gain} {Noise}");

    /// <summary>First phantom seed of the cell (FNV-1a of its name, so a cell keeps its phantoms when cells are reordered).</summary>
    public ulong Seed => Name.Aggregate(14695981039346656037UL, (h, ch) => (h ^ ch) * 1099511628211UL) & 0xFFFF_FFFF_FFFF_0000UL;
}

/// <summary>
/// Size (rejection rate of the true-K null, test K_true vs K_true + 1, run on its own) and power (rate of choosing
/// exactly K_true with the sequential rule) of the bootstrap LRT at α = 0.05, B = 39, per cell, over seeded phantoms.
/// Over-dispersed phantoms: data = g · Poisson(expected events), the counts of a detector with gain g.
/// </summary>
internal static class CalibrationTable
{
    private const double Alpha = 0.05;

    /// <summary>Random starts of the data's null fits (the method's default; KISEKI_BENCH_RESTARTS=0 probes the chain alone).</summary>
    private static readonly int Restarts = int.TryParse(Environment.GetEnvironmentVariable("KISEKI_BENCH_RESTARTS"), out var r) ? r : new BootstrapLrtParameters().Restarts;

    public static void Run(int phantoms, string output, int threads, int skip = 0)
    {
        // Size on every cell; power (the full sequence, all B replicates for every rejecting test) on fewer phantoms.
        // Ordered so that a run cut short has the most telling cells: the small shape at the lowest dose (refused, costs
        // nothing) and at 100 counts, the detector-gain rows and their Poisson control, the small shape at 20 and 1000
        // counts, then the larger shape.
        var cells = new List<Cell>();
        void Small(double counts)
        {
            foreach (var k in new[] { 2, 3, 4, 6 })
            {
                cells.Add(new Cell(8, 8, 32, k, counts, 1, CountNoise.QuasiPoisson, phantoms, phantoms / 10));
            }
        }

        Small(5);
        Small(100);
        foreach (var gain in new[] { 2.0, 5, 10 })
        {
            cells.Add(new Cell(8, 8, 32, 2, 100, gain, CountNoise.QuasiPoisson, phantoms, phantoms / 10));
        }

        // The same over-dispersed data under the pure Poisson model: what ignoring the gain does to the size.
        cells.Add(new Cell(8, 8, 32, 2, 100, 5, CountNoise.Poisson, phantoms / 5, 0));
        Small(20);
        Small(1000);
        foreach (var counts in new[] { 100.0, 20, 1000, 5 })
        {
            foreach (var k in new[] { 2, 3, 4, 6 })
            {
                cells.Add(new Cell(12, 12, 48, k, counts, 1, CountNoise.QuasiPoisson, phantoms / 2, phantoms / 20));
            }
        }

        var csv = new StringBuilder("shape,k_true,counts,gain,noise,size_phantoms,size_rejections,size,power_phantoms,power,seconds,refused\n");
        var results = new List<(Cell Cell, double Size, double Power)>();
        var all = Stopwatch.StartNew();
        // KISEKI_BENCH_CELLS=5,6,12 runs only the listed cells (indices in the order above).
        var only = Environment.GetEnvironmentVariable("KISEKI_BENCH_CELLS")?.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToHashSet();
        for (var index = skip; index < cells.Count; index++)
        {
            if (only is not null && !only.Contains(index))
            {
                continue;
            }

            // KISEKI_BENCH_POWER=0 measures the size alone (the power column is then NaN).
            var cell = Environment.GetEnvironmentVariable("KISEKI_BENCH_POWER") == "0" ? cells[index] with { PowerPhantoms = 0 } : cells[index];
            var clock = Stopwatch.StartNew();
            var rejected = new ConcurrentBag<int>();
            var correct = new ConcurrentBag<int>();
            var refused = new ConcurrentBag<string>();
            Parallel.For(0, cell.SizePhantoms, new ParallelOptions { MaxDegreeOfParallelism = threads }, r =>
            {
                try
                {
                    var (size, power) = One(cell, cell.Seed + (ulong)r, r < cell.PowerPhantoms);
                    if (size)
                    {
                        rejected.Add(r);
                    }

                    if (power)
                    {
                        correct.Add(r);
                    }
                }
                catch (MethodException error)
                {
                    refused.Add(error.Message);
                }
            });
            var sizeRate = refused.IsEmpty ? (double)rejected.Count / cell.SizePhantoms : double.NaN;
            var powerRate = refused.IsEmpty && cell.PowerPhantoms > 0 ? (double)correct.Count / cell.PowerPhantoms : double.NaN;
            results.Add((cell, sizeRate, powerRate));
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{cell.Shape},{cell.Components},{cell.Counts},{cell.Gain},{Name(cell.Noise)},{cell.SizePhantoms},{rejected.Count},{sizeRate:F3},{cell.PowerPhantoms},{powerRate:F3},{clock.Elapsed.TotalSeconds:F1},{refused.Count}");
            csv.AppendLine(line);
            Console.WriteLine(line);
            if (!refused.IsEmpty)
            {
                Console.WriteLine($"  refused: {refused.First()}");
            }

            File.WriteAllText(output + ".csv", csv.ToString());
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"calibration: {cells.Count} cells x {phantoms} phantoms in {all.Elapsed.TotalSeconds:F0} s"));
        File.WriteAllBytes(output + ".png", Plot(results, phantoms).Png);
    }

    /// <summary>One phantom: (the K_true vs K_true+1 test rejected, the sequential rule chose K_true).</summary>
    internal static (bool Size, bool Power) One(Cell cell, ulong seed, bool withPower)
    {
        var (data, parameters) = (Data(cell, seed), Parameters(cell));
        int n = cell.Rows * cell.Cols, m = cell.Channels;
        var stream = new Xoshiro256StarStar(seed + 7);
        var sizeTest = BootstrapLrtSolver.Run(data, n, m, parameters, stream, 1, null, default, cell.Components + 1).Steps[^1];
        if (!withPower)
        {
            return (sizeTest.Rejected, false);
        }

        // The K_true+1 test draws from its own labelled streams, so the sequence ends with the same test when it gets there.
        var sequence = BootstrapLrtSolver.Run(data, n, m, parameters, stream, 1, null, default);
        return (sizeTest.Rejected, sequence.Stopped && sequence.ComponentsFound == cell.Components);
    }

    /// <summary>The phantom of <paramref name="cell"/> drawn from <paramref name="seed"/>: Poisson counts, or g · Poisson for a gain g.</summary>
    internal static double[] Data(Cell cell, ulong seed)
    {
        var phantom = PhantomGenerator.Generate(
            new PhantomOptions
            {
                Rows = cell.Rows, Cols = cell.Cols, Channels = cell.Channels, Components = cell.Components, Counts = cell.Counts,
                Noise = cell.Gain == 1 ? PhantomNoise.Poisson : PhantomNoise.None,
            },
            new Xoshiro256StarStar(seed));
        var data = phantom.Data;
        if (cell.Gain != 1)
        {
            var noise = new Xoshiro256StarStar(seed ^ 0x5DEECE66DUL);
            data = [.. data.Select(mu => cell.Gain * noise.NextPoisson(mu))];
        }

        return data;
    }

    /// <summary>The test's settings in every cell: α = 0.05, B = 39, up to K_true + 1 components.</summary>
    internal static BootstrapLrtParameters Parameters(Cell cell)
        => new() { Alpha = Alpha, Replicates = 39, MaxComponents = cell.Components + 1, Noise = cell.Noise, Restarts = Restarts };

    /// <summary>Draws the size plot from a CSV this table wrote (also from a partial run).</summary>
    public static void PlotCsv(string csvPath, string pngPath)
    {
        var results = new List<(Cell Cell, double Size, double Power)>();
        var sizeCount = 0;
        foreach (var line in File.ReadAllLines(csvPath).Skip(1).Where(l => l.Length > 0))
        {
            var f = line.Split(',');
            var shape = f[0].Split('x').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            var size = double.Parse(f[7], CultureInfo.InvariantCulture);
            var phantoms = int.Parse(f[5], CultureInfo.InvariantCulture);
            sizeCount = Math.Max(sizeCount, phantoms);
            var cell = new Cell(
                shape[0], shape[1], shape[2], int.Parse(f[1], CultureInfo.InvariantCulture), double.Parse(f[2], CultureInfo.InvariantCulture),
                double.Parse(f[3], CultureInfo.InvariantCulture), f[4] == "poisson" ? CountNoise.Poisson : CountNoise.QuasiPoisson, phantoms, 0);
            results.Add((cell, size, double.NaN));
        }

        File.WriteAllBytes(pngPath, Plot(results, sizeCount).Png);
    }

    private static string Range(IEnumerable<(Cell Cell, double Size, double Power)> cells)
    {
        var counts = cells.Select(c => c.Cell.SizePhantoms).Distinct().Order().ToArray();
        return counts.Length == 0 ? "none" : counts.Length == 1 ? $"{counts[0]}" : $"{counts[0]}-{counts[^1]}";
    }

    private static string Name(CountNoise noise) => noise == CountNoise.QuasiPoisson ? "quasi-poisson" : noise.ToString().ToLowerInvariant();

    private static Kiseki.Abstractions.Artifacts.Figure Plot(List<(Cell Cell, double Size, double Power)> results, int phantoms)
    {
        var series = new List<PlotSeries>();
        foreach (var group in results.Where(r => r.Cell.Gain == 1 && !double.IsNaN(r.Size)).OrderBy(r => r.Cell.Counts).GroupBy(r => (r.Cell.Shape, r.Cell.Components)))
        {
            series.Add(new PlotSeries(
                $"size {group.Key.Shape} K={group.Key.Components}",
                [.. group.Select(r => r.Size)], [.. group.Select(r => Math.Log10(r.Cell.Counts))]));
        }

        var bound = Alpha + (2 * Math.Sqrt(Alpha * (1 - Alpha) / phantoms));
        series.Add(new PlotSeries("alpha = 0.05", [Alpha, Alpha], [Math.Log10(5), 3]));
        series.Add(new PlotSeries("alpha + 2 MC s.e.", [bound, bound], [Math.Log10(5), 3]));
        return PlotRenderer.Lines(
            $"LRT size, alpha = 0.05, B = 39 ({phantoms} phantoms/point on 8x8x32, {Range(results.Where(r => r.Cell.Rows == 12))} on 12x12x48)", "log10 counts per pixel",
            "rejection rate of the true K", null, series, new PlotOptions { Width = 1000, Height = 600, MarkerSize = 6 });
    }
}
