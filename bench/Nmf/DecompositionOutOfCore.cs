using System.Diagnostics;
using System.Globalization;
using Kiseki.Abstractions.Arrays;
using Kiseki.Methods.Spectral.Decomposition;

namespace Kiseki.Bench.Nmf;

/// <summary>
/// <c>pca-outofcore</c>: <c>kiseki run</c> of read → spectral.pca@1 and read → spectral.svd@1 on a spectrum image
/// file, out of core (<c>KISEKI_ARRAY_BUDGET</c>, default 0: every image over it), each under <c>/usr/bin/time -v</c>
/// in one store (the second run reuses the stored image). Prints each step's time, the process's wall, CPU and peak RSS,
/// the passes the method makes over X and the ratio of the step time to the read time of that many passes (timed after
/// the runs over the stored array: raw bytes, and converted to float64 in the methods' 256-row chunks). With
/// <c>--peer</c> scikit-learn's IncrementalPCA runs on <c>--peer-file</c> (default the same file) through a memory
/// map in row batches, timed the same way.
/// </summary>
internal static class DecompositionOutOfCore
{
    public static void Run(List<string> args)
    {
        string? Arg(string name) { var i = args.IndexOf(name); return i >= 0 && i + 1 < args.Count ? args[i + 1] : null; }
        var path = Path.GetFullPath(Arg("--file") ?? Path.Combine(Path.GetTempPath(), "kiseki-ooc.npy"));
        var k = int.Parse(Arg("--components") ?? "8", CultureInfo.InvariantCulture);
        var budget = long.Parse(Arg("--budget") ?? "0", CultureInfo.InvariantCulture);
        var threads = int.Parse(Arg("--threads") ?? Environment.ProcessorCount.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        var methods = (Arg("--methods") ?? "pca,svd").Split(',');
        var poisson = args.Contains("--poisson");
        var makeAt = args.IndexOf("--make");
        if (makeAt >= 0)
        {
            var size = args.Skip(makeAt + 1).Take(3).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
            var clock = Stopwatch.StartNew();
            OutOfCoreBench.Write(path, size[0], size[1], size[2], k);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"wrote {path} ({size[0]}x{size[1]}x{size[2]} uint16, {new FileInfo(path).Length / 1e9:F2} GB) in {clock.Elapsed.TotalSeconds:F1} s"));
        }

        var folder = Path.Combine(Path.GetDirectoryName(path)!, "kiseki-pca-ooc");
        var store = Path.Combine(folder, ".kiseki");
        if (Directory.Exists(store))
        {
            Directory.Delete(store, recursive: true);
        }

        Directory.CreateDirectory(folder);
        try
        {
            var results = methods.Select(method => (Method: method, Result: EngineRun.RunWorkflow(Workflow(folder, path, method, k, poisson), store, budget))).ToList();
            var (readPass, rawPass) = ReadPasses(store, threads);
            foreach (var (method, result) in results)
            {
                var step = result.Steps.GetValueOrDefault(method);
                // PCA: scan, (scaled means), Gram, scores + residual; SVD: scan, Gram, maps + residual.
                var passes = 3 + (poisson && method == "pca" ? 1 : 0);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"kiseki run {method} K={k} poisson={poisson} read_step_s={result.Steps.GetValueOrDefault("read"):F2} {method}_step_s={step:F2} " +
                    $"wall_s={result.WallSeconds:F2} cpu_s={result.CpuSeconds:F2} kiseki_peak_rss_gb={result.PeakRssBytes / 1e9:F2}"));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{method} passes={passes} read_pass_float64_s={readPass:F2} ratio={step / (passes * readPass):F2} " +
                    $"raw_read_pass_s={rawPass:F2} ratio_to_raw={step / (passes * rawPass):F2}"));
            }
        }
        finally
        {
            if (!args.Contains("--keep"))
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        if (args.Contains("--peer"))
        {
            Peer(Path.GetFullPath(Arg("--peer-file") ?? path), k, int.Parse(Arg("--peer-batch") ?? "2048", CultureInfo.InvariantCulture));
        }
    }

    private static string Workflow(string folder, string npy, string method, int k, bool poisson)
    {
        var workflow = Path.Combine(folder, $"{method}.yaml");
        File.WriteAllText(workflow, string.Create(CultureInfo.InvariantCulture, $$"""
            kiseki: 1
            name: {{method}}-outofcore-bench
            seed: 1
            inputs:
              data: { path: {{npy}} }
            steps:
              read:
                method: io.read-spectrum-image@1
                inputs: { file: "${inputs.data}" }
              {{method}}:
                method: spectral.{{method}}@1
                inputs: { image: "${read.outputs.image}" }
                params: { components: {{k}}, poisson_scaling: {{(poisson ? "true" : "false")}} }

            """));
        return workflow;
    }

    /// <summary>Best of two read passes over the largest stored object: converted to float64 in 256-row chunks, and raw bytes.</summary>
    private static (double Converted, double Raw) ReadPasses(string store, int threads)
    {
        var stored = new DirectoryInfo(Path.Combine(store, "objects")).EnumerateFiles("*", SearchOption.AllDirectories).MaxBy(f => f.Length)!;
        using var file = RowFile.OpenNpy(stored.FullName);
        double converted = double.PositiveInfinity, raw = double.PositiveInfinity;
        for (var pass = 0; pass < 2; pass++)
        {
            var clock = Stopwatch.StartNew();
            var sum = 0.0;
            SpectrumRows.FromFile(file).ForEachChunkInOrder(default, (_, _, count, rows) => sum += rows[0] + rows[^1]);
            converted = Math.Min(converted, clock.Elapsed.TotalSeconds);
            clock.Restart();
            _ = OutOfCoreBench.RawReadPass(file, threads);
            raw = Math.Min(raw, clock.Elapsed.TotalSeconds);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"stored {stored.Length / 1e9:F2} GB: read pass {pass + 1} as float64 {converted:F2} s (checksum {sum:G6}), raw {raw:F2} s"));
        }

        return (converted, raw);
    }

    /// <summary>scikit-learn IncrementalPCA (peer_incremental_pca.py) under <c>/usr/bin/time -v</c>: its line, CPU and peak RSS.</summary>
    private static void Peer(string npy, int k, int batch)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "peer_incremental_pca.py");
        var (exit, text) = EngineRun.Execute(
            "/usr/bin/time",
            ["-v", "/usr/bin/python3", script, npy, "--components", k.ToString(CultureInfo.InvariantCulture), "--batch", batch.ToString(CultureInfo.InvariantCulture)],
            new Dictionary<string, string>());
        if (exit != 0)
        {
            Console.WriteLine($"peer failed (exit {exit}): {text[^Math.Min(2000, text.Length)..]}");
            return;
        }

        var (cpu, rss) = EngineRun.TimeFigures(text);
        var line = text.Split('\n').First(l => l.StartsWith("sklearn-ipca", StringComparison.Ordinal));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{line} process_cpu_s={cpu:F2} peak_rss_gb={rss / 1e9:F2}"));
    }
}
