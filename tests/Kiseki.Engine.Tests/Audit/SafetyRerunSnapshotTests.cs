using Kiseki.Engine.Audit;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Tests.Integration;
using Kiseki.Provenance;
using Kiseki.Provenance.LiteDb;
using Kiseki.Testing;

namespace Kiseki.Engine.Tests.Audit;

public sealed class SafetyRerunSnapshotTests
{
    [Fact]
    public async Task ReadOnlyVerbs_NeverModifyTheStore()
    {
        using var fixture = await AuditFixture.CreateAsync();
        using var output = new TempDirectory();
        var before = fixture.StoreDigest();
        var a = fixture.FirstId;
        var b = fixture.SecondId;

        string[][] commands =
        [
            ["explain", "total"], ["explain", "one", "--run", a, "--json"], ["diff", a, b], ["diff", a, b, "--json"],
            ["verify", b], ["verify", a, "--execute", "--json"], ["lineage", "total.sum"], ["gc", "--dry-run"],
            ["export", b, "--format", "rocrate", "--out", output.Combine("crate")],
            ["export", b, "--format", "prov", "--out", output.Combine("prov.json")],
            ["report", b, "--out", output.Combine("report.html")],
        ];
        foreach (var command in commands)
        {
            var (code, text) = await fixture.CliAsync(command);
            Assert.True(code == 0, $"{string.Join(' ', command)} → {code}: {text}");
        }

        Assert.Equal(before, fixture.StoreDigest());
    }

