using System.Text.Json.Nodes;
using Kiseki.Engine.Tests.Audit;
using Kiseki.Engine.Tests.Cli;
using Kiseki.Testing;

namespace Kiseki.Engine.Tests.Campaigns;

/// <summary>
/// The shipped external-evaluator workflow, run as the docs show it (with a reduced budget): the Python evaluator
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
        var workflows = Path.Combine(Repository.Root, "workflows");
        Directory.CreateDirectory(directory.Combine("workflows", "scripts"));
        File.Copy(Path.Combine(workflows, "proton-path-external.yaml"), directory.Combine("workflows", "proton-path-external.yaml"));
        File.Copy(Path.Combine(workflows, "scripts", "proton_energy.py"), directory.Combine("workflows", "scripts", "proton_energy.py"));
        var store = directory.Combine("store");
        var lines = DocBlocks(Path.Combine(Repository.Root, "docs", "drive-your-simulator.md"), "sh").ToList();
        Assert.Equal(3, lines.Count);
        var outputs = new List<string>();
        foreach (var line in lines)
        {
            Assert.StartsWith("kiseki ", line, StringComparison.Ordinal);
            var args = line["kiseki ".Length..].Split(' ').Select(a => a.StartsWith("workflows/", StringComparison.Ordinal) ? directory.Combine(a) : a).ToList();
            args.AddRange(["--store", store]);
            if (args[0] == "run")
            {
                // The documented budget of 300 takes minutes; 24 evaluations run the same code.
                args.AddRange(["--set", "budget=24", "--set", "samples=40", "--results", directory.Combine("results", outputs.Count.ToString(System.Globalization.CultureInfo.InvariantCulture))]);
            }

            var (code, text) = await CliTests.RunAsync([.. args]);
            Assert.True(code == 0, $"`{line}` exited {code}:\n{text}");
            outputs.Add(text);
        }

        Assert.Contains("kiseki.command@1", outputs[2]);
        var first = JsonNode.Parse(File.ReadAllText(Directory.GetFiles(directory.Combine("results", "0"), "barrier.json", SearchOption.AllDirectories).Single()))!;
        var second = JsonNode.Parse(File.ReadAllText(Directory.GetFiles(directory.Combine("results", "1"), "barrier.json", SearchOption.AllDirectories).Single()))!;
        Assert.Equal(first.ToJsonString(), second.ToJsonString());
        Assert.Equal(24, first["evaluations"]!.GetValue<int>());
        Assert.True(first["exact_barrier"]!.GetValue<double>() > 0);
        Assert.Matches("3 steps, 0 ran, 3 cached", outputs[1]);
    }

    /// <summary>The lines of the fenced blocks of <paramref name="language"/> in a Markdown file.</summary>
    internal static IEnumerable<string> DocBlocks(string path, string language)
    {
        var inside = false;
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith("```", StringComparison.Ordinal))
            {
                inside = !inside && line == "```" + language;
                continue;
            }

            if (inside && line.Trim().Length > 0)
            {
                yield return line.Trim();
            }
        }
    }
}
