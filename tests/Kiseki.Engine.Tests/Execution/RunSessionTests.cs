using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Audit;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Hashing;
using Kiseki.Engine.Methods;
using Kiseki.Engine.Planning;
using Kiseki.Engine.Tests.Audit;
using Kiseki.Engine.Tests.Cli;
using Kiseki.Engine.Tests.Integration;
using Kiseki.Provenance;
using Kiseki.Provenance.LiteDb;
using Kiseki.Testing;

namespace Kiseki.Engine.Tests.Execution;

public sealed class RunSessionTests
{
    private static readonly DateTimeOffset Noon = new(2031, 5, 17, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Replay_TakesRunIdAndTimesFromTheInjectedClock()
    {
        using var fixture = await AuditFixture.CreateAsync();
        using var target = new TempDirectory();
        var plan = RunReplayer.Prepare(fixture.Store, fixture.SecondId, fixture.Harness.Catalog, []);
        var objects = ObjectStore.Open(target.Path);
        using var provenance = LiteDbProvenanceStore.Open(target.Path);
        var executor = new LocalStepExecutor(new StepRunner(new ArtifactCodec(objects), target.Combine("scratch")));

        var result = await RunReplayer.RunAsync(plan, fixture.Harness.Catalog, provenance, objects, executor, new RunRequest(), clock: new FixedClock(Noon));

        var run = provenance.GetRun(result.Result.Summary.RunId)!;
        Assert.Equal(Noon, Ulid.GetTimestamp(run.Id));
        Assert.Equal(Noon, run.StartedAt);
        Assert.Equal(Noon, run.FinishedAt);
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal(plan.Source.ResolvedParameters, run.ResolvedParameters);
        Assert.Equal(plan.Source.GitCommit, run.GitCommit);
        Assert.Empty(result.ChangedKeys);
    }

    [Fact]
    public async Task Run_WithInjectedClock_RecordsItsTimes()
    {
        using var harness = new EngineHarness();
        var workflow = harness.Load(EngineHarness.SmallWorkflow);
        var executor = new LocalStepExecutor(new StepRunner(new ArtifactCodec(harness.Objects), harness.Objects.Root + "/scratch"));

        var result = await new WorkflowRunner(harness.Catalog, harness.Provenance, harness.Objects, executor, null, new FixedClock(Noon))
            .RunAsync(workflow, new RunRequest(), CancellationToken.None);

        var run = harness.Provenance.GetRun(result.Summary.RunId)!;
        Assert.Equal(Noon, run.StartedAt);
        Assert.Equal(Noon, run.FinishedAt);
        Assert.Equal(2, result.PublishedFiles.Count);
        Assert.Equal(Path.Combine(harness.Directory, "results", run.Id), result.ResultsDirectory);
    }

    [Fact]
    public async Task Plan_NeedsNoExecutorAndRecordsNothing()
    {
        using var harness = new EngineHarness();
        var workflow = harness.Load(EngineHarness.SmallWorkflow);
        await harness.RunAsync(workflow);
        var runsBefore = harness.Provenance.ListRuns(100).Count;

        var planner = new RunPlanner(harness.Provenance, harness.Objects);
        var cached = await planner.PlanAsync(workflow, new RunRequest(), CancellationToken.None);
        var forced = await planner.PlanAsync(workflow, new RunRequest { Force = ["total"] }, CancellationToken.None);

        Assert.Equal(4, cached.Count(PlannedStatus.Cached));
        Assert.Equal(PlannedStatus.ToRun, forced.Steps.Single(s => s.Id == "total").Status);
        Assert.Equal(3, forced.Count(PlannedStatus.Cached));
        Assert.Equal(runsBefore, harness.Provenance.ListRuns(100).Count);
    }

    [Fact]
    public async Task Invoke_RecordsARunThatLogListsAndVerifyPasses()
    {
        using var directory = new TempDirectory();
        var input = directory.Combine("a.json");
        await File.WriteAllTextAsync(input, "3.5");
        var store = directory.Combine(".kiseki");
        var output = directory.Combine("out");
        string[] invoke = ["invoke", "core.sum@1", "--input", "a=" + input, "--param", "offset=1", "--out", output, "--store", store];

        var (code, text) = await CliTests.RunAsync(invoke);
        Assert.True(code == 0, text);
        Assert.Equal(4.5, JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "sum.json")))!.GetValue<double>());

        var (again, cachedText) = await CliTests.RunAsync(invoke);
        Assert.True(again == 0, cachedText);
        Assert.Contains("(cached)", cachedText, StringComparison.Ordinal);

        string runId;
        ContentHash recordedKey;
        using (var provenance = LiteDbProvenanceStore.Open(store, new ProvenanceOpenOptions { ReadOnly = true }))
        {
            var runs = provenance.ListRuns(100);
            Assert.Equal(2, runs.Count);
            Assert.All(runs, r => Assert.Equal("invoke core.sum@1", r.WorkflowName));
            runId = runs.OrderBy(r => r.Id, StringComparer.Ordinal).First().Id;
            recordedKey = provenance.RunSteps(runId).Single().StepKey!.Value;
        }

        // The key is the one a single step with these parameters, input artifact and seed has always had.
        var objects = ObjectStore.Open(store);
        var inputHash = new ArtifactCodec(objects).Encode(new JsonArtifact(JsonValue.Create(3.5))).Hash;
        var catalog = Kiseki.Cli.KisekiMethods.CreateCatalog();
        Assert.True(catalog.TryGet(new MethodRef("core.sum", 1), out var sum));
        var parameters = sum.CanonicalParameters(sum.CreateParameters(new Dictionary<string, object?> { ["offset"] = 1.0 }));
        var expected = StepKey.Compute(sum.Reference, parameters, new Dictionary<string, ContentHash> { ["a"] = inputHash }, 1);
        Assert.Equal(expected.Digest, recordedKey);

        var (logCode, log) = await CliTests.RunAsync(["log", "--store", store]);
        Assert.Equal(0, logCode);
        Assert.Contains(runId, log, StringComparison.Ordinal);
        var (verifyCode, verify) = await CliTests.RunAsync(["verify", runId, "--execute", "--store", store]);
        Assert.True(verifyCode == 0, verify);
        Assert.Contains("identical", verify, StringComparison.Ordinal);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
