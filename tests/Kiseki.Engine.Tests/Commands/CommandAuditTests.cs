using System.Diagnostics;
using Kiseki.Cli;
using Kiseki.Engine.Audit;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Tests.Integration;
using Kiseki.Provenance;
using Kiseki.Testing;
using Spectre.Console;

namespace Kiseki.Engine.Tests.Commands;

/// <summary>Command steps through the audit verbs and the CLI, and the shipped Python workflow.</summary>
public sealed class CommandAuditTests
{
    [Fact]
    public async Task VerifyExecute_CommandStep_IdenticalThenRefusedAfterScriptEdit()
    {
        using var harness = CommandStepTests.Prepare();
        var run = await harness.RunAsync(harness.Load(CommandStepTests.Workflow));
        var audit = new AuditStore(harness.Provenance, harness.StoreDirectory);
        using var scratch = new TempDirectory();

        var report = await new RunVerifier(audit).VerifyAsync(run.Summary.RunId, new StepReexecutor(audit, harness.Catalog, scratch.Path, threads: 2));
        Assert.True(report.Passed, string.Join("\n", report.Executions!.Select(e => $"{e.StepId} {e.Port} {e.Outcome} {e.Detail}")));
        Assert.Contains(report.Executions!, e => e.StepId == "double" && e.Outcome == "identical");

        harness.Write("scripts/double.sh", "awk -F, '{ print }' \"$1\" > \"$2\"\n");
        using var scratch2 = new TempDirectory();
        var edited = await new RunVerifier(audit).VerifyAsync(run.Summary.RunId, new StepReexecutor(audit, harness.Catalog, scratch2.Path, threads: 2));
        var check = Assert.Single(edited.Executions!, e => e.StepId == "double");
        Assert.Equal("not verified", check.Outcome);
        Assert.Contains("source scripts/double.sh changed", check.Detail);
    }

    [Fact]
    public async Task Cli_PlanNamesChangedSourceAndShowListsCommandAndLogs()
    {
        using var harness = CommandStepTests.Prepare();
        var path = harness.Write("workflow.yaml", CommandStepTests.Workflow);
        var store = harness.StoreDirectory;
        harness.Provenance.Dispose();
        Assert.Equal(0, (await Cli("run", path, "--store", store)).Code);
        harness.Write("scripts/make.sh", "echo changed >&2\n" + File.ReadAllText(Path.Combine(harness.Directory, "scripts/make.sh")));

        var (code, plan) = await Cli("plan", path, "--store", store);
        Assert.Equal(0, code);
        Assert.Contains("make", plan);
        Assert.Contains("(code changed)  [source scripts/make.sh changed]", plan);

        var (_, show) = await Cli("show", "make", "--store", store);
        Assert.Contains("\"argv\": \"/bin/sh scripts/make.sh ", show);
        Assert.Contains("\"probe output\": \"tool 1.0\\nlib 2.0\"", show);
        Assert.Contains("made 4 rows", show);
    }

    [Fact]
    public async Task Export_CommandStep_CrateCarriesCommandLineSourcesAndProbe()
    {
        using var harness = CommandStepTests.Prepare();
        var path = harness.Write("workflow.yaml", CommandStepTests.Workflow);
        var store = harness.StoreDirectory;
        harness.Provenance.Dispose();
        Assert.Equal(0, (await Cli("run", path, "--store", store)).Code);
        string runId;
        using (var provenance = Kiseki.Provenance.LiteDb.LiteDbProvenanceStore.Open(store))
        {
            runId = provenance.ListRuns(1)[0].Id;
        }

        var crate = Path.Combine(harness.Directory, "crate");
        Assert.Equal(0, (await Cli("export", runId, "--store", store, "--out", crate)).Code);
        using var metadata = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(crate, "ro-crate-metadata.json")));
        var values = metadata.RootElement.GetProperty("@graph").EnumerateArray()
            .Where(e => e.TryGetProperty("@id", out var id) && id.GetString()!.StartsWith("#command-make-", StringComparison.Ordinal))
            .ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("value").ToString());
        Assert.StartsWith("/bin/sh scripts/make.sh", values["command"]);
        Assert.Equal("tool 1.0\nlib 2.0", values["probe output"]);
        Assert.Matches("[0-9a-f]{64}", values["source scripts/make.sh"]);
        var action = metadata.RootElement.GetProperty("@graph").EnumerateArray().Single(e => e.GetProperty("@id").GetString() == "#action-make");
        Assert.Contains(action.GetProperty("object").EnumerateArray(), o => o.GetProperty("@id").GetString() == "#command-make-probe_output");
    }

    [SkippableFact]
    public async Task ShippedPythonWorkflow_FeedsNmfSo_CachedAndDeterministic()
    {
        Skip.IfNot(HasNumpy(), "/usr/bin/python3 with NumPy is absent (installed by .ci/setup-system: apt-get install -y python3-numpy)");
        using var a = Copy();
        using var b = Copy();
        var first = await a.RunAsync(a.Load(File.ReadAllText(Path.Combine(a.Directory, "eels-python-preprocess.yaml"))));
        Assert.True(first.Summary.Status == RunStatus.Succeeded, string.Join("\n", first.Summary.Steps.Select(s => $"{s.StepId}: {s.Detail}")));
        Assert.Equal("spectrum-image", a.Provenance.GetArtifact(first.Summary["despike"].Outputs["clean"])!.Kind);
        Assert.Equal(RunStepStatus.Succeeded, first.Summary["nmf_so"].Status);

        var again = await a.RunAsync(a.Load(File.ReadAllText(Path.Combine(a.Directory, "eels-python-preprocess.yaml"))));
        Assert.All(again.Summary.Steps, s => Assert.Equal(RunStepStatus.Cached, s.Status));
        var other = await b.RunAsync(b.Load(File.ReadAllText(Path.Combine(b.Directory, "eels-python-preprocess.yaml"))));
        foreach (var step in first.Summary.Steps)
        {
            Assert.Equal(step.Outputs, other.Summary[step.StepId].Outputs);
        }
    }

    private static EngineHarness Copy()
    {
        var harness = new EngineHarness();
        var workflows = Path.Combine(Kiseki.Engine.Tests.Audit.Repository.Root, "workflows");
        Directory.CreateDirectory(Path.Combine(harness.Directory, "scripts"));
        File.Copy(Path.Combine(workflows, "eels-python-preprocess.yaml"), Path.Combine(harness.Directory, "eels-python-preprocess.yaml"));
        File.Copy(Path.Combine(workflows, "scripts", "despike.py"), Path.Combine(harness.Directory, "scripts", "despike.py"));
        return harness;
    }

    private static bool HasNumpy()
    {
        if (!File.Exists("/usr/bin/python3"))
        {
            return false;
        }

        using var process = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", "import numpy"]) { RedirectStandardError = true })!;
        process.WaitForExit();
        return process.ExitCode == 0;
    }

    private static async Task<(int Code, string Text)> Cli(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
        });
        var code = await KisekiApp.RunAsync(args, console);
        return (code, writer.ToString());
    }
}
