using System.Diagnostics;
using System.Globalization;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Nmf.Ard;
using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Bench.Nmf;

/// <summary>
/// <c>engine</c> mode: writes the phantom as a <c>.npy</c> (or takes <c>--npy FILE</c>), runs read → fit through
/// <c>kiseki run</c> for each iteration count, and with <c>--kernel</c> the same fits in process on the same file.
/// Two iteration counts (<c>--iterations 5,65</c>) give the per-iteration cost as a difference, free of start-up.
/// </summary>
internal static class EngineBench
{
    public static void Run(List<string> args)
    {
        string? Arg(string name) { var i = args.IndexOf(name); return i >= 0 && i + 1 < args.Count ? args[i + 1] : null; }
        var folder = Path.GetFullPath(Arg("--work") ?? Path.Combine(Path.GetTempPath(), "kiseki-nmf-engine"));
        Directory.CreateDirectory(folder);
        var k = int.Parse(Arg("--components") ?? "4", CultureInfo.InvariantCulture);
        var counts = (Arg("--iterations") ?? "5,65").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var methods = (Arg("--methods") ?? "nmf").Split(',');
        var npy = Arg("--npy");
        var generated = npy is null;
        if (npy is null)
        {
            var sizeAt = args.IndexOf("--size");
            int rows = 128, cols = 128, channels = 1024;
            if (sizeAt >= 0)
            {
                rows = int.Parse(args[sizeAt + 1], CultureInfo.InvariantCulture);
                cols = int.Parse(args[sizeAt + 2], CultureInfo.InvariantCulture);
                channels = int.Parse(args[sizeAt + 3], CultureInfo.InvariantCulture);
            }

            npy = Path.Combine(folder, $"phantom-{rows}x{cols}x{channels}-{(args.Contains("--float32") ? "f4" : "f8")}.npy");
            WritePhantom(npy, rows, cols, channels, k, args.Contains("--float32"));
            GC.Collect(); // the generated matrix is not kept while kiseki runs
        }

        Console.WriteLine($"engine bench on {npy} ({new FileInfo(npy).Length / 1e9:F2} GB), {Environment.ProcessorCount} cores");
        foreach (var method in methods)
        {
            var fits = new List<double>();
            var cpus = new List<double>();
            foreach (var n in counts)
            {
                var result = EngineRun.Run(folder, npy, method, k, n, 0.1);
                var steps = string.Join(" ", result.Steps.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key}_s={s.Value:F2}")));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"kiseki run {method} K={k} iterations={n} {steps} wall_s={result.WallSeconds:F2} cpu_s={result.CpuSeconds:F2} peak_rss_gb={result.PeakRssBytes / 1e9:F2}"));
                fits.Add(result.Steps.GetValueOrDefault("fit"));
                cpus.Add(result.CpuSeconds);
            }

            if (counts.Length == 2)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"kiseki run {method} seconds_per_iteration={(fits[1] - fits[0]) / (counts[1] - counts[0]):F4} " +
                    $"cpu_seconds_per_iteration={(cpus[1] - cpus[0]) / (counts[1] - counts[0]):F4} (difference of {counts[1]} and {counts[0]} iterations)"));
            }

            if (args.Contains("--kernel"))
            {
                Kernel(npy, method, k, counts);
            }

            if (args.Contains("--method") && method == "nmf")
            {
                InProcessMethod(npy, k, counts);
            }
        }

        if (generated && !args.Contains("--keep"))
        {
            File.Delete(npy);
        }
    }

    private static void Kernel(string npy, string method, int k, int[] counts)
    {
        NmfMatrix x;
        using (var file = File.OpenRead(npy))
        {
            x = NmfMatrix.FromArray(NpyFormat.Read(file));
        }

        var seconds = new List<double>();
        var cpus = new List<double>();
        foreach (var n in counts)
        {
            var options = new NmfSolverOptions
            {
                Components = k, Orthogonality = method is "nmf-so" or "nmf-ard-so" ? 0.1 : 0, Restarts = 1,
                MaxIterations = n, MinIterations = n, Tolerance = 1e-6, Threads = Environment.ProcessorCount,
                SinglePass = method == "nmf",
            };
            var process = Process.GetCurrentProcess();
            var cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            _ = method == "nmf-ard-so"
                ? ArdSoSolver.Fit(x, options, new Xoshiro256StarStar(1), default).Objective.Length
                : HalsSolver.Fit(x, options, new Xoshiro256StarStar(1), default).Objective.Length;
            seconds.Add(clock.Elapsed.TotalSeconds);
            process.Refresh();
            var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
            cpus.Add(cpu);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"kernel {method} K={k} iterations={n} wall_s={seconds[^1]:F2} cpu_s={cpu:F2}"));
        }

        if (counts.Length == 2)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"kernel {method} seconds_per_iteration={(seconds[1] - seconds[0]) / (counts[1] - counts[0]):F4} " +
                $"cpu_seconds_per_iteration={(cpus[1] - cpus[0]) / (counts[1] - counts[0]):F4} (difference of {counts[1]} and {counts[0]} iterations)"));
        }
    }

    /// <summary>The same fits through <c>spectral.nmf@2</c>'s method class in process (no engine): method vs engine overhead.</summary>
    private static void InProcessMethod(string npy, int k, int[] counts)
    {
        NdArray data;
        using (var file = File.OpenRead(npy))
        {
            data = NpyFormat.Read(file);
        }

        var image = Kiseki.Abstractions.Artifacts.SpectrumImage.FromArray(data);
        var seconds = new List<double>();
        var cpus = new List<double>();
        foreach (var n in counts)
        {
            var parameters = new NmfParameters { Components = k, Restarts = 1, MaxIterations = n, MinIterations = n };
            var context = Kiseki.Abstractions.Methods.MethodContext.CreateStandalone(1, Environment.ProcessorCount);
            var process = Process.GetCurrentProcess();
            var cpu0 = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            _ = new NmfMethod().RunAsync(new Kiseki.Methods.Spectral.Nmf.NmfInputs { Image = image }, parameters, context, default).AsTask().Result;
            seconds.Add(clock.Elapsed.TotalSeconds);
            process.Refresh();
            cpus.Add((process.TotalProcessorTime - cpu0).TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"method nmf K={k} iterations={n} wall_s={seconds[^1]:F2} cpu_s={cpus[^1]:F2}"));
        }

        if (counts.Length == 2)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"method nmf seconds_per_iteration={(seconds[1] - seconds[0]) / (counts[1] - counts[0]):F4} " +
                $"cpu_seconds_per_iteration={(cpus[1] - cpus[0]) / (counts[1] - counts[0]):F4} (difference of {counts[1]} and {counts[0]} iterations)"));
        }
    }

    private static void WritePhantom(string path, int rows, int cols, int channels, int k, bool single)
    {
        if (File.Exists(path))
        {
            return;
        }

        var x = Phantom.Make(rows, cols, channels, k, single);
        var array = single ? NdArray.Create(x.Singles!, rows, cols, channels) : NdArray.Create(x.Doubles!, rows, cols, channels);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        NpyFormat.Write(stream, array);
    }
}
