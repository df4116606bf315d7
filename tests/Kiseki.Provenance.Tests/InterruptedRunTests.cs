using System.Diagnostics;
using Kiseki.Provenance.Tests.Support;
using static Kiseki.Provenance.Tests.Support.Records;

namespace Kiseki.Provenance.Tests;

public sealed class InterruptedRunTests
{
    private static readonly DateTimeOffset Now = new(2026, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void MarkInterruptedRuns_DeadLocalPid_MarksOnlyThatRun()
    {
        using var folder = new StoreFolder();
        var dead = DeadProcess();
        var options = new ProvenanceOpenOptions { TimeProvider = new FixedClock(Now), MarkInterruptedRunsOnOpen = false };
        using var store = folder.Open(options);
        store.BeginRun(Run(RunId(1), Epoch, process: dead));
        store.BeginRun(Run(RunId(2), Epoch, process: ProcessIdentity.Current()));
        store.BeginRun(Run(RunId(3), Epoch));
        store.BeginRun(Run(RunId(4), Epoch, process: dead) with { Status = RunStatus.Succeeded, FinishedAt = Epoch });
        store.RecordRunStep(Step(RunId(1), "load", Hash("k1")));
        store.RecordRunStep(Step(RunId(1), "decompose", Hash("k2"), RunStepStatus.Running));
        store.RecordRunStep(Step(RunId(1), "plot", null, RunStepStatus.Pending));

        Assert.Equal([RunId(1)], store.MarkInterruptedRuns());

        var interrupted = store.GetRun(RunId(1))!;
        Assert.Equal(RunStatus.Interrupted, interrupted.Status);
        Assert.Equal(Now, interrupted.FinishedAt);
        Assert.Contains($"pid {dead.ProcessId}", interrupted.Error, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Running, store.GetRun(RunId(2))!.Status);
        Assert.Equal(RunStatus.Running, store.GetRun(RunId(3))!.Status);
        Assert.Equal(RunStatus.Succeeded, store.GetRun(RunId(4))!.Status);
        Assert.Equal(
            [RunStepStatus.Succeeded, RunStepStatus.Cancelled, RunStepStatus.Cancelled],
            store.RunSteps(RunId(1)).Select(s => s.Status));
        Assert.Empty(store.MarkInterruptedRuns());
    }

    [Fact]
    public void MarkInterruptedRuns_PidReusedByLaterProcess_MarksRun()
    {
        using var folder = new StoreFolder();
        var current = ProcessIdentity.Current();
        using var store = folder.Open(new ProvenanceOpenOptions { MarkInterruptedRunsOnOpen = false });
        store.BeginRun(Run(RunId(1), Epoch, process: current with { StartedAt = current.StartedAt!.Value.AddHours(-3) }));
        Assert.Equal([RunId(1)], store.MarkInterruptedRuns());
    }

    [Fact]
    public void Open_RunOfKilledChildProcess_RecordedInterrupted()
    {
        using var folder = new StoreFolder();
        folder.Open().Dispose();
        var runId = RunId(7);
        using (var child = ChildWork.Start("hold", folder.Path, runId))
        {
            ChildWork.WaitReady(child);
            using (var reader = folder.OpenReadOnly())
            {
                Assert.Equal(RunStatus.Running, reader.GetRun(runId)!.Status);
            }

            using (var live = folder.Open())
            {
                Assert.Equal(RunStatus.Running, live.GetRun(runId)!.Status);
            }

            child.Kill();
            child.WaitForExit();
        }

        using var store = folder.Open(new ProvenanceOpenOptions { TimeProvider = new FixedClock(Now) });
        var run = store.GetRun(runId)!;
        Assert.Equal(RunStatus.Interrupted, run.Status);
        Assert.Equal(Now, run.FinishedAt);
        Assert.Equal([RunStepStatus.Succeeded, RunStepStatus.Cancelled], store.RunSteps(runId).Select(s => s.Status));
    }

    /// <summary>The identity of a process that has exited.</summary>
    private static ProcessIdentity DeadProcess()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        var startedAt = new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        process.WaitForExit();
        return new ProcessIdentity(Environment.MachineName, process.Id, startedAt);
    }
}
