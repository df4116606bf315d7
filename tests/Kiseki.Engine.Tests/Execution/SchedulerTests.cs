using System.Text.Json.Nodes;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Tests.Integration;
using Kiseki.Provenance;

namespace Kiseki.Engine.Tests.Execution;

public sealed class SchedulerTests
{
    private const string FailingWorkflow = """
        kiseki: 1
        name: failing
        steps:
          source:
            method: core.constant@1
            params: { value: 1.0 }
          broken:
            method: core.fail@1
            inputs: { value: "${source.outputs.value}" }
            params: { message: "no luck" }
          after:
            method: core.sum@1
            inputs: { a: "${broken.outputs.value}" }
          later:
            method: core.sum@1
            inputs: { a: "${after.outputs.sum}" }
          independent:
            method: core.wait@1
            params: { milliseconds: 50 }
        """;

    [Fact]
    public async Task Run_FailingStep_RecordedWithErrorAndDescendantsSkippedAndNamed()
    {
        using var harness = new EngineHarness();
        var result = await harness.RunAsync(harness.Load(FailingWorkflow), new RunRequest { Options = new RunOptions { Jobs = 1, KeepGoing = true } });

        Assert.Equal(RunStatus.Failed, result.Summary.Status);
        Assert.Equal(1, result.Summary.ExitCode);
        Assert.Equal(RunStepStatus.Failed, result.Summary["broken"].Status);
        Assert.Contains("core.fail@1", result.Summary["broken"].Detail);
        Assert.Contains("no luck", result.Summary["broken"].Detail);
        Assert.Equal(RunStepStatus.Skipped, result.Summary["after"].Status);
        Assert.Equal(RunStepStatus.Skipped, result.Summary["later"].Status);
        Assert.Contains("'broken'", result.Summary["later"].Detail);
        Assert.Equal(RunStepStatus.Succeeded, result.Summary["independent"].Status);

        var run = harness.Provenance.GetRun(result.Summary.RunId)!;
        Assert.Equal(RunStatus.Failed, run.Status);
        var rows = harness.Provenance.RunSteps(run.Id).ToDictionary(r => r.StepId);
        Assert.Equal("broken", rows["later"].SkippedBecause);
        Assert.Contains("no luck", rows["broken"].Error);
    }

    [Fact]
    public async Task Run_FailingStepWithoutKeepGoing_StartsNothingNew()
    {
        using var harness = new EngineHarness();
        var workflow = harness.Load("""
            kiseki: 1
            name: stopping
            steps:
              source:
                method: core.constant@1
              broken:
                method: core.fail@1
                inputs: { value: "${source.outputs.value}" }
              slow:
                method: core.wait@1
                inputs: { value: "${source.outputs.value}" }
                params: { milliseconds: 10 }
              independent:
                method: core.sum@1
                inputs: { a: "${slow.outputs.value}" }
            """);
        var result = await harness.RunAsync(workflow, new RunRequest { Options = new RunOptions { Jobs = 1 } });

        Assert.Equal(RunStatus.Failed, result.Summary.Status);
        Assert.Equal(RunStepStatus.Skipped, result.Summary["independent"].Status);
        Assert.Contains("--keep-going", result.Summary["independent"].Detail);
    }

    [Fact]
    public async Task Run_Cancelled_RecordedCancelledWithFinishedStepsKept()
    {
        using var harness = new EngineHarness();
        var workflow = harness.Load("""
            kiseki: 1
            name: slow
            steps:
              fast:
                method: core.constant@1
                params: { value: 4.0 }
              slow:
                method: core.wait@1
                inputs: { value: "${fast.outputs.value}" }
                params: { milliseconds: 20000 }
            """);
        using var cancellation = new CancellationTokenSource();
        var observer = new CancelOnStart("slow", cancellation);

        var result = await harness.RunAsync(workflow, observer: observer, cancellationToken: cancellation.Token);

        Assert.Equal(RunStatus.Cancelled, result.Summary.Status);
        Assert.Equal(130, result.Summary.ExitCode);
        Assert.Equal(RunStepStatus.Succeeded, result.Summary["fast"].Status);
        Assert.Equal(RunStepStatus.Cancelled, result.Summary["slow"].Status);
        Assert.Equal(RunStatus.Cancelled, harness.Provenance.GetRun(result.Summary.RunId)!.Status);
        Assert.NotNull(harness.Provenance.FindSuccessfulExecution(result.Summary["fast"].Key!.Value));
    }

