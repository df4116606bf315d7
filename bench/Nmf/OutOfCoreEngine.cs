using System.Globalization;
using Kiseki.Abstractions.Arrays;

namespace Kiseki.Bench.Nmf;

/// <summary>
/// <c>outofcore --engine</c>: <c>kiseki run</c> of read → NMF-SO (or β-NMF KL, <c>spectral.beta-nmf@3</c>, with
/// <c>--method beta-nmf</c>) on the file (io.read-spectrum-image copies it into the store by blocks when it is over the
/// array memory budget; the fit streams the stored array by rows). Prints the read and fit step times, the peak RSS of
/// the kiseki process, and the fit's wall time against the read time of its passes over the stored array (timed here,
/// after the run, with the same blocks and threads as the kernels).
/// </summary>
internal static class OutOfCoreEngine
{
    public static void Run(string path, string method, int k, int iterations, int threads, long? budget, bool keep, string? precision)
    {
        if (method is not ("nmf-so" or "beta-nmf"))
        {
            throw new ArgumentException($"--method must be nmf-so or beta-nmf, got {method}");
        }

        var folder = Path.Combine(Path.GetDirectoryName(path)!, "kiseki-ooc-engine");
        var result = EngineRun.Run(folder, path, method, k, iterations, 0.1, budget, keepStore: true, precision);
        var store = EngineRun.StorePath(folder, method, iterations);
        try
        {
            var stored = new DirectoryInfo(Path.Combine(store, "objects")).EnumerateFiles("*", SearchOption.AllDirectories)
                .MaxBy(f => f.Length)!;
            using var file = RowFile.OpenNpy(stored.FullName);
            double readPass = double.PositiveInfinity, rawPass = double.PositiveInfinity;
            for (var pass = 0; pass < 2; pass++)
            {
                var clock = System.Diagnostics.Stopwatch.StartNew();
                _ = OutOfCoreBench.ReadPass(file, threads);
                readPass = Math.Min(readPass, clock.Elapsed.TotalSeconds);
                clock.Restart();
                _ = OutOfCoreBench.RawReadPass(file, threads);
                rawPass = Math.Min(rawPass, clock.Elapsed.TotalSeconds);
            }

            // NMF-SO: the scan for ‖X‖² and the checks, two passes per sweep (XᵀC, X·S) and the residual pass. β-NMF @3: the
            // scan, the first spectra sums and one pass per sweep (the per-pixel divergence comes from the last one).
            var passes = method == "nmf-so" ? 1 + (2 * iterations) + 1 : 1 + 1 + iterations;
            var fit = result.Steps.GetValueOrDefault("fit");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"kiseki run {method} K={k} iterations={iterations} precision={precision ?? "float64"} stored={stored.Length / 1e9:F2} GB read_step_s={result.Steps.GetValueOrDefault("read"):F2} " +
                $"fit_s={fit:F2} wall_s={result.WallSeconds:F2} cpu_s={result.CpuSeconds:F2} kiseki_peak_rss_gb={result.PeakRssBytes / 1e9:F2}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"fit passes={passes} read_pass_s={readPass:F2} read_time_of_passes_s={passes * readPass:F2} ratio={fit / (passes * readPass):F2} " +
                $"raw_read_pass_s={rawPass:F2} raw_read_time_of_passes_s={passes * rawPass:F2} ratio_to_raw={fit / (passes * rawPass):F2}"));
        }
        finally
        {
            if (!keep)
            {
                Directory.Delete(store, recursive: true);
            }
        }
    }
}
