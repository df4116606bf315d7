using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kiseki.Provenance;
using Kiseki.Reliability.Tests.Support;
using Kiseki.Testing;

namespace Kiseki.Reliability.Tests;

/// <summary>
/// Two <c>kiseki run</c> processes of overlapping workflows on one store, with <c>kiseki log</c>/<c>show</c> polling
/// beside them: both finish, every shared step is computed once (the other run finds it cached through the
/// per-step-key lock), and every record is present and readable.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class ConcurrencyTests
{
    [Fact]
    public void Run_TwoProcessesWithOverlappingWorkflowsAndAReader_EachSharedStepComputedOnce()
    {
        using var folder = new TempDirectory();
        var store = folder.Combine("store");
        var first = folder.Combine("a.yaml");
        var second = folder.Combine("b.yaml");
        File.WriteAllText(first, Workflows.Overlapping("only_a", 1.0));
        File.WriteAllText(second, Workflows.Overlapping("only_b", 2.0));

        var outputA = new StringBuilder();
        var outputB = new StringBuilder();
        using var runA = KisekiProcess.Start(outputA, "run", first, "--store", store, "--jobs", "2");
        // Start the second run once the first is computing the slow shared step, so both want it at once.
        var wait = Stopwatch.StartNew();
        while (!Regex.IsMatch(KisekiProcess.Text(outputA), @"\sone(\s|$)", RegexOptions.Multiline) && !runA.HasExited
               && wait.Elapsed < TimeSpan.FromMinutes(1))
        {
            Thread.Sleep(20);
        }

        using var runB = KisekiProcess.Start(outputB, "run", second, "--store", store, "--jobs", "2");
        var reads = 0;
        var deadline = Stopwatch.StartNew();
        while (!(runA.HasExited && runB.HasExited) && deadline.Elapsed < TimeSpan.FromMinutes(2))
        {
            var (code, log) = KisekiProcess.Run("log", "--store", store, "--json");
            if (code != 0 && log.Contains("no provenance store at", StringComparison.Ordinal))
            {
                // Neither run has created the store yet.
                Thread.Sleep(100);
                continue;
            }

            Assert.True(code == 0, "log failed while runs were writing:\n" + log);
            var runs = JsonNode.Parse(log)!.AsArray();
            foreach (var run in runs)
            {
                var id = run!["id"]?.GetValue<string>() ?? run["runId"]?.GetValue<string>();
                Assert.False(string.IsNullOrEmpty(id), "a run without id:\n" + log);
                var (showCode, shown) = KisekiProcess.Run("show", id!, "--store", store);
                Assert.True(showCode == 0, $"show {id} failed while runs were writing:\n{shown}");
                reads++;
            }
        }

        runA.WaitForExit();
        runB.WaitForExit();
        Assert.True(runA.ExitCode == 0, KisekiProcess.Text(outputA));
        Assert.True(runB.ExitCode == 0, KisekiProcess.Text(outputB));

        using var provenance = StoreChecks.OpenReadOnly(store);
        var runsDone = provenance.ListRuns(100);
        Assert.Equal(2, runsDone.Count);
        Assert.All(runsDone, r => Assert.Equal(RunStatus.Succeeded, r.Status));
        var steps = runsDone.SelectMany(r => provenance.RunSteps(r.Id)).ToList();

        // The runs overlapped: the second began (after planning) before the first had recorded the slow step.
        var firstRun = runsDone.Single(r => r.WorkflowName == "overlap-only_a");
        var secondRun = runsDone.Single(r => r.WorkflowName == "overlap-only_b");
        var slowFinished = steps.Where(s => s.StepId == "slow" && s.Status == RunStepStatus.Succeeded).Min(s => s.FinishedAt);
        Assert.True(secondRun.StartedAt < slowFinished && firstRun.StartedAt < slowFinished,
            $"the runs did not overlap (first {firstRun.StartedAt:O}, second {secondRun.StartedAt:O}, slow done {slowFinished:O}); " +
            "the test proves nothing on this machine now.");
        Assert.Equal(10, steps.Count);
        foreach (var group in steps.Where(s => s.StepId is "shared" or "one" or "slow" or "sum").GroupBy(s => s.StepId))
        {
            Assert.Equal(2, group.Count());
            Assert.Single(group.Select(s => s.StepKey).Distinct());
            var computed = group.Count(s => s.Status == RunStepStatus.Succeeded);
            Assert.True(computed == 1,
                $"step {group.Key} was computed {computed} times:\n{KisekiProcess.Text(outputA)}\n{KisekiProcess.Text(outputB)}");
            Assert.Contains(group, s => s.Status == RunStepStatus.Cached);
            Assert.NotNull(provenance.FindSuccessfulExecution(group.First().StepKey!.Value));
        }

        Assert.All(steps.Where(s => s.StepId is "only_a" or "only_b"), s => Assert.Equal(RunStepStatus.Succeeded, s.Status));
        StoreChecks.AssertReferencedOutputsIntact(provenance, store);
        StoreChecks.AssertObjectsMatchTheirNames(store);
    }
}
