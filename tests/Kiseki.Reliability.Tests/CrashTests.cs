using System.Diagnostics;
using System.Text;
using Kiseki.Provenance;
using Kiseki.Reliability.Tests.Support;
using Kiseki.Testing;

namespace Kiseki.Reliability.Tests;

/// <summary>
/// Child <c>kiseki run</c> processes killed with SIGKILL at seeded moments: the store must open cleanly, keep every
/// earlier run intact, hold no object under a wrong hash, mark the killed run interrupted, and reuse finished steps.
/// </summary>
[Collection(ProcessCollection.Name)]
public sealed class CrashTests
{
    private const int KillPoints = 20;

    [Fact]
    public void Run_KilledAtSeededMoments_StoreStaysConsistentAndFinishedStepsAreReused()
    {
        using var folder = new TempDirectory();
        var store = folder.Combine("store");

        // Calibrate: how long one full run takes on this machine now (start-up included). The first run into a new
        // store also pays for creating it and for cold caches, so a second run of another seed is timed too and the
        // shorter one is taken: kills timed from the cold run alone came after most later runs had finished.
        var total = double.PositiveInfinity;
        foreach (var seed in new[] { 999, 998 })
        {
            var calibration = Stopwatch.StartNew();
            var (code, output) = KisekiProcess.Run("run", Write(folder, seed), "--store", store, "--jobs", "1");
            Assert.True(code == 0, output);
            total = Math.Min(total, calibration.Elapsed.TotalMilliseconds);
        }

        var random = new Random(20240611);
        var interrupted = 0;
        var reusedSteps = 0;
        var log = new StringBuilder();
        for (var point = 0; point < KillPoints; point++)
        {
            IReadOnlyDictionary<string, string> before;
            using (var provenance = StoreChecks.OpenReadOnly(store))
            {
                before = StoreChecks.Snapshot(provenance);
            }

            var workflow = Write(folder, point);
            var delay = TimeSpan.FromMilliseconds(total * (0.35 + (0.75 * random.NextDouble())));
            var childOutput = new StringBuilder();
            using (var child = KisekiProcess.Start(childOutput, "run", workflow, "--store", store, "--jobs", "1"))
            {
                child.WaitForExit(delay);
                KisekiProcess.KillHard(child);
            }

            // The next open (read-write) detects the killed run.
            using var reopened = StoreChecks.OpenReadWrite(store);
            var after = StoreChecks.Snapshot(reopened);
            foreach (var (id, text) in before)
            {
                Assert.True(after.TryGetValue(id, out var now) && now == text,
                    $"kill point {point}: earlier run {id} changed.\nbefore:\n{text}\nafter:\n{now}");
            }

            StoreChecks.AssertObjectsMatchTheirNames(store);
            StoreChecks.AssertReferencedOutputsIntact(reopened, store);
            var killed = reopened.ListRuns(10_000).Where(r => !before.ContainsKey(r.Id)).ToList();
            Assert.True(killed.Count <= 1, $"kill point {point}: {killed.Count} new runs");
            Assert.All(reopened.ListRuns(10_000), r => Assert.NotEqual(RunStatus.Running, r.Status));
            if (killed.Count == 1)
            {
                var run = killed[0];
                Assert.True(run.Status is RunStatus.Interrupted or RunStatus.Succeeded,
                    $"kill point {point}: run {run.Id} is {run.Status}");
                interrupted += run.Status == RunStatus.Interrupted ? 1 : 0;
                var steps = reopened.RunSteps(run.Id);
                if (run.Status == RunStatus.Interrupted)
                {
                    Assert.DoesNotContain(steps, s => s.Status is RunStepStatus.Running or RunStepStatus.Pending);
                }

                var finished = steps.Where(s => s.Status == RunStepStatus.Succeeded).Select(s => s.StepId).ToHashSet(StringComparer.Ordinal);
                reopened.Dispose();
                reusedSteps += finished.Count;
                AssertPlannedCached(workflow, store, finished, point);
            }

            log.AppendLine($"point {point}: delay {delay.TotalMilliseconds:0} ms, runs {killed.Count}, " +
                           $"status {(killed.Count == 1 ? killed[0].Status : "none")}");
        }

        // Enough kills must have landed inside a run for the test to mean something.
        Assert.True(interrupted >= KillPoints / 4, $"only {interrupted} of {KillPoints} kills interrupted a run:\n{log}");
        Assert.True(reusedSteps > 0, $"no killed run had finished a step:\n{log}");

        // A killed run finishes on the next attempt, reusing what it had finished.
        var (again, finalText) = KisekiProcess.Run("run", folder.Combine("chain-0.yaml"), "--store", store, "--jobs", "1");
        Assert.True(again == 0, finalText);
        StoreChecks.AssertObjectsMatchTheirNames(store);
    }

    private static void AssertPlannedCached(string workflow, string store, IReadOnlySet<string> finished, int point)
    {
        if (finished.Count == 0)
        {
            return;
        }

        var (code, output) = KisekiProcess.InProcessAsync("plan", workflow, "--store", store, "--json").GetAwaiter().GetResult();
        Assert.True(code == 0, output);
        var plan = System.Text.Json.Nodes.JsonNode.Parse(output)!;
        foreach (var step in plan["steps"]!.AsArray())
        {
            var id = step!["id"]!.GetValue<string>();
            if (finished.Contains(id))
            {
                Assert.True(step["status"]!.GetValue<string>() == "cached",
                    $"kill point {point}: step {id} finished before the kill but is planned {step["status"]}:\n{output}");
            }
        }
    }

    private static string Write(TempDirectory folder, int point)
    {
        var path = folder.Combine($"chain-{point}.yaml");
        File.WriteAllText(path, Workflows.Chain(100 + point));
        return path;
    }
}