    [Fact]
    public async Task Verbs_UnknownAndAmbiguousRunIds_ClearMessages()
    {
        using var fixture = await AuditFixture.CreateAsync();

        var (unknown, text) = await fixture.CliAsync("diff", "ZZZZ", fixture.FirstId);
        Assert.Equal(1, unknown);
        Assert.Contains("no run with id 'ZZZZ'", text, StringComparison.Ordinal);

        var common = new string(fixture.FirstId.Zip(fixture.SecondId).TakeWhile(p => p.First == p.Second).Select(p => p.First).ToArray());
        var (ambiguous, list) = await fixture.CliAsync("verify", common);
        Assert.Equal(1, ambiguous);
        Assert.Contains("ambiguous", list, StringComparison.Ordinal);
        Assert.Contains(fixture.FirstId, list, StringComparison.Ordinal);
        Assert.Contains(fixture.SecondId, list, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verbs_NoStore_ClearMessage()
    {
        using var empty = new TempDirectory();
        var writer = new StringWriter();
        var console = Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings { Out = new Spectre.Console.AnsiConsoleOutput(writer) });

        var code = await Kiseki.Cli.KisekiApp.RunAsync(["verify", "X", "--store", empty.Combine(".kiseki")], console);

        Assert.Equal(1, code);
        Assert.Contains("no provenance store", writer.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(empty.Combine(".kiseki")));
    }

    [Fact]
    public async Task Verify_FailedRun_NamesTheFailedStep()
    {
        using var harness = new EngineHarness();
        var result = await harness.RunAsync(harness.Load("""
            kiseki: 1
            name: failing
            steps:
              good:
                method: core.constant@1
                params: { value: 1.0 }
              broken:
                method: core.fail@1
                params: { message: "no luck" }
            """), new RunRequest { Options = new RunOptions { KeepGoing = true } });
        Assert.Equal(RunStatus.Failed, result.Summary.Status);

        var report = await new RunVerifier(new AuditStore(harness.Provenance, harness.StoreDirectory)).VerifyAsync(result.Summary.RunId);

        Assert.Contains(report.Notes, n => n.Contains("step broken failed", StringComparison.Ordinal));
        Assert.Contains(report.Notes, n => n.Contains("failed", StringComparison.Ordinal) && n.StartsWith("run ", StringComparison.Ordinal));
        Assert.Contains(report.Objects, o => o.StepId == "good");
    }

    [Fact]
    public async Task Rerun_IntoAFreshStore_ReproducesEveryKeyAndOutput()
    {
        using var fixture = await AuditFixture.CreateAsync();
        using var target = new TempDirectory();
        var plan = RunReplayer.Prepare(fixture.Store, fixture.SecondId, fixture.Harness.Catalog, []);
        var objects = Kiseki.Engine.Artifacts.ObjectStore.Open(target.Path);
        using var provenance = LiteDbProvenanceStore.Open(target.Path);
        var executor = new LocalStepExecutor(new StepRunner(new Kiseki.Engine.Artifacts.ArtifactCodec(objects), target.Combine("scratch")));

        var result = await RunReplayer.RunAsync(plan, fixture.Harness.Catalog, provenance, objects, executor, new RunRequest());

        Assert.Empty(result.ChangedKeys);
        Assert.Equal(4, result.SameKeys.Count);
        Assert.Equal(4, result.Result.Summary.Count(RunStepStatus.Succeeded));
        foreach (var step in result.Result.Summary.Steps)
        {
            Assert.Equal(fixture.Second.Summary[step.StepId].Outputs, step.Outputs);
        }

        Assert.Equal("{\"base\":4}", provenance.GetRun(result.Result.Summary.RunId)!.ResolvedParameters);
    }

    [Fact]
    public async Task Rerun_MethodVersionMissing_RefusesAndNamesIt()
    {
        using var fixture = await AuditFixture.CreateAsync();
        var reduced = Kiseki.Engine.Methods.MethodCatalog.Create(b => b.Add(typeof(Kiseki.Methods.Core.Constant.ConstantMethod)));

        var error = Assert.Throws<AuditException>(() => RunReplayer.Prepare(fixture.Store, fixture.FirstId, reduced, []));

        Assert.Contains("core.sum@1", error.Message, StringComparison.Ordinal);
        Assert.Contains("no version of this method", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Snapshot_OutputChange_FailsWithoutVersionBumpOnly()
    {
        using var harness = new EngineHarness();
        var path = harness.Write("workflow.yaml", EngineHarness.SmallWorkflow);
        var suite = new SnapshotSuite(harness.Catalog, d => LiteDbProvenanceStore.Open(d));
        var recorded = await suite.Record(path, ["base=3"]);
        var fresh = await suite.Record(path, ["base=3"]);
        Assert.Empty(suite.Compare(recorded, fresh));
        Assert.Equal(3.0, recorded["steps"]!["one"]!["outputs"]!["value"]!["summary"]!["value"]!.GetValue<double>());
        Assert.Equal(12000, recorded["steps"]!["noise"]!["outputs"]!["array"]!["summary"]!["count"]!.GetValue<int>());

        var changed = await suite.Record(path, ["base=5"]);
        var finding = Assert.Single(suite.Compare(recorded, changed), f => f.StepId == "one");
        Assert.True(finding.Fails);
        Assert.Contains("without a version bump of core.constant@1", finding.Detail, StringComparison.Ordinal);

        recorded["steps"]!["one"]!["method"] = "core.constant@0";
        var bumped = Assert.Single(suite.Compare(recorded, changed), f => f.StepId == "one");
        Assert.False(bumped.Fails);
        Assert.Contains("version bumped", bumped.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void SnapshotSummaries_FloatWithinToleranceIntegerExact()
    {
        Assert.Null(SnapshotSuite.Differences(Node("""{"integer":false,"sum":1.0}"""), Node("""{"integer":false,"sum":1.0000000000001}"""), 1e-9, ""));
        Assert.NotNull(SnapshotSuite.Differences(Node("""{"integer":false,"sum":1.0}"""), Node("""{"integer":false,"sum":1.001}"""), 1e-9, ""));
        Assert.NotNull(SnapshotSuite.Differences(Node("""{"integer":true,"sum":1000000000000}"""), Node("""{"integer":true,"sum":1000000000001}"""), 1e-3, ""));
        Assert.NotNull(SnapshotSuite.Differences(Node("""{"pixels_sha256":"ab"}"""), Node("""{"pixels_sha256":"cd"}"""), 1, ""));
    }

    [Fact]
    public void SnapshotSummaries_JsonOutputWithAnIntegerField_ComparedAsData()
    {
        // A JSON output's value may hold a field named "integer" that is not the summaries' flag.
        Assert.Null(SnapshotSuite.Differences(Node("""{"value":{"integer":3,"x":1.0}}"""), Node("""{"value":{"integer":3,"x":1.0}}"""), 1e-9, ""));
        var d = SnapshotSuite.Differences(Node("""{"value":{"integer":3,"x":1.0}}"""), Node("""{"value":{"integer":4,"x":1.0}}"""), 1e-9, "");
        Assert.Equal("value.integer: 3 → 4", d);
    }

    private static System.Text.Json.Nodes.JsonNode Node(string json) => System.Text.Json.Nodes.JsonNode.Parse(json)!;
}