    [Fact]
    public async Task Run_SameSeedDifferentJobs_IdenticalKeysAndObjects()
    {
        using var a = new EngineHarness();
        using var b = new EngineHarness();
        var first = await a.RunAsync(a.Load(EngineHarness.SmallWorkflow), new RunRequest { Options = new RunOptions { Jobs = 1, ThreadsPerStep = 1 } });
        var second = await b.RunAsync(b.Load(EngineHarness.SmallWorkflow), new RunRequest { Options = new RunOptions { Jobs = 4, ThreadsPerStep = 4 } });

        foreach (var step in first.Summary.Steps)
        {
            Assert.Equal(step.Key, second.Summary[step.StepId].Key);
            Assert.Equal(step.Outputs, second.Summary[step.StepId].Outputs);
        }

        var noise = first.Summary["noise"].Outputs["array"];
        Assert.Equal(File.ReadAllBytes(a.Objects.PathOf(noise)), File.ReadAllBytes(b.Objects.PathOf(noise)));
    }

    [Fact]
    public async Task Run_Publish_WritesFilesWithExtensionsUnderRunId()
    {
        using var harness = new EngineHarness();
        var result = await harness.RunAsync(harness.Load(EngineHarness.SmallWorkflow));

        var directory = Path.Combine(harness.Directory, "results", result.Summary.RunId);
        Assert.Equal(directory, result.ResultsDirectory);
        Assert.Equal("5.0", File.ReadAllText(Path.Combine(directory, "total.json")));
        var noise = Kiseki.Abstractions.Arrays.NpyFormat.Read(File.ReadAllBytes(Path.Combine(directory, "noise.npy")));
        Assert.Equal(new[] { 40, 300 }, noise.Shape);
    }

    [Fact]
    public async Task ExecStep_SpecFile_WritesResultAndObjectsWithoutDatabase()
    {
        using var harness = new EngineHarness();
        var store = Path.Combine(harness.Directory, "worker-store");
        var method = harness.Catalog.Methods.Single(m => m.Id == "core.constant");
        var work = new StepWork("c", method, new JsonObject { ["value"] = 2.5 }, new Dictionary<string, InputReference>(), 11, 1);
        var spec = Path.Combine(harness.Directory, "spec.json");
        StepSpec.WriteFile(spec, StepSpec.Write(work, store, spec + ".result.json"));

        var outcome = await StepSpec.ExecuteFileAsync(spec, harness.Catalog, CancellationToken.None);

        Assert.Equal(StepOutcomeStatus.Succeeded, outcome.Status);
        var result = StepSpec.ReadResult(JsonNode.Parse(File.ReadAllText(spec + ".result.json"))!.AsObject());
        var hash = result.Outputs["value"].Hash;
        Assert.Equal("2.5", File.ReadAllText(Kiseki.Engine.Artifacts.ObjectStore.Open(store).PathOf(hash)));
        Assert.False(File.Exists(Path.Combine(store, "provenance.db")));
    }

    private sealed class CancelOnStart(string stepId, CancellationTokenSource cancellation) : IRunObserver
    {
        public void StepStarted(string id)
        {
            if (id == stepId)
            {
                cancellation.CancelAfter(100);
            }
        }

        public void StepProgress(string id, StepProgress progress)
        {
        }

        public void StepFinished(string id, RunStepStatus status, string? detail, TimeSpan duration)
        {
        }

        public void Message(string text)
        {
        }
    }
}
