using System.Text.Json;
using Kiseki.Cli;
using Kiseki.Engine.Tests.Integration;

namespace Kiseki.Engine.Tests.Cli;

/// <summary>Conventions every verb keeps: help renders, unknown options fail with a hint, --json is JSON, exit codes.</summary>
public sealed class CliVerbTests
{
    public static TheoryData<string> Verbs() => [.. KisekiApp.Verbs()];

    [Fact]
    public void Verbs_ListsBranchesAndSubcommands()
    {
        var verbs = KisekiApp.Verbs();
        Assert.Contains("run", verbs);
        Assert.Contains("methods", verbs);
        Assert.Contains("methods describe", verbs);
        Assert.Contains("snapshot test", verbs);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task Help_EveryVerb_Exit0WithoutError(string verb)
    {
        var (code, text) = await CliTests.RunAsync([.. verb.Split(' '), "--help"]);

        Assert.Equal(0, code);
        Assert.DoesNotContain("error", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("USAGE:", text);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public async Task MisspeltOption_EveryVerb_Exit2WithDidYouMean(string verb)
    {
        var option = KisekiApp.VerbTable().OptionsOf(verb).First(o => o.StartsWith("--", StringComparison.Ordinal) && o.Length > 4);
        var misspelt = option[..^1] + option[^1] + option[^1];

        var (code, text) = await CliTests.RunAsync([.. verb.Split(' '), misspelt]);

        Assert.Equal(2, code);
        Assert.Contains($"unknown option '{misspelt}' for 'kiseki {verb}'; did you mean '{option}'?", text);
    }

    [Theory]
    [InlineData("-n")]
    [InlineData("--dry-run")]
    public async Task Run_DryRun_PlansAndRecordsNothing(string flag)
    {
        using var harness = new EngineHarness();
        var path = harness.Write("workflow.yaml", EngineHarness.SmallWorkflow);

        var (code, text) = await CliTests.RunAsync(["run", path, flag, "--store", harness.StoreDirectory]);

        Assert.Equal(0, code);
        Assert.Contains("workflow small: 4 steps", text);
        Assert.Contains("0 cached, ", text);
        Assert.DoesNotContain("store:", text);
        Assert.Empty(harness.Provenance.ListRuns(10));
    }

    [Fact]
    public async Task Json_EveryVerbThatTakesIt_PrintsOneDocument()
    {
        using var harness = new EngineHarness();
        var path = harness.Write("workflow.yaml", EngineHarness.SmallWorkflow);
        var store = harness.StoreDirectory;
        Assert.Equal(0, (await CliTests.RunAsync(["run", path, "--store", store])).Code);
        Assert.Equal(0, (await CliTests.RunAsync(["run", path, "--store", store, "--set", "base=5"])).Code);
        var runs = harness.Provenance.ListRuns(10).Select(r => r.Id).ToList();
        var data = Path.Combine(harness.Directory, "data.npy");
        await File.WriteAllBytesAsync(data, Kiseki.Abstractions.Arrays.NpyFormat.ToBytes(Kiseki.Abstractions.Arrays.NdArray.Create(new[] { 1.0, 2.0 }, 2)));
        var commands = new Dictionary<string, string[]>(StringComparer.Ordinal)
        {
            ["plan"] = ["plan", path, "--store", store],
            ["validate"] = ["validate", path],
            ["log"] = ["log", "--store", store],
            ["show"] = ["show", runs[0], "--store", store],
            ["methods"] = ["methods"],
            ["methods describe"] = ["methods", "describe", "spectral.nmf-so"],
            ["inspect"] = ["inspect", data],
            ["explain"] = ["explain", "one", "--store", store],
            ["diff"] = ["diff", runs[1], runs[0], "--store", store],
            ["verify"] = ["verify", runs[0], "--store", store],
            ["lineage"] = ["lineage", "total.sum", "--store", store],
            ["export"] = ["export", runs[0], "--store", store, "--out", Path.Combine(harness.Directory, "crate")],
            ["report"] = ["report", runs[0], "--store", store, "--out", Path.Combine(harness.Directory, "r.html")],
            ["gc"] = ["gc", "--dry-run", "--store", store],
            ["reproduce"] = ["reproduce", Path.Combine(harness.Directory, "published"), "--store", Path.Combine(harness.Directory, "fresh")],
        };
        Assert.Equal(0, (await CliTests.RunAsync(["export", runs[0], "--store", store, "--out", Path.Combine(harness.Directory, "published")])).Code);
        var table = KisekiApp.VerbTable();
        var takesJson = table.Paths.Where(v => table.OptionsOf(v).Contains("--json")).ToList();
        Assert.Empty(takesJson.Except(commands.Keys));
        foreach (var verb in takesJson)
        {
            var (code, text) = await CliTests.RunAsync([.. commands[verb], "--json"]);
            Assert.True(code == 0, $"{verb}: exit {code}\n{text}");
            using var document = JsonDocument.Parse(text);
            Assert.NotEqual(JsonValueKind.Undefined, document.RootElement.ValueKind);
        }
    }

    [Fact]
    public async Task Json_Errors_AreJsonWithTheExitCode()
    {
        using var harness = new EngineHarness();
        var (code, text) = await CliTests.RunAsync(["log", "--store", harness.Directory + "/none", "--json"]);

        Assert.Equal(1, code);
        using var document = JsonDocument.Parse(text);
        Assert.Equal(1, document.RootElement.GetProperty("exit_code").GetInt32());
        Assert.Contains("no provenance store", document.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Json_MethodsList_IsJsonNotText()
    {
        var (code, text) = await CliTests.RunAsync(["methods", "--json"]);

        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(text);
        Assert.Contains(document.RootElement.EnumerateArray(), m => m.GetProperty("reference").GetString() == "spectral.nmf-so@1");
    }

    [Fact]
    public async Task ExitCodes_FollowTheReadmeTable()
    {
        var readme = await File.ReadAllTextAsync(Path.Combine(Kiseki.Testing.SharedData.RepositoryRoot, "README.md"));
        Assert.Contains("Exit codes: 0 success, 1 a step failed, 2 invalid workflow or arguments, 130 cancelled.", readme);
        using var harness = new EngineHarness();
        var good = harness.Write("good.yaml", EngineHarness.SmallWorkflow);
        var failing = harness.Write("failing.yaml", "kiseki: 1\nname: f\nsteps:\n  broken:\n    method: core.fail@1\n    params: { message: no }\n");
        var invalid = harness.Write("invalid.yaml", "kiseki: 1\nname: i\nsteps:\n  a:\n    method: core.nope@1\n");
        string[] store = ["--store", harness.StoreDirectory];

        Assert.Equal(0, (await CliTests.RunAsync(["run", good, .. store])).Code);
        Assert.Equal(1, (await CliTests.RunAsync(["run", failing, .. store])).Code);
        Assert.Equal(2, (await CliTests.RunAsync(["run", invalid, .. store])).Code);
        Assert.Equal(2, (await CliTests.RunAsync(["run", good, "--jobs", "0", .. store])).Code);
        Assert.Equal(2, (await CliTests.RunAsync(["run", good, "--bogus", .. store])).Code);
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        Assert.Equal(130, (await CliTests.RunAsync(["run", good, "--force", "one", .. store], cancelled.Token)).Code);
    }

    [Fact]
    public async Task Set_BadValue_ReportedAtTheCommandLine()
    {
        using var harness = new EngineHarness();
        var path = harness.Write("workflow.yaml", EngineHarness.SmallWorkflow);

        var (code, text) = await CliTests.RunAsync(["validate", path, "--set", "base=abc"]);

        Assert.Equal(2, code);
        Assert.Contains("--set:1:1: error KSK0602: --set base=abc does not fit parameter 'value' of step 'one'", text);
        Assert.DoesNotContain("remove the quotes", text);
        Assert.Contains("give number", text);
    }

    [Fact]
    public async Task Run_Piped_LinePerStepStartAndEnd_NonConvergedFitWarned()
    {
        using var harness = new EngineHarness();
        var path = harness.Write("workflow.yaml", """
            kiseki: 1
            name: short-fit
            steps:
              phantom:
                method: synthetic.spectrum-image@1
                params: { rows: 8, cols: 8, channels: 32, components: 2 }
              fit:
                method: spectral.nmf-so@1
                inputs: { image: "${phantom.outputs.image}" }
                params: { components: 2, max_iterations: 10, min_iterations: 2, restarts: 1 }
            """);

        var (code, text) = await CliTests.RunAsync(["run", path, "--store", harness.StoreDirectory]);
        var (showCode, show) = await CliTests.RunAsync(["show", harness.Provenance.ListRuns(1)[0].Id, "--store", harness.StoreDirectory]);

        Assert.True(code == 0, text);
        Assert.Contains("[ /2] started   phantom", text);
        Assert.Contains("[ /2] started   fit", text);
        Assert.Contains("ran       fit", text);
        Assert.Contains("warning: step 'fit' did not converge: reached max_iterations after ", text);
        Assert.Equal(0, showCode);
        Assert.Contains("warning: step 'fit' did not converge", show);
    }
}
