using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Kiseki.Bench.Nmf;

/// <summary>
/// The engine path: <c>kiseki run</c> of a two-step workflow (io.read-spectrum-image@1 on a <c>.npy</c> → an NMF
/// method) under <c>/usr/bin/time -v</c>, with each step's wall time and the peak RSS of the whole process.
/// </summary>
internal static partial class EngineRun
{
    /// <summary>One <c>kiseki run</c>: step name → seconds, wall seconds, peak RSS in bytes (0 when unknown).</summary>
    public sealed record Result(IReadOnlyDictionary<string, double> Steps, double WallSeconds, double CpuSeconds, long PeakRssBytes);

    /// <summary>Runs the workflow on <paramref name="npy"/> in a fresh store under <paramref name="folder"/>.</summary>
    public static Result Run(string folder, string npy, string method, int components, int iterations, double orthogonality)
        => Run(folder, npy, method, components, iterations, orthogonality, null, keepStore: false);

    /// <summary>
    /// As <see cref="Run(string, string, string, int, int, double)"/>, with <c>KISEKI_ARRAY_BUDGET</c> set to
    /// <paramref name="arrayBudget"/> when given; with <paramref name="keepStore"/> the store is left for the caller
    /// (at <see cref="StorePath"/>).
    /// </summary>
    public static Result Run(
        string folder, string npy, string method, int components, int iterations, double orthogonality, long? arrayBudget, bool keepStore,
        string? precision = null)
    {
        Directory.CreateDirectory(folder);
        var store = StorePath(folder, method, iterations);
        if (Directory.Exists(store))
        {
            Directory.Delete(store, recursive: true);
        }

        var workflow = Path.Combine(folder, $"{method}-{iterations}.yaml");
        var so = method is "nmf-so" or "nmf-ard-so" ? $", orthogonality: {orthogonality.ToString(CultureInfo.InvariantCulture)}" : "";
        so += precision is null ? "" : $", precision: {precision}";
        File.WriteAllText(workflow, string.Create(CultureInfo.InvariantCulture, $$"""
            kiseki: 1
            name: nmf-engine-bench
            seed: 1
            inputs:
              data: { path: {{Path.GetFullPath(npy)}} }
            steps:
              read:
                method: io.read-spectrum-image@1
                inputs: { file: "${inputs.data}" }
              fit:
                method: spectral.{{method}}@{{Version(method)}}
                inputs: { image: "${read.outputs.image}" }
                params: { components: {{components}}{{so}}, restarts: 1, max_iterations: {{iterations}}, min_iterations: {{iterations}} }

            """));
        var result = RunWorkflow(workflow, store, arrayBudget);
        if (!keepStore)
        {
            Directory.Delete(store, recursive: true);
        }

        return result;
    }

    /// <summary>
    /// <c>kiseki run <paramref name="workflow"/> --store <paramref name="store"/></c> under <c>/usr/bin/time -v</c>, with
    /// <c>KISEKI_ARRAY_BUDGET</c> set to <paramref name="arrayBudget"/> when given; the store is left as it is.
    /// </summary>
    public static Result RunWorkflow(string workflow, string store, long? arrayBudget)
    {
        var kiseki = Path.Combine(AppContext.BaseDirectory, "kiseki.dll");
        var arguments = new List<string> { "-v", "dotnet", kiseki, "run", workflow, "--store", store };
        var clock = Stopwatch.StartNew();
        var environment = arrayBudget is { } budget
            ? new Dictionary<string, string> { ["KISEKI_ARRAY_BUDGET"] = budget.ToString(CultureInfo.InvariantCulture) }
            : [];
        var (exit, output) = Execute("/usr/bin/time", arguments, environment);
        var wall = clock.Elapsed.TotalSeconds;
        if (exit != 0)
        {
            throw new InvalidOperationException($"kiseki run failed (exit {exit}):\n{output[^Math.Min(3000, output.Length)..]}");
        }

        var steps = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match m in StepLine().Matches(output))
        {
            steps[m.Groups[1].Value] = double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        }

        var (cpu, rss) = TimeFigures(output);
        return new Result(steps, wall, cpu, rss);
    }

    /// <summary>User + system CPU seconds and peak RSS in bytes (0 when absent) from <c>/usr/bin/time -v</c> output.</summary>
    internal static (double CpuSeconds, long PeakRssBytes) TimeFigures(string output)
    {
        var rss = RssLine().Match(output) is { Success: true } r ? long.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture) * 1024 : 0;
        var cpu = CpuLine().Matches(output).Sum(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        return (cpu, rss);
    }

    /// <summary>The store a run of <paramref name="method"/> with <paramref name="iterations"/> uses under <paramref name="folder"/>.</summary>
    public static string StorePath(string folder, string method, int iterations) => Path.Combine(folder, $".kiseki-{method}-{iterations}");

    private static int Version(string method) => method switch
    {
        "beta-nmf" => 3,
        "nmf" => 2,
        _ => 1,
    };

    /// <summary>Runs <paramref name="program"/> to its end: exit code and standard output followed by standard error.</summary>
    internal static (int Exit, string Output) Execute(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result + error.Result);
    }

    [GeneratedRegex(@"\] ran\s+(\S+) ([0-9.]+) s")]
    private static partial Regex StepLine();

    [GeneratedRegex(@"(?:User|System) time \(seconds\): ([0-9.]+)")]
    private static partial Regex CpuLine();

    [GeneratedRegex(@"Maximum resident set size \(kbytes\): (\d+)")]
    private static partial Regex RssLine();
}
