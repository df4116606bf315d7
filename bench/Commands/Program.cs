using System.Diagnostics;
using System.Globalization;
using System.Text;

// Engine overhead per external step: N command steps running the no-op `true` (cold run, cached re-run) through the
// kiseki command, next to Snakemake running N `shell:` jobs of the same no-op in the same run, plus the cost of
// starting `true` N times directly (the floor both engines share).
var steps = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200;
var jobs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 2;
var work = Path.Combine(Path.GetTempPath(), "kiseki-bench-commands-" + Guid.NewGuid().ToString("N")[..8]);
Directory.CreateDirectory(work);
var kiseki = Path.Combine(AppContext.BaseDirectory, "kiseki.dll");
var trueProgram = File.Exists("/usr/bin/true") ? "/usr/bin/true" : "/bin/true";
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
Console.WriteLine($"{steps} external steps running `true`, {jobs} in parallel");

var floor = Stopwatch.StartNew();
for (var i = 0; i < steps; i++)
{
    using var process = Process.Start(new ProcessStartInfo(trueProgram) { UseShellExecute = false })!;
    process.WaitForExit();
}

Report($"{trueProgram} started {steps} times (sequential floor)", floor.Elapsed.TotalSeconds);

var yaml = new StringBuilder("kiseki: 1\nname: commands-bench\nsteps:\n");
for (var i = 0; i < steps; i++)
{
    yaml.Append(CultureInfo.InvariantCulture, $"  s{i:D4}:\n    command: [\"true\", \"{{params.i}}\"]\n    params: {{ i: {i} }}\n");
}

var workflow = Path.Combine(work, "commands.yaml");
File.WriteAllText(workflow, yaml.ToString());
var store = Path.Combine(work, ".kiseki");
var cold = Run("kiseki run (cold)", "dotnet", kiseki, "run", workflow, "--store", store, "--jobs", jobs.ToString(CultureInfo.InvariantCulture));
var cached = Run("kiseki run (cached)", "dotnet", kiseki, "run", workflow, "--store", store, "--jobs", jobs.ToString(CultureInfo.InvariantCulture));
var empty = Path.Combine(work, "one.yaml");
File.WriteAllText(empty, "kiseki: 1\nname: one\nsteps:\n  s:\n    command: [\"true\"]\n");
Run("kiseki run (1 step, start-up)", "dotnet", kiseki, "run", empty, "--store", store);
var startup = Run("kiseki run (1 step, cached: start-up only)", "dotnet", kiseki, "run", empty, "--store", store);
Report("kiseki per step, cold (minus start-up)", (cold - startup) / steps);
Report("kiseki per step, cached (minus start-up)", (cached - startup) / steps);

var snakemake = File.Exists("/usr/bin/snakemake") ? "/usr/bin/snakemake" : null;
if (snakemake is null)
{
    Console.WriteLine("snakemake peer skipped: /usr/bin/snakemake is absent (apt-get install -y snakemake)");
    return;
}

var peer = Path.Combine(work, "snakemake");
Directory.CreateDirectory(peer);
File.WriteAllText(Path.Combine(peer, "Snakefile"), string.Create(CultureInfo.InvariantCulture, $$"""
    rule all:
        input: expand("done/{i}", i=range({{steps}}))

    rule step:
        output: "done/{i}"
        shell: "true {wildcards.i} && touch {output}"

    """));
string[] common = ["--snakefile", Path.Combine(peer, "Snakefile"), "--directory", peer, "--cores", jobs.ToString(CultureInfo.InvariantCulture), "--quiet"];
var peerCold = Run("snakemake (cold)", snakemake, common);
var peerCached = Run("snakemake (nothing to do)", snakemake, common);
File.WriteAllText(Path.Combine(peer, "one.smk"), "rule one:\n    output: \"one.txt\"\n    shell: \"true && touch {output}\"\n");
string[] one = ["--snakefile", Path.Combine(peer, "one.smk"), "--directory", peer, "--cores", "1", "--quiet"];
Run("snakemake (1 job, start-up)", snakemake, one);
var peerStartup = Run("snakemake (1 job, nothing to do: start-up only)", snakemake, one);
Report("snakemake per job, cold (minus start-up)", (peerCold - peerStartup) / steps);
Report("snakemake per job, nothing to do (minus start-up)", (peerCached - peerStartup) / steps);

static double Run(string label, string program, params string[] arguments)
{
    var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
    foreach (var argument in arguments)
    {
        info.ArgumentList.Add(argument);
    }

    var clock = Stopwatch.StartNew();
    using var process = Process.Start(info)!;
    var stdout = process.StandardOutput.ReadToEndAsync();
    var stderr = process.StandardError.ReadToEndAsync();
    process.WaitForExit();
    var seconds = clock.Elapsed.TotalSeconds;
    if (process.ExitCode != 0)
    {
        Console.WriteLine($"{label}: exit code {process.ExitCode}\n{stdout.Result}\n{stderr.Result}");
    }

    Report(label, seconds);
    return seconds;
}

static void Report(string label, double seconds)
    => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-55} {seconds * 1000,10:0.0} ms"));
