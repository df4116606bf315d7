using Kiseki.Provenance.Tests.Support;
using static Kiseki.Provenance.Tests.Support.Records;

namespace Kiseki.Provenance.Tests;

public sealed class BulkReadTests
{
    [Fact]
    public void FindSuccessfulExecutions_MixedKeys_ReturnsExactlyTheRecordedSuccesses()
    {
        using var folder = new StoreFolder();
        using var store = folder.Open();
        var a = Execution("a", RunId(1));
        var b = Execution("b", RunId(1));
        var failed = Execution("c", RunId(1), ExecutionStatus.Failed);
        store.Record(new ProvenanceBatch { Executions = [a, b, failed] });

        var found = store.FindSuccessfulExecutions([a.StepKey, Hash("missing"), b.StepKey, failed.StepKey, a.StepKey]);

        Assert.Equal(new[] { a.StepKey, b.StepKey }.ToHashSet(), found.Keys.ToHashSet());
        AssertSame(store.FindSuccessfulExecution(a.StepKey), found[a.StepKey]);
        AssertSame(store.FindSuccessfulExecution(b.StepKey), found[b.StepKey]);
        Assert.Empty(store.FindSuccessfulExecutions([]));
    }

    [Fact]
    public void GetArtifacts_MixedHashes_ReturnsExactlyTheRecordedArtifacts()
    {
        using var folder = new StoreFolder();
        using var store = folder.Open();
        var x = Artifact("x");
        var y = Artifact("y");
        store.Record(new ProvenanceBatch { Artifacts = [x, y] });

        var found = store.GetArtifacts([y.Hash, Hash("missing"), x.Hash]);

        Assert.Equal(new[] { x.Hash, y.Hash }.ToHashSet(), found.Keys.ToHashSet());
        AssertSame(store.GetArtifact(x.Hash), found[x.Hash]);
        AssertSame(store.GetArtifact(y.Hash), found[y.Hash]);
    }

    [Fact]
    public void LatestExecutions_SeveralRuns_MatchTheFirstExecutionOfEachStepsHistory()
    {
        using var folder = new StoreFolder();
        using var store = folder.Open();
        for (var i = 0; i < 4; i++)
        {
            store.BeginRun(Run(RunId(i), Epoch.AddMinutes(i)));
            var execution = Execution("nmf v" + i, RunId(i), i == 3 ? ExecutionStatus.Failed : ExecutionStatus.Succeeded);
            store.RecordExecution(execution);
            store.RecordRunStep(Step(RunId(i), "nmf", execution.StepKey, i == 3 ? RunStepStatus.Failed : RunStepStatus.Succeeded));
            var pca = Execution("pca v" + (i % 2), RunId(i));
            store.RecordExecution(pca);
            store.RecordRunStep(Step(RunId(i), "pca", pca.StepKey));
        }

        store.RecordRunStep(Step(RunId(3), "skipped", null, RunStepStatus.Skipped));

        var latest = store.LatestExecutions(["nmf", "pca", "skipped", "unknown"]);

        Assert.Equal(new[] { "nmf", "pca" }.ToHashSet(), latest.Keys.ToHashSet());
        foreach (var id in new[] { "nmf", "pca" })
        {
            var expected = store.ExecutionsForStep(id).Select(e => e.Execution).First(e => e is not null);
            AssertSame(expected, latest[id]);
        }

        Assert.Equal(ExecutionStatus.Failed, latest["nmf"].Status);
        Assert.Equal(Execution("pca v1", RunId(3)).StepKey, latest["pca"].StepKey);
    }

    [Fact]
    public void LatestExecutions_WorkflowName_IgnoresOtherWorkflowsReusingTheStepId()
    {
        using var folder = new StoreFolder();
        using var store = folder.Open();
        store.BeginRun(Run(RunId(1), Epoch, workflow: "study-a"));
        var a = Execution("nmf in a", RunId(1));
        store.RecordExecution(a);
        store.RecordRunStep(Step(RunId(1), "nmf", a.StepKey));
        store.BeginRun(Run(RunId(2), Epoch.AddMinutes(1), workflow: "study-b"));
        var b = Execution("nmf in b", RunId(2));
        store.RecordExecution(b);
        store.RecordRunStep(Step(RunId(2), "nmf", b.StepKey));

        Assert.Equal(b.StepKey, store.LatestExecutions(["nmf"])["nmf"].StepKey);
        Assert.Equal(a.StepKey, store.LatestExecutions(["nmf"], "study-a")["nmf"].StepKey);
        Assert.Equal(b.StepKey, store.LatestExecutions(["nmf"], "study-b")["nmf"].StepKey);
        Assert.Empty(store.LatestExecutions(["nmf"], "study-c"));
    }

    [Fact]
    public void BulkReads_ReadOnlyStore_Work()
    {
        using var folder = new StoreFolder();
        var a = Execution("a", RunId(1));
        using (var store = folder.Open())
        {
            store.Record(new ProvenanceBatch { Executions = [a], Artifacts = [Artifact("x")] });
        }

        using var reader = folder.OpenReadOnly();
        Assert.Single(reader.FindSuccessfulExecutions([a.StepKey]));
        Assert.Single(reader.GetArtifacts([Artifact("x").Hash]));
        Assert.Empty(reader.LatestExecutions(["nmf"]));
    }
}
