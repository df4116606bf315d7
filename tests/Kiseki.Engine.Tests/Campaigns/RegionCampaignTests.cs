using System.Globalization;
using System.Text.Json.Nodes;
using Kiseki.Engine.Execution;
using Kiseki.Provenance;

namespace Kiseki.Engine.Tests.Campaigns;

/// <summary>
/// precipitate.low-error-region@2 in the engine: one recorded evaluation per proposed point and no other, resume
/// without re-evaluation to the uninterrupted outputs, batch decisions independent of finishing order.
/// </summary>
public sealed class RegionCampaignTests
{
    private const string BuiltIn = """
              method: precipitate.shape-discrepancy@1
              params: { radii: [2, 5, 10, 20, 40], aspect_ratios: [1.503, 2.003, 3.091, 4.337, 5.890], aspect_ratio_max: 12 }
        """;

    /// <summary>y = ln²(γ/0.1) + ln²(ε/0.05) written by awk; sleeps longer for small γ; appends the point to $3.</summary>
    private const string Script = """
        awk -v out="$2" -v mode="$4" '{
          gsub(/[{}"]/, ""); n = split($0, kv, ",");
          for (i = 1; i <= n; i++) { split(kv[i], p, ":"); v[p[1]] = p[2] + 0 }
          if (mode == "slow") { system("sleep " (0.5 - v["interface_energy"])) }
          a = log(v["interface_energy"] / 0.1); b = log(v["misfit"] / 0.05);
          printf "{\"value\": %.17g}\n", a * a + b * b > out
        }' "$1" || exit $?
        printf '%s\n' "$(cat "$1")" >> "$3"
        """;

    private static string Workflow(string evaluate, int budget = 30, int batch = 4)
        => string.Create(CultureInfo.InvariantCulture, $$"""
        kiseki: 1
        name: region
        seed: 7
        steps:
          search:
            method: precipitate.low-error-region@2
            params: { grid_size: 16, budget: {{budget}}, batch_size: {{batch}}, initial_points: 6, threshold: 0.05 }
            evaluate:
        {{evaluate}}
        """);

    private static string Command(string mode) => """
              command: ["/bin/sh", "y.sh", "{inputs.point}", "{outputs.value}", "{params.counter}", "MODE"]
              params: { counter: counter.txt }
              sources: [y.sh]
              outputs: { value: value.json }
        """.Replace("MODE", mode, StringComparison.Ordinal);

    private static List<RunStepRecord> Evaluations(Integration.EngineHarness harness, RunResult result)
        => [.. harness.Provenance.RunSteps(result.Summary.RunId).Where(r => r.StepId.StartsWith("search.eval-", StringComparison.Ordinal))];

    [Fact]
    public async Task BuiltInEvaluator_RecordsExactlyTheProposedPoints_RerunEvaluatesNothing()
    {
        using var harness = new Integration.EngineHarness();
        var first = await harness.RunAsync(harness.Load(Workflow(BuiltIn)));
        Assert.Equal(RunStatus.Succeeded, first.Summary.Status);

        var rows = Evaluations(harness, first);
        Assert.Equal(30, rows.Count);
        Assert.All(rows, r => Assert.Equal(RunStepStatus.Succeeded, r.Status));
        var summary = JsonNode.Parse(CampaignHarness.Output(harness, first, "summary"))!;
        Assert.Equal(30, summary["evaluations"]!.GetValue<int>());
        Assert.Null(summary["final_f1"]);
        Assert.DoesNotContain("f1_curve", first.Summary["search"].Outputs.Keys);
        var listed = CampaignHarness.Output(harness, first, "evaluations").Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.Equal(30, listed.Count);
        Assert.Equal(30, listed.Distinct().Count());

        var second = await harness.RunAsync(harness.Load(Workflow(BuiltIn)));
        Assert.Equal(RunStepStatus.Cached, second.Summary["search"].Status);
        Assert.DoesNotContain(Evaluations(harness, second), r => r.Status == RunStepStatus.Succeeded);
        Assert.Equal(first.Summary["search"].Outputs, second.Summary["search"].Outputs);
    }

