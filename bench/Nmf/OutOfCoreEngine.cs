using System.Globalization;
using Kiseki.Abstractions.Arrays;

namespace Kiseki.Bench.Nmf;

/// <summary>
/// <c>outofcore --engine</c>: <c>kiseki run</c> of read → NMF-SO on the file (io.read-spectrum-image copies it into
/// the store by blocks when it is over the array memory budget; the fit streams the stored array by rows). Prints the
/// read and fit step times, the peak RSS of the kiseki process, and the fit's wall time against the read time of
/// its passes over the stored array (timed here, after the run, with the same blocks and threads as the kernels).
/// </summary>
internal static class OutOfCoreEngine
{
    public static void Run(string path, int k, int iterations, int threads, long? budget, bool keep)
    {
        var folder = Path.Combine(Path.GetDirectoryName(path)!, "kiseki-ooc-engine");
        var result = EngineRun.Run(folder, path, "nmf-so", k, iterations, 0.1, budget, keepStore: true);
        var store = EngineRun.StorePath(folder, "nmf-so", iterations);
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

            // The scan for ‖X‖² and the checks, two passes per sweep (XᵀC, X·S) and the residual pass.
            var passes = 1 + (2 * iterations) + 1;
            var fit = result.Steps.GetValueOrDefault("fit");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"kiseki run nmf-so K={k} iterations={iterations} stored={stored.Length / 1e9:F2} GB read_step_s={result.Steps.GetValueOrDefault("read"):F2} " +
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
