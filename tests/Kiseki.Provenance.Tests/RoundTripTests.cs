using Kiseki.Provenance.Tests.Support;
using static Kiseki.Provenance.Tests.Support.Records;

namespace Kiseki.Provenance.Tests;

public sealed class RoundTripTests
{
    [Fact]
    public void Run_BeginAndUpdate_RoundTripsEveryField()
    {
        using var folder = new StoreFolder();
        var run = Run(RunId(1), Epoch) with { GitCommit = null };
        using (var store = folder.Open())
        {
            store.BeginRun(run);
            AssertSame(run, store.GetRun(run.Id));
            store.UpdateRunStatus(run.Id, RunStatus.Failed, Epoch.AddHours(1), "step 'decompose' failed");
        }

        using var reopened = folder.OpenReadOnly();
        AssertSame(run with { Status = RunStatus.Failed, FinishedAt = Epoch.AddHours(1), Error = "step 'decompose' failed" }, reopened.GetRun(run.Id));
        Assert.Null(reopened.GetRun(RunId(2)));
        Assert.Equal(LiteDb.LiteDbProvenanceStore.CurrentSchemaVersion, reopened.SchemaVersion);
    }

    [Fact]
    public void BeginRun_ExistingId_Throws()
    {
        using var folder = new StoreFolder();
        using var store = folder.Open();
        store.BeginRun(Run(RunId(1), Epoch));
        var error = Assert.Throws<ProvenanceStoreException>(() => store.BeginRun(Run(RunId(1), Epoch) with { WorkflowName = "other" }));
        Assert.Contains(RunId(1), error.Message, StringComparison.Ordinal);
        Assert.Equal("eels-decomposition", store.GetRun(RunId(1))!.WorkflowName);
    }

    [Fact]
    public void UpdateRunStatus_UnknownRun_Throws()
    {
        using var folder = new StoreFolder();
        using var store = folder.Open();
        Assert.Throws<ProvenanceStoreException>(() => store.UpdateRunStatus(RunId(5), RunStatus.Succeeded, Epoch, null));
    }

    [Fact]
    public void Execution_Successful_RoundTripsAndFirstWins()
    {
        using var folder = new StoreFolder();
        using var store = folder.Open();
        var first = Execution("a", RunId(1));
        Assert.True(store.RecordExecution(first));
        Assert.False(store.RecordExecution(first with { RunId = RunId(2), Host = "node-2" }));
        AssertSame(first with { AttemptId = first.StepKey.ToString() }, store.FindSuccessfulExecution(first.StepKey));
        Assert.Null(store.FindSuccessfulExecution(Hash("missing")));
    }

    [Fact]
    public void Execution_FailedAttempts_KeptSeparatelyAndNeverReplaceSuccess()
    {
        using var folder = new StoreFolder();
        using var store = folder.Open();
        var failed = Execution("a", RunId(1), ExecutionStatus.Failed) with { Convergence = null };
        Assert.True(store.RecordExecution(failed));
        Assert.True(store.RecordExecution(failed with { Status = ExecutionStatus.Cancelled, StartedAt = Epoch.AddMinutes(1) }));
        Assert.Null(store.FindSuccessfulExecution(failed.StepKey));

        var success = Execution("a", RunId(2));
        Assert.True(store.RecordExecution(success));
        var attempts = store.FailedAttempts(failed.StepKey);
        Assert.Equal(2, attempts.Count);
        Assert.Equal([$"{failed.StepKey}/{RunId(1)}/1", $"{failed.StepKey}/{RunId(1)}/2"], attempts.Select(a => a.AttemptId));
        AssertSame(failed with { AttemptId = attempts[0].AttemptId }, attempts[0]);
        Assert.Equal(ExecutionStatus.Cancelled, attempts[1].Status);
        Assert.Equal(RunId(2), store.FindSuccessfulExecution(failed.StepKey)!.RunId);
    }

    [Fact]
    public void RunStep_Upsert_ReplacesAndKeepsOrder()
    {
        using var folder = new StoreFolder();
        using var store = folder.Open();
        var runId = RunId(1);
        store.RecordRunStep(Step(runId, "load", Hash("k1"), RunStepStatus.Running));
        store.RecordRunStep(Step(runId, "nmf[k=3]", null, RunStepStatus.Skipped));
        var finished = Step(runId, "load", Hash("k1"), RunStepStatus.Cached);
        store.RecordRunStep(finished);
        store.RecordRunStep(Step(RunId(2), "load", Hash("k1")));

        var steps = store.RunSteps(runId);
        Assert.Equal(["load", "nmf[k=3]"], steps.Select(s => s.StepId));
        AssertSame(finished, steps[0]);
        AssertSame(Step(runId, "nmf[k=3]", null, RunStepStatus.Skipped), steps[1]);
        Assert.Equal("nmf", steps[1].DeclaredStepId);
        Assert.Empty(store.RunSteps(RunId(3)));
    }

    [Fact]
    public void ArtifactAndEnvironment_RecordTwice_IdempotentRoundTrip()
    {
        using var folder = new StoreFolder();
        using var store = folder.Open();
        var artifact = Artifact("x", Hash("producer"));
        store.RecordArtifact(artifact);
        store.RecordArtifact(artifact with { Kind = "other" });
        AssertSame(artifact, store.GetArtifact(artifact.Hash));
        var blob = Artifact("blob") with { Shape = null, DType = null, ProducedBy = null, Blobs = [] };
        store.RecordArtifact(blob);
        AssertSame(blob, store.GetArtifact(blob.Hash));
        Assert.Null(store.GetArtifact(Hash("none")));

        var environment = new EnvironmentRecord(Hash("env"), "{\"os\":\"linux\",\"cores\":2,\"isa\":[\"avx2\"]}");
        store.RecordEnvironment(environment);
        store.RecordEnvironment(environment with { ContentJson = "{}" });
        Assert.Equal(environment, store.GetEnvironment(environment.Id));
        Assert.Null(store.GetEnvironment(Hash("none")));
    }

    [Fact]
    public void Record_Batch_WritesEveryRecord()
    {
        using var folder = new StoreFolder();
        using var store = folder.Open();
        var execution = Execution("b", RunId(1));
        var batch = new ProvenanceBatch
        {
            Environments = [new EnvironmentRecord(Hash("env"), "{}")],
            Artifacts = [Artifact("b", execution.StepKey)],
            Executions = [execution],
            RunSteps = [Step(RunId(1), "b", execution.StepKey)],
        };
        store.Record(batch);
        Assert.NotNull(store.GetEnvironment(Hash("env")));
        Assert.NotNull(store.GetArtifact(Artifact("b").Hash));
        Assert.NotNull(store.FindSuccessfulExecution(execution.StepKey));
        Assert.Single(store.RunSteps(RunId(1)));
    }

    [Fact]
    public void ListRuns_Limit_NewestFirst()
    {
        using var folder = new StoreFolder();
        using var store = folder.Open();
        foreach (var i in new[] { 3, 1, 4, 0, 2 })
        {
            store.BeginRun(Run(RunId(i), Epoch.AddMinutes(i)));
        }

        Assert.Equal([RunId(4), RunId(3), RunId(2)], store.ListRuns(3).Select(r => r.Id));
        Assert.Equal(5, store.ListRuns(100).Count);
    }
}
