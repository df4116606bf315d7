using System.Diagnostics;
using System.Text;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Execution.Slurm;
using Kiseki.Provenance;
using Xunit.Abstractions;

namespace Kiseki.Slurm.Tests;

/// <summary>The Slurm executor against an in-memory cluster (no Slurm needed).</summary>
public sealed class SlurmExecutorTests(ITestOutputHelper output)
{
    private static string Constants(int count)
    {
        var text = new StringBuilder("kiseki: 1\nname: many\nseed: 3\nsteps:\n");
        for (var i = 0; i < count; i++)
        {
            text.Append($"  c{i:D3}:\n    method: core.constant@1\n    params: {{ value: {i}.0 }}\n");
        }

        return text.ToString();
    }

    [Fact]
    public async Task Run_200ReadySteps_SubmittedAsOneJobArray()
    {
        using var bed = new SlurmTestBed();
        var workflow = bed.Load(Constants(200));
        var client = new FakeSlurmClient(bed.Catalog);
        var executor = bed.Slurm(client, workflow, o => o with { BatchWindow = TimeSpan.FromMilliseconds(500) });
        var clock = Stopwatch.StartNew();
        var result = await bed.RunAsync(workflow, executor);
        output.WriteLine($"200 steps through the fake cluster: all submitted after {client.LastSubmittedAt(clock):0.00} s (includes the " +
                         $"0.5 s batch window), run done after {clock.Elapsed.TotalSeconds:0.00} s; {client.Submissions.Count} sbatch, " +
                         $"{client.Queries.Count} squeue, {client.AccountingCalls} sacct");

        Assert.Equal(RunStatus.Succeeded, result.Summary.Status);
        Assert.Equal(200, result.Summary.Count(RunStepStatus.Succeeded));
        var submission = Assert.Single(client.Submissions);
        Assert.Contains("--array=0-199", submission.Arguments);
        Assert.Equal(200, submission.Specs.Distinct().Count());
        var manifest = File.ReadAllLines(Path.Combine(executor.WorkDirectory, "batches", "0001.manifest"));
        Assert.Equal(submission.Specs, manifest);
        Assert.Equal(client.Queries.Count, executor.Polls);
        Assert.All(client.Queries, q => Assert.Equal(["101"], q));
    }

    [Fact]
    public async Task Flush_MoreStepsThanMaxArraySize_SplitsIntoArrays()
    {
        using var bed = new SlurmTestBed();
        var workflow = bed.Load(Constants(130));
        var client = new FakeSlurmClient(bed.Catalog);
        var result = await bed.RunAsync(workflow, bed.Slurm(client, workflow, o => o with { MaxArraySize = 50, BatchWindow = TimeSpan.FromMilliseconds(500) }));

        Assert.Equal(RunStatus.Succeeded, result.Summary.Status);
        // How ready steps fall into batch windows depends on timing; the split at the array limit does not.
        var sizes = client.Submissions.Select(s => s.Specs.Count).ToArray();
        Assert.Equal(130, sizes.Sum());
        Assert.All(sizes, size => Assert.InRange(size, 1, 50));
        Assert.All(client.Submissions, s => Assert.Equal($"--array=0-{s.Specs.Count - 1}",
            s.Arguments.Single(a => a.StartsWith("--array=", StringComparison.Ordinal))));
        Assert.InRange(client.Submissions.Count, 3, 6);
        Assert.True(client.Queries.All(q => q.Count <= 3) && client.Queries.Any(q => q.Count > 1),
            "one squeue call covers every active array");
    }

    [Fact]
    public async Task Run_ThroughFakeCluster_SameKeysAndOutputsAsLocalRun()
    {
        using var local = new SlurmTestBed();
        using var cluster = new SlurmTestBed();
        var expected = await local.RunAsync(local.Load(SlurmTestBed.EightSteps), local.Local());
        var workflow = cluster.Load(SlurmTestBed.EightSteps);
        var client = new FakeSlurmClient(cluster.Catalog);
        // A window wide enough that the five steps of the first wave arrive within it on a loaded machine too.
        var actual = await cluster.RunAsync(workflow, cluster.Slurm(client, workflow, o => o with { BatchWindow = TimeSpan.FromMilliseconds(500) }));

        Assert.Equal(RunStatus.Succeeded, actual.Summary.Status);
        SlurmAssert.SameStepsAndOutputs(expected, actual);
        Assert.Equal(3, client.Submissions.Count);
        Assert.Equal(5, client.Submissions[0].Specs.Count);
    }

