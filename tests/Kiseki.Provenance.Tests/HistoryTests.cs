using Kiseki.Provenance.Tests.Support;
using static Kiseki.Provenance.Tests.Support.Records;

namespace Kiseki.Provenance.Tests;

public sealed class HistoryTests
{
    [Fact]
    public void ResolveRunId_UniqueAmbiguousUnknown()
    {
        using var folder = new StoreFolder();
        using var store = folder.Open();
        var a = Ulid.Create(Epoch, [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
        var b = Ulid.Create(Epoch, [1, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
        var c = Ulid.Create(Epoch.AddDays(400), [1, 1, 1, 1, 1, 1, 1, 1, 1, 1]);
        store.BeginRun(Run(a, Epoch));
        store.BeginRun(Run(b, Epoch.AddSeconds(1)));
        store.BeginRun(Run(c, Epoch.AddDays(400)));

        var unique = store.ResolveRunId(c[..8].ToLowerInvariant());
        Assert.Equal(RunIdResolutionKind.Unique, unique.Kind);
        Assert.Equal(c, unique.GetIdOrThrow());
        Assert.Equal(a, store.ResolveRunId(a).RunId);
        Assert.Equal(b, store.ResolveRunId(b.ToLowerInvariant()).RunId);

        var ambiguous = store.ResolveRunId(a[..20]);
        Assert.Equal(RunIdResolutionKind.Ambiguous, ambiguous.Kind);
        Assert.Equal([b, a], ambiguous.Candidates.Select(r => r.Id));
        Assert.Contains(a, ambiguous.Message, StringComparison.Ordinal);
        Assert.Contains(b, ambiguous.Message, StringComparison.Ordinal);
        var error = Assert.Throws<ProvenanceStoreException>(() => ambiguous.GetIdOrThrow());
        Assert.Contains("ambiguous", error.Message, StringComparison.Ordinal);

        var unknown = store.ResolveRunId("ZZZ");
        Assert.Equal(RunIdResolutionKind.NotFound, unknown.Kind);
        Assert.Contains("no run with id 'ZZZ'", unknown.Message, StringComparison.Ordinal);
        Assert.Throws<ProvenanceStoreException>(() => unknown.GetIdOrThrow());
        Assert.Equal(RunIdResolutionKind.NotFound, store.ResolveRunId("  ").Kind);
    }

    [Fact]
    public void ExecutionsForStep_BeforeRun_PreviousRunsOfSameWorkflowNewestFirst()
    {
        using var folder = new StoreFolder();
        using var store = folder.Open();
        for (var i = 0; i < 4; i++)
        {
            var workflow = i == 2 ? "other" : "eels-decomposition";
            store.BeginRun(Run(RunId(i), Epoch.AddMinutes(i), workflow));
            var execution = Execution("nmf v" + i, RunId(i), i == 1 ? ExecutionStatus.Failed : ExecutionStatus.Succeeded);
            store.RecordExecution(execution);
            store.RecordRunStep(Step(RunId(i), "nmf", execution.StepKey, i == 1 ? RunStepStatus.Failed : RunStepStatus.Succeeded));
        }

        store.RecordRunStep(Step(RunId(3), "skipped", null, RunStepStatus.Skipped));

        var all = store.ExecutionsForStep("nmf");
        Assert.Equal([RunId(3), RunId(2), RunId(1), RunId(0)], all.Select(h => h.RunStep.RunId));

        var previous = store.ExecutionsForStep("nmf", beforeRunId: RunId(3));
        Assert.Equal([RunId(1), RunId(0)], previous.Select(h => h.RunStep.RunId));
        Assert.Equal(ExecutionStatus.Failed, previous[0].Execution!.Status);
        Assert.Equal(Execution("nmf v0", RunId(0)).StepKey, previous[1].Execution!.StepKey);
        Assert.Empty(store.ExecutionsForStep("skipped"));
        Assert.Throws<ProvenanceStoreException>(() => store.ExecutionsForStep("nmf", beforeRunId: RunId(9)));
    }

    [Fact]
    public void ReferencedObjectHashes_CoverArtifactsBlobsInputsAndOutputs()
    {
        using var folder = new StoreFolder();
        using var store = folder.Open();
        var first = Execution("one", RunId(1));
        var second = Execution("two", RunId(2));
        store.Record(new ProvenanceBatch
        {
            Executions = [first],
            RunSteps = [Step(RunId(1), "one", first.StepKey)],
            Artifacts = [Artifact("x") with { Hash = first.OutputHashes["factors"] }],
        });
        store.Record(new ProvenanceBatch { Executions = [second], RunSteps = [Step(RunId(2), "two", second.StepKey)] });

        var all = store.AllReferencedObjectHashes();
        var expectedAll = first.InputHashes.Values.Concat(first.OutputHashes.Values)
            .Concat(second.InputHashes.Values).Concat(second.OutputHashes.Values)
            .Concat(Artifact("x").Blobs);
        Assert.Equal(expectedAll.ToHashSet(), all.ToHashSet());

        var ofFirst = store.ObjectHashesReferencedByRuns([RunId(1)]);
        Assert.Equal(first.InputHashes.Values.Concat(first.OutputHashes.Values).Concat(Artifact("x").Blobs).ToHashSet(), ofFirst.ToHashSet());
        Assert.DoesNotContain(second.OutputHashes["factors"], ofFirst);
    }
}
