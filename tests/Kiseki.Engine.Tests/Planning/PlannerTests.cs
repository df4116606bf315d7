using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Planning;
using Kiseki.Engine.Tests.Integration;
using Kiseki.Provenance;

namespace Kiseki.Engine.Tests.Planning;

public sealed class PlannerTests
{
    [Fact]
    public async Task Plan_FreshStore_EveryStepHasNoRecord()
    {
        using var harness = new EngineHarness();
        var plan = await harness.Runner().PlanAsync(harness.Load(EngineHarness.SmallWorkflow), new RunRequest(), CancellationToken.None);

        Assert.All(plan.Steps, s => Assert.True(s.Reasons.HasFlag(RerunReason.NoRecord)));
        Assert.Equal(PlannedStatus.Pending, plan.Steps.Single(s => s.Id == "total").Status);
        Assert.Equal(3, plan.Count(PlannedStatus.ToRun));
    }

    [Fact]
    public async Task Run_OneParameterChanged_OnlyThatStepAndDescendantsRun()
    {
        using var harness = new EngineHarness();
        await harness.RunAsync(harness.Load(EngineHarness.SmallWorkflow));
        var changed = harness.Load(EngineHarness.SmallWorkflow, "base=5");

        var plan = await harness.Runner().PlanAsync(changed, new RunRequest(), CancellationToken.None);
        Assert.Equal(RerunReason.ParametersChanged, plan.Steps.Single(s => s.Id == "one").Reasons);
        Assert.Equal(PlannedStatus.Pending, plan.Steps.Single(s => s.Id == "total").Status);
        Assert.True(plan.Steps.Single(s => s.Id == "total").Reasons.HasFlag(RerunReason.UpstreamChanged));
        Assert.Equal(PlannedStatus.Cached, plan.Steps.Single(s => s.Id == "two").Status);

        var result = await harness.RunAsync(changed);
        Assert.Equal(RunStepStatus.Succeeded, result.Summary["one"].Status);
        Assert.Equal(RunStepStatus.Succeeded, result.Summary["total"].Status);
        Assert.Equal(RunStepStatus.Cached, result.Summary["two"].Status);
        Assert.Equal(RunStepStatus.Cached, result.Summary["noise"].Status);
    }

    [Fact]
    public async Task Plan_OtherWorkflowReusedStepId_NoRecordRatherThanParametersChanged()
    {
        using var harness = new EngineHarness();
        await harness.RunAsync(harness.Load(EngineHarness.SmallWorkflow));
        var other = harness.Load(EngineHarness.SmallWorkflow.Replace("name: small", "name: other", StringComparison.Ordinal), "base=5");

        var plan = await harness.Runner().PlanAsync(other, new RunRequest(), CancellationToken.None);

        Assert.Equal(RerunReason.NoRecord, plan.Steps.Single(s => s.Id == "one").Reasons);
        Assert.Equal(PlannedStatus.Cached, plan.Steps.Single(s => s.Id == "two").Status);
    }

    [Fact]
    public async Task Plan_AfterRun_AllCachedAndForcedStepRuns()
    {
        using var harness = new EngineHarness();
        var workflow = harness.Load(EngineHarness.SmallWorkflow);
        await harness.RunAsync(workflow);

        var plan = await harness.Runner().PlanAsync(workflow, new RunRequest { Force = ["two"] }, CancellationToken.None);

        Assert.Equal(RerunReason.Forced, plan.Steps.Single(s => s.Id == "two").Reasons);
        Assert.Equal(PlannedStatus.Pending, plan.Steps.Single(s => s.Id == "total").Status);
        Assert.Equal(2, plan.Count(PlannedStatus.Cached));
    }

    [Fact]
    public async Task Run_CorruptedOutputObject_DetectedNamedAndReExecuted()
    {
        using var harness = new EngineHarness();
        var workflow = harness.Load(EngineHarness.SmallWorkflow);
        var first = await harness.RunAsync(workflow);
        var hash = first.Summary["noise"].Outputs["array"];
        var path = harness.Objects.PathOf(hash);
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(10));

        var plan = await harness.Runner().PlanAsync(workflow, new RunRequest(), CancellationToken.None);
        var noise = plan.Steps.Single(s => s.Id == "noise");
        Assert.Equal(RerunReason.OutputMissing, noise.Reasons);
        Assert.Contains(hash.ToString(), noise.Detail);

        var second = await harness.RunAsync(workflow);
        Assert.Equal(RunStepStatus.Succeeded, second.Summary["noise"].Status);
        Assert.True(harness.Objects.TryVerify(hash, out _));
    }

    [Fact]
    public async Task Plan_InputFileChanged_InputsChanged()
    {
        using var harness = new EngineHarness();
        var data = Path.Combine(harness.Directory, "si.npy");
        File.WriteAllBytes(data, NpyFormat.ToBytes(NdArray.Create(new double[2 * 2 * 4], 2, 2, 4)));
        var text = """
            kiseki: 1
            name: reader
            inputs:
              si: { path: si.npy }
            steps:
              load:
                method: io.read-spectrum-image@1
                inputs: { file: "${inputs.si}" }
            """;
        await harness.RunAsync(harness.Load(text));
        File.WriteAllBytes(data, NpyFormat.ToBytes(NdArray.Create(Enumerable.Range(0, 16).Select(i => (double)i).ToArray(), 2, 2, 4)));

        var plan = await harness.Runner().PlanAsync(harness.Load(text), new RunRequest(), CancellationToken.None);

        Assert.Equal(RerunReason.InputsChanged, plan.Steps.Single().Reasons);
    }

    [Fact]
    public async Task Plan_EarlierExecutionWithOtherVersion_MethodVersionChanged()
    {
        using var harness = new EngineHarness();
        var workflow = harness.Load(EngineHarness.SmallWorkflow);
        var first = await harness.RunAsync(workflow);
        var previous = harness.Provenance.FindSuccessfulExecution(first.Summary["two"].Key!.Value)!;
        var fakeKey = ContentHash.Of([42]);
        var runId = Ulid.NewUlid(TimeProvider.System);
        harness.Provenance.BeginRun(harness.Provenance.GetRun(first.Summary.RunId)! with { Id = runId, StartedAt = DateTimeOffset.UtcNow.AddSeconds(1) });
        harness.Provenance.RecordExecution(previous with { StepKey = fakeKey, AttemptId = null, MethodVersion = 99, RunId = runId });
        harness.Provenance.RecordRunStep(new RunStepRecord
        {
            RunId = runId, StepId = "two", DeclaredStepId = "two", StepKey = fakeKey, CacheHit = false, RerunReasons = [],
            Status = RunStepStatus.Succeeded,
        });
        File.Delete(harness.Objects.PathOf(first.Summary["two"].Outputs["value"]));

        var plan = await harness.Runner().PlanAsync(workflow, new RunRequest(), CancellationToken.None);

        Assert.True(plan.Steps.Single(s => s.Id == "two").Reasons.HasFlag(RerunReason.OutputMissing));
        var reasons = new Planner(harness.Provenance, harness.Objects).CompareWithHistory(workflow.FindStep("two")!, null);
        Assert.True(reasons.HasFlag(RerunReason.MethodVersionChanged));
    }
}