    [Fact]
    public async Task Run_Twice_CacheHitsNeverSubmit()
    {
        using var bed = new SlurmTestBed();
        var workflow = bed.Load(SlurmTestBed.EightSteps);
        await bed.RunAsync(workflow, bed.Slurm(new FakeSlurmClient(bed.Catalog), workflow));
        var client = new FakeSlurmClient(bed.Catalog);
        var again = await bed.RunAsync(workflow, bed.Slurm(client, workflow));

        Assert.Equal(RunStatus.Succeeded, again.Summary.Status);
        Assert.Equal(8, again.Summary.Count(RunStepStatus.Cached));
        Assert.Empty(client.Submissions);
        Assert.Empty(client.Queries);
    }

    [Fact]
    public async Task Submit_StepResources_MapToSbatchOptionsPerArray()
    {
        using var bed = new SlurmTestBed();
        var workflow = bed.Load("""
            kiseki: 1
            name: resources
            steps:
              small:
                method: core.constant@1
              big:
                method: core.constant@1
                params: { value: 2.0 }
                resources: { cpus: 2, memory: 2G, time: 01:30:00 }
            """);
        var client = new FakeSlurmClient(bed.Catalog);
        var executor = bed.Slurm(client, workflow, o => o with { Partition = "short", Account = "lab42", ExtraOptions = ["qos=high", "--exclusive"] });
        var result = await bed.RunAsync(workflow, executor);

        Assert.Equal(RunStatus.Succeeded, result.Summary.Status);
        Assert.Equal(2, client.Submissions.Count);
        var big = client.Submissions.Single(s => s.Arguments.Contains("--cpus-per-task=2"));
        Assert.Contains("--mem=2048M", big.Arguments);
        Assert.Contains("--time=90", big.Arguments);
        var small = client.Submissions.Single(s => s != big);
        Assert.Contains("--cpus-per-task=1", small.Arguments);
        Assert.Contains("--mem=1024M", small.Arguments);
        Assert.All(client.Submissions, s =>
        {
            Assert.Contains("--partition=short", s.Arguments);
            Assert.Contains("--account=lab42", s.Arguments);
            Assert.Contains("--qos=high", s.Arguments);
            Assert.Contains("--exclusive", s.Arguments);
        });
        var spec = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(big.Specs[0]))!;
        Assert.Equal(2, spec["threads"]!.GetValue<int>());
    }

    [Fact]
    public async Task Run_JobExceedsTimeLimit_FailedWithStateAndLogTailDescendantsSkipped()
    {
        using var bed = new SlurmTestBed();
        var workflow = bed.Load("""
            kiseki: 1
            name: timeout
            steps:
              slow:
                method: core.constant@1
                params: { value: 7.0 }
              after:
                method: core.sum@1
                inputs: { a: "${slow.outputs.value}" }
              other:
                method: core.constant@1
                params: { value: 1.0 }
              other_after:
                method: core.sum@1
                inputs: { a: "${other.outputs.value}" }
            """);
        var client = new FakeSlurmClient(bed.Catalog, spec => File.ReadAllText(spec).Contains("\"slow\"") ? FakeFate.Timeout : FakeFate.Run);
        var result = await bed.RunAsync(workflow, bed.Slurm(client, workflow), keepGoing: true);

        var slow = result.Summary["slow"];
        Assert.Equal(RunStepStatus.Failed, slow.Status);
        Assert.Contains("TIMEOUT", slow.Detail);
        Assert.Contains("time limit", slow.Detail);
        Assert.Contains("DUE TO TIME LIMIT", slow.Detail);
        Assert.Equal(RunStepStatus.Skipped, result.Summary["after"].Status);
        Assert.Equal(RunStepStatus.Succeeded, result.Summary["other_after"].Status);
        Assert.Equal(RunStatus.Failed, result.Summary.Status);
        var row = bed.Provenance.RunSteps(result.Summary.RunId).Single(r => r.StepId == "slow");
        Assert.Contains("TIMEOUT", row.Error);
    }

    [Fact]
    public async Task Run_MethodFails_FailedWithSlurmStateAndMethodError()
    {
        using var bed = new SlurmTestBed();
        var workflow = bed.Load("""
            kiseki: 1
            name: failing
            steps:
              bad:
                method: core.fail@1
                params: { message: broken on purpose }
              after:
                method: core.sum@1
                inputs: { a: "${bad.outputs.value}" }
            """);
        var result = await bed.RunAsync(workflow, bed.Slurm(new FakeSlurmClient(bed.Catalog), workflow));

        var bad = result.Summary["bad"];
        Assert.Equal(RunStepStatus.Failed, bad.Status);
        Assert.Contains("broken on purpose", bad.Detail);
        Assert.Contains("FAILED", bad.Detail);
        Assert.Equal(RunStepStatus.Skipped, result.Summary["after"].Status);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Poll_JobForgottenByController_UsesResultFileAndSacct(bool accounting)
    {
        using var bed = new SlurmTestBed();
        var workflow = bed.Load(Constants(3));
        var client = new FakeSlurmClient(bed.Catalog, _ => FakeFate.RunThenForget) { HasAccounting = accounting };
        var result = await bed.RunAsync(workflow, bed.Slurm(client, workflow));

        Assert.All(result.Summary.Steps, s => Assert.Equal(RunStepStatus.Succeeded, s.Status));
    }

    [Fact]
    public async Task Poll_JobCancelledOutsideKiseki_FailedWithSlurmState()
    {
        using var bed = new SlurmTestBed();
        var workflow = bed.Load(Constants(1));
        var client = new FakeSlurmClient(bed.Catalog, _ => FakeFate.Hang);
        var executor = bed.Slurm(client, workflow);
        var run = bed.RunAsync(workflow, executor);
        while (executor.SubmittedJobs.Count == 0)
        {
            await Task.Delay(20);
        }

        await client.CancelAsync(executor.SubmittedJobs, CancellationToken.None);
        var result = await run;

        var step = Assert.Single(result.Summary.Steps);
        Assert.Equal(RunStepStatus.Failed, step.Status);
        Assert.Contains("CANCELLED", step.Detail);
        Assert.Contains("without writing a result file", step.Detail);
    }

    [Fact]
    public async Task Run_Cancelled_ScancelsEveryJobAndRecordsRunCancelled()
    {
        using var bed = new SlurmTestBed();
        var workflow = bed.Load(Constants(4));
        var client = new FakeSlurmClient(bed.Catalog, _ => FakeFate.Hang);
        var executor = bed.Slurm(client, workflow, o => o with { MaxArraySize = 2 });
        using var cancellation = new CancellationTokenSource();
        var run = bed.RunAsync(workflow, executor, cancellationToken: cancellation.Token);
        while (executor.SubmittedJobs.Count < 2 || client.Queries.Count == 0)
        {
            await Task.Delay(20);
        }

        await cancellation.CancelAsync();
        var result = await run;

        Assert.Equal(RunStatus.Cancelled, result.Summary.Status);
        Assert.All(result.Summary.Steps, s => Assert.Equal(RunStepStatus.Cancelled, s.Status));
        var cancelled = Assert.Single(client.Cancels);
        Assert.Equal(executor.SubmittedJobs.OrderBy(j => j), cancelled.OrderBy(j => j));
        Assert.Equal(RunStatus.Cancelled, bed.Provenance.GetRun(result.Summary.RunId)!.Status);
    }

    [Fact]
    public async Task Submit_SbatchFails_StepFailedWithItsMessage()
    {
        using var bed = new SlurmTestBed();
        var workflow = bed.Load(Constants(2));
        var result = await bed.RunAsync(workflow, bed.Slurm(new RefusingClient(), workflow));

        Assert.All(result.Summary.Steps, s =>
        {
            Assert.Equal(RunStepStatus.Failed, s.Status);
            Assert.Contains("sbatch failed: invalid partition specified", s.Detail);
        });
    }

    private sealed class RefusingClient : ISlurmClient
    {
        public Task<string> SubmitAsync(SlurmSubmission submission, CancellationToken cancellationToken)
            => throw new InvalidOperationException("invalid partition specified");

        public Task<IReadOnlyList<SlurmJobState>> QueueAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<SlurmJobState>>([]);

        public Task<IReadOnlyList<SlurmJobState>?> AccountingAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken)
            => Task.FromResult<IReadOnlyList<SlurmJobState>?>(null);

        public Task CancelAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
