using System.Diagnostics;
using System.Globalization;
using Kiseki.Engine.Artifacts;
using Kiseki.Bench.Engine;

// Engine benchmarks: a generated 1,000-step fan-out/fan-in workflow (cold run, cached re-run, plan) through the
// kiseki command, the Snakemake peer on the same DAG shape, and hashing of a 1 GB input (first and memoised).
if (args.Length == 2 && args[0] == "profile")
{
    Profile.Run(Path.GetFullPath(args[1]));
    return;
}

var steps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var peerJobs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 500;
var work = Path.Combine(Path.GetTempPath(), "kiseki-bench-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(work);
var kiseki = Path.Combine(AppContext.BaseDirectory, "kiseki.dll");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");

var (yaml, count, leaves) = FanOutWorkflow.Generate(steps);
Console.WriteLine($"workflow: {count} steps ({leaves} leaves, 8-ary fan-in)");

// The same engine twice: as built (`dotnet run`, code compiled at start-up) and as installed with
// `dotnet publish engine/Kiseki.Cli -c Release -r linux-x64` (ReadyToRun), each on a fresh store.
var builds = new List<(string Label, string Dll)> { ("build", kiseki) };
if (PublishReadyToRun(Path.Combine(work, "cli")) is { } published)
{
    builds.Add(("ReadyToRun", published));
}

foreach (var (label, dll) in builds)
{
    var folder = Path.Combine(work, label);
    Directory.CreateDirectory(folder);
    var workflow = Path.Combine(folder, "fanout.yaml");
    File.WriteAllText(workflow, yaml);
    var store = Path.Combine(folder, ".kiseki");
    Console.WriteLine($"kiseki ({label}): {dll}");
    Measure("kiseki run (cold)", "dotnet", dll, "run", workflow, "--store", store);
    Measure("kiseki run (cached)", "dotnet", dll, "run", workflow, "--store", store);
    Measure("kiseki plan (cached)", "dotnet", dll, "plan", workflow, "--store", store);
    Measure("kiseki run (cached, 2nd)", "dotnet", dll, "run", workflow, "--store", store);
    Measure("kiseki plan (cached, 2nd)", "dotnet", dll, "plan", workflow, "--store", store);
}

var peer = Path.Combine(AppContext.BaseDirectory, "peers", "snakemake_fanout.py");
if (File.Exists("/usr/bin/snakemake") && File.Exists(peer))
{
    var peerDirectory = Path.Combine(work, "snakemake");
    Directory.CreateDirectory(peerDirectory);
    Measure($"snakemake generate ({peerJobs} jobs)", "/usr/bin/python3", peer, peerDirectory, peerJobs.ToString(CultureInfo.InvariantCulture));
    Measure("snakemake (cold)", "/usr/bin/snakemake", "--snakefile", Path.Combine(peerDirectory, "Snakefile"), "--directory", peerDirectory, "--cores", "2", "--quiet");
    Measure("snakemake (cached)", "/usr/bin/snakemake", "--snakefile", Path.Combine(peerDirectory, "Snakefile"), "--directory", peerDirectory, "--cores", "2", "--quiet");
}
else
{
    Console.WriteLine("snakemake peer skipped (apt-get install -y snakemake)");
}

var big = Path.Combine(work, "input-1gb.bin");
using (var stream = new FileStream(big, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
{
    var block = new byte[4 << 20];
    new Kiseki.Abstractions.Randomness.Xoshiro256StarStar(3).Fill(block);
    for (var i = 0; i < 256; i++)
    {
        block[0] = (byte)i;
        stream.Write(block);
    }
}

var memoDirectory = Path.Combine(work, "memo");
var hasher = new FileHasher(HashMemo.Open(memoDirectory));
var clock = Stopwatch.StartNew();
var hash = hasher.Hash(big);
var seconds = clock.Elapsed.TotalSeconds;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"hash 1 GiB (first): {seconds:0.000} s = {1.0 / seconds * 1.073741824:0.00} GB/s  {hash}"));
var again = new FileHasher(HashMemo.Open(memoDirectory));
clock.Restart();
var second = again.Hash(big);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"hash 1 GiB (second run, new process memo): {clock.Elapsed.TotalMilliseconds:0.0} ms, files re-hashed: {again.FilesHashed}, same hash: {second == hash}"));
Directory.Delete(work, recursive: true);

static string? PublishReadyToRun(string output)
{
    var root = AppContext.BaseDirectory;
    while (root is not null && !File.Exists(Path.Combine(root, "Kiseki.slnx")))
    {
        root = Path.GetDirectoryName(root.TrimEnd(Path.DirectorySeparatorChar));
    }

    if (root is null)
    {
        Console.WriteLine("ReadyToRun measurement skipped: repository root not found");
        return null;
    }

    var (exit, text, _) = RunProcess("dotnet", "publish", Path.Combine(root, "engine", "Kiseki.Cli"), "-c", "Release", "-r", "linux-x64", "-o", output);
    if (exit != 0)
    {
        Console.WriteLine($"ReadyToRun publish failed (exit {exit}): {text[^Math.Min(1500, text.Length)..]}");
        return null;
    }

    return Path.Combine(output, "kiseki.dll");
}

static void Measure(string label, string program, params string[] arguments)
{
    var (exit, output, elapsed) = RunProcess(program, arguments);
    var last = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(l => l.StartsWith("run ", StringComparison.Ordinal) || l.Contains("cached,", StringComparison.Ordinal)) ?? "";
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-36} {elapsed,8:0.000} s  exit {exit}  {last.Trim()}"));
    if (exit != 0)
    {
        Console.WriteLine(output[^Math.Min(2000, output.Length)..]);
    }
}

// Runs a program to the end: exit code, standard output followed by standard error, wall seconds.
static (int Exit, string Output, double Seconds) RunProcess(string program, params string[] arguments)
{
    var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var argument in arguments)
    {
        info.ArgumentList.Add(argument);
    }

    var clock = Stopwatch.StartNew();
    using var process = Process.Start(info)!;
    var output = process.StandardOutput.ReadToEndAsync();
    var error = process.StandardError.ReadToEndAsync();
    process.WaitForExit();
    return (process.ExitCode, output.Result + error.Result, clock.Elapsed.TotalSeconds);
}

/// <summary>Random bytes for the hashing benchmark.</summary>
internal static class RandomFill
{
    public static void Fill(this Kiseki.Abstractions.Randomness.IRandomSource random, byte[] buffer)
    {
        for (var i = 0; i + 8 <= buffer.Length; i += 8)
        {
            BitConverter.TryWriteBytes(buffer.AsSpan(i), random.NextUInt64());
        }
    }
}
