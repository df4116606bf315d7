using System.Globalization;
using System.Text.Json.Nodes;
using Kiseki.Engine.Tests.Audit;
using Kiseki.Engine.Tests.Cli;
using Kiseki.Testing;

namespace Kiseki.Engine.Tests.Campaigns;

/// <summary>
/// The shipped external-evaluator workflows, run as the docs show them (with a reduced budget): the Python evaluator
/// drives the search, a second run evaluates nothing, and an evaluation can be shown.
/// </summary>
public sealed class ShippedCampaignTests
{
    private const string Python = "/usr/bin/python3";

    [SkippableFact]
    public async Task ProtonPathExternal_DocsCommands_RunResumeAndShow()
    {
        Skip.IfNot(File.Exists(Python), $"{Python} is absent: the shipped external workflows need it");
        using var directory = new TempDirectory();
        // The documented budget of 300 takes minutes; 24 evaluations run the same code.
        var (outputs, results) = await RunDocumented(directory, "proton-path-external.yaml", ["scripts/proton_energy.py"],
            ["--set", "budget=24", "--set", "samples=40"]);

        Assert.Contains("kiseki.command@1", outputs[2]);
        var first = JsonNode.Parse(File.ReadAllText(Published(results[0], "barrier.json")))!;
        var second = JsonNode.Parse(File.ReadAllText(Published(results[1], "barrier.json")))!;
        Assert.Equal(first.ToJsonString(), second.ToJsonString());
        Assert.Equal(24, first["evaluations"]!.GetValue<int>());
        Assert.True(first["exact_barrier"]!.GetValue<double>() > 0);
        Assert.Matches("3 steps, 0 ran, 3 cached", outputs[1]);
    }

    [SkippableFact]
    public async Task PrecipitateShapeExternal_DocsCommands_RunResumeAndShow()
    {
        Skip.IfNot(File.Exists(Python), $"{Python} is absent: the shipped external workflows need it");
        Skip.IfNot(await PythonHasNumpy(), $"numpy is not importable by {Python}: install python3-numpy");
        using var directory = new TempDirectory();
        // The documented budget of 200 on a 50×50 grid takes minutes; 16 evaluations on 20×20 run the same code.
        var (outputs, results) = await RunDocumented(directory, "precipitate-shape-external.yaml",
            ["scripts/precipitate_shape.py", "data/precipitate-observations.csv"], ["--set", "budget=16", "--set", "grid_size=20"]);

        Assert.Contains("kiseki.command@1", outputs[2]);
        Assert.Contains("precipitate_shape.py", outputs[2]);
        Assert.Matches("4 steps, 0 ran, 4 cached", outputs[1]);
        var summary = JsonNode.Parse(File.ReadAllText(Published(results[0], "summary.json")))!;
        Assert.Equal(File.ReadAllText(Published(results[0], "summary.json")), File.ReadAllText(Published(results[1], "summary.json")));
        Assert.Equal(16, summary["evaluations"]!.GetValue<int>());
        Assert.Equal(400, summary["grid_points"]!.GetValue<int>());
        Assert.InRange(summary["final_f1"]!.GetValue<double>(), 0, 1);
        Assert.True(summary["true_region_points"]!.GetValue<int>() > 0);
        var random = JsonNode.Parse(File.ReadAllText(Published(results[0], "random_summary.json")))!;
        Assert.Equal("random", random["strategy"]!.GetValue<string>());
        // the 16 evaluations are listed, each point once
        var evaluations = File.ReadAllLines(Published(results[0], "evaluations.csv")).Skip(1).ToList();
        Assert.Equal(16, evaluations.Count);
        Assert.Equal(16, evaluations.Distinct().Count());
    }

    private static async Task<bool> PythonHasNumpy()
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(Python, ["-c", "import numpy"])
        {
            RedirectStandardError = true,
        })!;
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0;
    }

    /// <summary>
    /// Copies a shipped workflow and its files into <paramref name="directory"/> and runs the lines of the docs' `sh`
    /// block that names it (runs with <paramref name="runArguments"/> and a results folder each).
    /// </summary>
    private static async Task<(List<string> Outputs, List<string> Results)> RunDocumented(
        TempDirectory directory, string workflow, string[] files, string[] runArguments)
    {
        var workflows = Path.Combine(Repository.Root, "workflows");
        foreach (var file in files.Append(workflow))
        {
            var target = directory.Combine("workflows", file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(workflows, file), target);
        }

        var store = directory.Combine("store");
        var lines = DocBlocks(Path.Combine(Repository.Root, "docs", "drive-your-simulator.md"), "sh")
            .Single(b => b.Any(l => l.Contains("workflows/" + workflow, StringComparison.Ordinal)));
        Assert.Equal(3, lines.Count);
        var outputs = new List<string>();
        var results = new List<string>();
        foreach (var line in lines)
        {
            Assert.StartsWith("kiseki ", line, StringComparison.Ordinal);
            var args = line["kiseki ".Length..].Split(' ').Select(a => a.StartsWith("workflows/", StringComparison.Ordinal) ? directory.Combine(a) : a).ToList();
            args.AddRange(["--store", store]);
            if (args[0] == "run")
            {
                results.Add(directory.Combine("results", outputs.Count.ToString(CultureInfo.InvariantCulture)));
                args.AddRange([.. runArguments, "--results", results[^1]]);
            }

            var (code, text) = await CliTests.RunAsync([.. args]);
            Assert.True(code == 0, $"`{line}` exited {code}:\n{text}");
            outputs.Add(text);
        }

        return (outputs, results);
    }

    private static string Published(string results, string name)
        => Directory.GetFiles(results, name, SearchOption.AllDirectories).Single();

    /// <summary>The fenced blocks of <paramref name="language"/> in a Markdown file, each as its non-empty lines.</summary>
    internal static IEnumerable<IReadOnlyList<string>> DocBlocks(string path, string language)
    {
        List<string>? block = null;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                if (block is not null)
                {
                    yield return block;
                    block = null;
                }
                else if (line == "```" + language)
                {
                    block = [];
                }

                continue;
            }

            if (block is not null && line.Trim().Length > 0)
            {
                block.Add(line.Trim());
            }
        }
    }
}
