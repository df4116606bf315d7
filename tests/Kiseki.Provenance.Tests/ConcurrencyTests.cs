using Kiseki.Provenance.Tests.Support;
using static Kiseki.Provenance.Tests.Support.Records;

namespace Kiseki.Provenance.Tests;

public sealed class ConcurrencyTests
{
    private const int Count = 200;

    [Fact]
    public void TwoProcessesAndReader_Writing200ExecutionsEach_EveryRecordPresent()
    {
        using var folder = new StoreFolder();
        folder.Open().Dispose();
        using var first = ChildWork.Start("write", folder.Path, "alpha", Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var second = ChildWork.Start("write", folder.Path, "beta", Count.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // A reader polls while both write, as `kiseki log` would.
        var polls = 0;
        using (var reader = folder.OpenReadOnly())
        {
            while (!first.HasExited || !second.HasExited)
            {
                foreach (var run in reader.ListRuns(10))
                {
                    Assert.True(reader.RunSteps(run.Id).Count <= Count);
                }

                polls++;
                Thread.Sleep(20);
            }
        }

        ChildWork.WaitSuccess(first);
        ChildWork.WaitSuccess(second);
        Assert.True(polls > 0);

        using var store = folder.Open();
        foreach (var label in new[] { "alpha", "beta" })
        {
            var runId = ChildWork.RunId(label);
            Assert.Equal(RunStatus.Succeeded, store.GetRun(runId)!.Status);
            var steps = store.RunSteps(runId);
            Assert.Equal(Enumerable.Range(0, Count).Select(i => "step" + i), steps.Select(s => s.StepId));
            for (var i = 0; i < Count; i++)
            {
                var expected = Execution(ChildWork.ExecutionLabel(label, i), runId);
                AssertSame(expected with { AttemptId = expected.StepKey.ToString() }, store.FindSuccessfulExecution(expected.StepKey));
                Assert.Equal(expected.StepKey, steps[i].StepKey);
                Assert.NotNull(store.GetArtifact(Artifact(ChildWork.ExecutionLabel(label, i)).Hash));
            }
        }

        // Keys both processes computed: exactly one success each, from one of the two runs.
        for (var i = 0; i < ChildWork.SharedCount; i++)
        {
            var shared = store.FindSuccessfulExecution(Execution(ChildWork.SharedLabel(i), "x").StepKey);
            Assert.Contains(shared!.RunId, new[] { ChildWork.RunId("alpha"), ChildWork.RunId("beta") });
        }
    }

    [Fact]
    public void Open_AfterWriterKilledMidTransaction_StoreOpensAndCommittedRecordsIntact()
    {
        using var folder = new StoreFolder();
        folder.Open().Dispose();
        var runId = ChildWork.RunId("churn");
        for (var round = 0; round < 3; round++)
        {
            var label = "churn";
            using var child = ChildWork.Start("churn", folder.Path, label + round);
            ChildWork.WaitReady(child);
            Thread.Sleep(150 + (97 * round));
            child.Kill();
            child.WaitForExit();

            using var store = folder.Open();
            var childRun = ChildWork.RunId(label + round);
            Assert.Equal(RunStatus.Interrupted, store.GetRun(childRun)!.Status);
            var steps = store.RunSteps(childRun);
            Assert.NotEmpty(steps);
            foreach (var step in steps)
            {
                // Batches are atomic: a recorded step always has its execution and artifact.
                Assert.NotNull(store.FindSuccessfulExecution(step.StepKey!.Value));
            }

            store.BeginRun(Run(RunId(100 + round), Epoch));
            Assert.NotNull(store.GetRun(RunId(100 + round)));
        }

        Assert.NotEqual(string.Empty, runId);
    }
}
