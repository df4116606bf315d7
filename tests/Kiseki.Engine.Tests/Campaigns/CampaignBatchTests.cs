using System.Globalization;
using System.Text.Json.Nodes;
using Kiseki.Engine.Execution;
using Kiseki.Provenance;

namespace Kiseki.Engine.Tests.Campaigns;

/// <summary>Batches evaluated in parallel decide as if evaluated one by one; failed evaluations fail or are skipped.</summary>
public sealed class CampaignBatchTests
{
    [Fact]
    public async Task ParallelBatch_FinishingOutOfOrder_SameOutputsAsSerial()
    {
        var workflow = CampaignHarness.Workflow(mode: "slow", budget: 14, batch: 4);
        using var serial = CampaignHarness.Prepare();
        var one = await serial.RunAsync(CampaignHarness.Load(serial, workflow), new RunRequest { Options = new RunOptions { Jobs = 1 } });
        using var parallel = CampaignHarness.Prepare();
        var four = await parallel.RunAsync(CampaignHarness.Load(parallel, workflow), new RunRequest { Options = new RunOptions { Jobs = 4 } });

        Assert.Equal(RunStatus.Succeeded, four.Summary.Status);
        Assert.Equal(one.Summary["search"].Outputs, four.Summary["search"].Outputs);
        // With one job the evaluator finishes in proposal order; with four the slow (small x) points finish last.
        Assert.NotEqual(CampaignHarness.Calls(serial), CampaignHarness.Calls(parallel));
        Assert.Equal(CampaignHarness.Calls(serial).Order(StringComparer.Ordinal), CampaignHarness.Calls(parallel).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task FailingEvaluation_Default_FailsTheCampaignNamingPointAndError()
    {
        using var harness = CampaignHarness.Prepare();
        var result = await harness.RunAsync(CampaignHarness.Load(harness, CampaignHarness.Workflow(grid: 4, mode: "fail", strategy: "exhaustive", batch: 1)));

        Assert.Equal(RunStatus.Failed, result.Summary.Status);
        var error = result.Summary["search"].Detail!;
        Assert.Contains("\"x\":0.5", error);
        Assert.Contains("no convergence at x=0.5", error);
        Assert.Contains("exited with code 3", error);
        var failed = harness.Provenance.RunSteps(result.Summary.RunId).Single(r => r.Status == RunStepStatus.Failed && r.StepId != "search");
        Assert.StartsWith("search.eval-", failed.StepId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailingEvaluation_Skip_RecordsAndExcludesThePointsVisibly()
    {
        using var harness = CampaignHarness.Prepare();
        var result = await harness.RunAsync(CampaignHarness.Load(harness,
            CampaignHarness.Workflow(grid: 4, mode: "fail", strategy: "exhaustive", batch: 3, onFailure: "skip")));

        Assert.Equal(RunStatus.Succeeded, result.Summary.Status);
        var barrier = JsonNode.Parse(CampaignHarness.Output(harness, result, "barrier"))!;
        var skipped = barrier["skipped"]!.AsArray();
        Assert.Equal(4, skipped.Count);
        Assert.All(skipped, s =>
        {
            Assert.Equal(0.5, s!["point"]!["x"]!.GetValue<double>());
            Assert.Contains("no convergence", s["error"]!.GetValue<string>());
        });
        Assert.Equal(12, barrier["evaluations"]!.GetValue<int>());
        Assert.Equal(4, harness.Provenance.RunSteps(result.Summary.RunId).Count(r => r.Status == RunStepStatus.Failed));
        var rows = CampaignHarness.Output(harness, result, "evaluations").Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(12, rows.Count);
        Assert.DoesNotContain(rows, r => double.Parse(r.Split(',')[4], CultureInfo.InvariantCulture) == 0.5);
    }
}
