using Kiseki.Engine.Execution;
using Kiseki.Provenance;

namespace Kiseki.Engine.Tests.Campaigns;

/// <summary>
/// Campaigns whose evaluations are recorded steps: an interrupted campaign resumes without evaluating a recorded point
/// again and ends byte-identical to an uninterrupted one; a finished campaign re-run evaluates nothing.
/// </summary>
public sealed class CampaignResumeTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    public async Task Cancelled_BetweenBatches_ResumeEvaluatesEachPointOnceAndMatchesUninterrupted(int reports)
    {
        using var straight = CampaignHarness.Prepare();
        var workflow = CampaignHarness.Workflow();
        var expected = await straight.RunAsync(CampaignHarness.Load(straight, workflow));
        Assert.Equal(RunStatus.Succeeded, expected.Summary.Status);
        var calls = CampaignHarness.Calls(straight);
        Assert.Equal(24, calls.Count);
        Assert.Equal(calls.Count, calls.Distinct().Count());

        using var resumed = CampaignHarness.Prepare();
        using var cancel = new CancellationTokenSource();
        var interrupted = await resumed.RunAsync(
            CampaignHarness.Load(resumed, workflow), observer: new CancelAfterProgress(reports, cancel), cancellationToken: cancel.Token);
        Assert.Equal(RunStatus.Cancelled, interrupted.Summary.Status);
        var before = CampaignHarness.Calls(resumed).Count;
        Assert.Equal(6 + (2 * reports), before);

        var finished = await resumed.RunAsync(CampaignHarness.Load(resumed, workflow));
        Assert.Equal(RunStatus.Succeeded, finished.Summary.Status);
        var all = CampaignHarness.Calls(resumed);
        Assert.Equal(calls.Count, all.Count);
        Assert.Equal(calls.Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
        foreach (var port in new[] { "barrier", "evaluations", "trace", "minimum", "bottleneck" })
        {
            Assert.Equal(expected.Summary["search"].Outputs[port], finished.Summary["search"].Outputs[port]);
        }

        var rows = resumed.Provenance.RunSteps(finished.Summary.RunId).Where(r => r.StepId.StartsWith("search.eval-", StringComparison.Ordinal)).ToList();
        Assert.Equal(24, rows.Count);
        Assert.Equal(before, rows.Count(r => r.Status == RunStepStatus.Cached));
        Assert.Equal(24 - before, rows.Count(r => r.Status == RunStepStatus.Succeeded));
    }

    [Fact]
    public async Task Cancelled_DuringAnEvaluation_ResumeRepeatsAtMostTheInterruptedBatch()
    {
        using var straight = CampaignHarness.Prepare();
        var workflow = CampaignHarness.Workflow(mode: "slow", budget: 14);
        var expected = await straight.RunAsync(CampaignHarness.Load(straight, workflow));
        var total = CampaignHarness.Calls(straight).Count;

        using var resumed = CampaignHarness.Prepare();
        using var cancel = new CancellationTokenSource();
        var run = resumed.RunAsync(CampaignHarness.Load(resumed, workflow), cancellationToken: cancel.Token);
        while (CampaignHarness.Calls(resumed).Count < 8 && !run.IsCompleted)
        {
            await Task.Delay(20);
        }

        await cancel.CancelAsync();
        Assert.Equal(RunStatus.Cancelled, (await run).Summary.Status);
        var finished = await resumed.RunAsync(CampaignHarness.Load(resumed, workflow));
        Assert.Equal(expected.Summary["search"].Outputs, finished.Summary["search"].Outputs);
        Assert.InRange(CampaignHarness.Calls(resumed).Count, total, total + 2);
    }

    [Fact]
    public async Task FinishedCampaign_RunAgain_EvaluatesNothing()
    {
        using var harness = CampaignHarness.Prepare();
        var workflow = CampaignHarness.Workflow();
        var plan = await harness.Runner().PlanAsync(CampaignHarness.Load(harness, workflow), new RunRequest(), CancellationToken.None);
        Assert.Contains("evaluates each point as a step search.eval-NNNN with kiseki.command@1 (on_failure: fail)", Kiseki.Cli.Commands.PlanCommand.Render(plan));
        var first = await harness.RunAsync(CampaignHarness.Load(harness, workflow));
        var calls = CampaignHarness.Calls(harness).Count;

        var second = await harness.RunAsync(CampaignHarness.Load(harness, workflow));
        Assert.Equal(RunStepStatus.Cached, second.Summary["search"].Status);
        Assert.Equal(calls, CampaignHarness.Calls(harness).Count);
        Assert.Equal(first.Summary["search"].Outputs, second.Summary["search"].Outputs);

        // A campaign with another seed proposes other points, but reads every point it shares with the first.
        var other = await harness.RunAsync(CampaignHarness.Load(harness, CampaignHarness.Workflow(seed: 12)));
        Assert.Equal(RunStatus.Succeeded, other.Summary.Status);
        var reused = harness.Provenance.RunSteps(other.Summary.RunId).Count(r => r.Status == RunStepStatus.Cached);
        Assert.True(reused > 0, "the second campaign shares no point with the first");
        Assert.Equal(calls + 24 - reused, CampaignHarness.Calls(harness).Count);
    }
}
