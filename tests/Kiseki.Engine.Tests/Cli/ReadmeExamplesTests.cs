using System.Text.RegularExpressions;
using Kiseki.Cli;
using Kiseki.Engine.Tests.Audit;
using Kiseki.Testing;

namespace Kiseki.Engine.Tests.Cli;

/// <summary>Every command the README shows is run here (or, for build commands, checked), so the README cannot rot.</summary>
public sealed partial class ReadmeExamplesTests
{
    private const string DotnetRun = "dotnet run -c Release --project engine/Kiseki.Cli -- ";

    [SkippableFact]
    public async Task ShellExamples_AllRun()
    {
        var root = SharedData.RepositoryRoot;
        using var directory = new TempDirectory();
        var lines = StandardFilesTests.ReadmeBlocks("sh").SelectMany(b => b.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.NotEmpty(lines);
        var skipped = new List<string>();
        foreach (var line in lines)
        {
            if (line.StartsWith(DotnetRun, StringComparison.Ordinal) || line.StartsWith("kiseki ", StringComparison.Ordinal))
            {
                var args = line[(line.StartsWith("kiseki ", StringComparison.Ordinal) ? "kiseki ".Length : DotnetRun.Length)..]
                    .Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
                if (!Prepare(args, root, directory, skipped, line))
                {
                    continue;
                }

                var (code, text) = await CliTests.RunAsync([.. args]);
                Assert.True(code == 0, $"README example `{line}` exited {code}:\n{text}");
            }
            else if (line.StartsWith("python3 -c \"import hyperspy.api as hs;", StringComparison.Ordinal))
            {
                RunHyperSpy(line, directory, skipped);
            }
            else if (line == "dotnet test Kiseki.slnx -c Release")
            {
                Assert.True(File.Exists(Path.Combine(root, "Kiseki.slnx")));
            }
            else if (line.StartsWith("dotnet publish engine/Kiseki.Cli -c Release -r linux-x64 -o ", StringComparison.Ordinal))
            {
                Assert.True(File.Exists(Path.Combine(root, "engine", "Kiseki.Cli", "Kiseki.Cli.csproj")));
            }
            else
            {
                Assert.Fail($"README example `{line}` is not run by any test: add it here.");
            }
        }

        Skip.If(skipped.Count > 0, "run, but without the shared data folder: " + string.Join("; ", skipped));
    }

    [Fact]
    public void CliReference_EveryVerbAndOptionExists()
    {
        var readme = File.ReadAllLines(Path.Combine(SharedData.RepositoryRoot, "README.md"));
        var table = KisekiApp.VerbTable();
        var checkedRows = 0;
        foreach (var line in readme.Where(l => l.StartsWith("| `kiseki ", StringComparison.Ordinal)))
        {
            foreach (Match command in Command().Matches(line.Split(" | ")[0]))
            {
                var words = command.Groups[1].Value.Split(' ');
                var verb = string.Join(' ', words.TakeWhile(w => Word().IsMatch(w)));
                if (verb.Contains('|', StringComparison.Ordinal))
                {
                    verb = verb.Split(' ')[0] + " " + verb.Split(' ')[1].Split('|')[0];
                }

                Assert.True(table.Paths.Contains(verb), $"README names `kiseki {verb}`, which is not a verb");
                foreach (Match option in Option().Matches(command.Groups[1].Value))
                {
                    Assert.True(table.OptionsOf(verb).Contains(option.Value), $"README gives `kiseki {verb}` the option {option.Value}, which it does not have");
                }

                checkedRows++;
            }
        }

        Assert.True(checkedRows >= 18, $"only {checkedRows} commands found in the README's CLI reference");
    }

    /// <summary>Runs a README <c>python3 -c "…hs.load('workflows/results/&lt;run-id&gt;/…')…"</c> line on the run published here.</summary>
    private static void RunHyperSpy(string line, TempDirectory directory, List<string> skipped)
    {
        const string Python = "/usr/bin/python3";
        using (var probe = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(File.Exists(Python) ? Python : "/bin/false", ["-c", "import hyperspy.api"])
               { RedirectStandardError = true, RedirectStandardOutput = true })!)
        {
            probe.StandardOutput.ReadToEnd();
            probe.StandardError.ReadToEnd();
            probe.WaitForExit();
            if (probe.ExitCode != 0)
            {
                skipped.Add(line + " (python3-hyperspy absent)");
                return;
            }
        }

        string runId;
        using (var provenance = Kiseki.Provenance.LiteDb.LiteDbProvenanceStore.Open(directory.Combine(".kiseki")))
        {
            runId = provenance.ListRuns(100).First(r => r.WorkflowName == "eels-decomposition").Id;
        }

        var script = line[(line.IndexOf('"', StringComparison.Ordinal) + 1)..line.LastIndexOf('"')]
            .Replace("workflows/results/<run-id>/", directory.Combine("results", runId) + "/", StringComparison.Ordinal);
        Assert.Contains(directory.Path, script, StringComparison.Ordinal);
        var start = new System.Diagnostics.ProcessStartInfo(Python, ["-c", script]) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.Environment["MPLBACKEND"] = "Agg";
        using var process = System.Diagnostics.Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"README example `{line}` exited {process.ExitCode}: {errors.Result}");
        Assert.Contains("|64, 64)>", output, StringComparison.Ordinal); // K maps over the 64 × 64 phantom
    }

    private static bool Prepare(List<string> args, string root, TempDirectory directory, List<string> skipped, string line)
    {
        if (args.Count > 1 && args[0] == "run")
        {
            var workflow = args[1];
            args[1] = Path.Combine(root, workflow);
            args.AddRange(["--store", directory.Combine(".kiseki"), "--results", directory.Combine("results")]);
            if (ShippedWorkflowSnapshotTests.ReducedVariants.TryGetValue(Path.GetFileName(workflow), out var reduced))
            {
                args.AddRange(reduced.SelectMany(r => new[] { "--set", r }));
            }
        }

        var runId = args.IndexOf("<run-id>");
        if (runId >= 0)
        {
            // The README's main job (its first `run` line) recorded into this folder's store: publish that run.
            using (var provenance = Kiseki.Provenance.LiteDb.LiteDbProvenanceStore.Open(directory.Combine(".kiseki")))
            {
                args[runId] = provenance.ListRuns(100).First(r => r.WorkflowName == "eels-decomposition").Id;
            }

            args.AddRange(["--store", directory.Combine(".kiseki")]);
        }

        foreach (var option in new[] { "--out", "--store" })
        {
            var at = args.IndexOf(option);
            if (at >= 0 && at + 1 < args.Count && !Path.IsPathRooted(args[at + 1]))
            {
                args[at + 1] = directory.Combine(args[at + 1]);
            }
        }

        if (args.Count > 1 && args[0] == "reproduce" && !Path.IsPathRooted(args[1]))
        {
            args[1] = directory.Combine(args[1]);
        }

        var mirror = args.IndexOf("--mirror");
        if (mirror >= 0)
        {
            if (SharedData.Directory is null)
            {
                skipped.Add(line);
                return false;
            }

            args[mirror + 1] = SharedData.Directory;
        }

        return true;
    }

    [GeneratedRegex("`kiseki ([^`]*)`")]
    private static partial Regex Command();

    [GeneratedRegex("^[a-z][a-z-]*(\\|[a-z-]+)*$")]
    private static partial Regex Word();

    [GeneratedRegex("--[a-z][a-z-]*")]
    private static partial Regex Option();
}