    [Fact]
    public async Task VerifyExecute_RedrivesTheCampaignFromTheRecordedEvaluations()
    {
        using var directory = new Kiseki.Testing.TempDirectory();
        var path = directory.Combine("region.yaml");
        File.WriteAllText(path, Workflow(BuiltIn, budget: 14));
        var store = directory.Combine("store");
        var (code, run) = await Cli.CliTests.RunAsync(["run", path, "--store", store]);
        Assert.True(code == 0, run);
        var (again, rerun) = await Cli.CliTests.RunAsync(["run", path, "--store", store]);
        Assert.True(again == 0, rerun);

        // both the run that evaluated the points and the re-run whose search was a cache hit verify
        foreach (var text in new[] { run, rerun })
        {
            var runId = System.Text.RegularExpressions.Regex.Match(text, "run (\\w+) succeeded").Groups[1].Value;
            var (verifyCode, verify) = await Cli.CliTests.RunAsync(["verify", runId, "--execute", "--store", store]);
            Assert.True(verifyCode == 0, verify);
            Assert.Matches("identical +search.summary", verify);
            Assert.Matches("identical +search.evaluations", verify);
            Assert.DoesNotContain("different", verify.Replace("0 different", "", StringComparison.Ordinal), StringComparison.Ordinal);
        }

        // the lineage of a search output reaches every evaluation it used, in proposal order
        var (lineageCode, lineage) = await Cli.CliTests.RunAsync(["lineage", "search.summary", "--store", store]);
        Assert.True(lineageCode == 0, lineage);
        var evaluations = System.Text.RegularExpressions.Regex.Matches(lineage, "search\\.eval-(\\d{4})\\.value \\[precipitate\\.shape-discrepancy@1")
            .Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(Enumerable.Range(0, 14).Select(i => i.ToString("D4", CultureInfo.InvariantCulture)), evaluations);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task Cancelled_BetweenBatches_ResumeReadsRecordedPointsAndMatchesUninterrupted(int reports)
    {
        using var straight = new Integration.EngineHarness();
        var expected = await straight.RunAsync(straight.Load(Workflow(BuiltIn)));

        using var resumed = new Integration.EngineHarness();
        using var cancel = new CancellationTokenSource();
        var interrupted = await resumed.RunAsync(
            resumed.Load(Workflow(BuiltIn)), observer: new CancelAfterProgress(reports, cancel), cancellationToken: cancel.Token);
        Assert.Equal(RunStatus.Cancelled, interrupted.Summary.Status);
        var before = Evaluations(resumed, interrupted).Count(r => r.Status == RunStepStatus.Succeeded);
        Assert.Equal(6 + (4 * (reports - 1)), before);

        var finished = await resumed.RunAsync(resumed.Load(Workflow(BuiltIn)));
        Assert.Equal(expected.Summary["search"].Outputs, finished.Summary["search"].Outputs);
        var rows = Evaluations(resumed, finished);
        Assert.Equal(30, rows.Count);
        Assert.Equal(before, rows.Count(r => r.Status == RunStepStatus.Cached));
        Assert.Equal(30 - before, rows.Count(r => r.Status == RunStepStatus.Succeeded));
    }

    [Fact]
    public async Task CommandEvaluator_ParallelBatchFinishingOutOfOrder_SameOutputsAsSerial()
    {
        var workflow = Workflow(Command("slow"), budget: 14);
        using var serial = CampaignHarness.Prepare();
        serial.Write("y.sh", Script);
        var one = await serial.RunAsync(CampaignHarness.Load(serial, workflow), new RunRequest { Options = new RunOptions { Jobs = 1 } });
        using var parallel = CampaignHarness.Prepare();
        parallel.Write("y.sh", Script);
        var four = await parallel.RunAsync(CampaignHarness.Load(parallel, workflow), new RunRequest { Options = new RunOptions { Jobs = 4 } });

        Assert.Equal(RunStatus.Succeeded, four.Summary.Status);
        Assert.Equal(one.Summary["search"].Outputs, four.Summary["search"].Outputs);
        Assert.Equal(14, CampaignHarness.Calls(parallel).Count);
        Assert.NotEqual(CampaignHarness.Calls(serial), CampaignHarness.Calls(parallel));
        Assert.Equal(CampaignHarness.Calls(serial).Order(StringComparer.Ordinal), CampaignHarness.Calls(parallel).Order(StringComparer.Ordinal));
    }
}
