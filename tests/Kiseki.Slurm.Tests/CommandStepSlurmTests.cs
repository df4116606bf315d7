using Kiseki.Engine.Execution.Slurm;
using Kiseki.Provenance;

namespace Kiseki.Slurm.Tests;

/// <summary>Command steps under the Slurm executor: the spec carries the command, resources apply, keys and outputs equal a local run.</summary>
public sealed class CommandStepSlurmTests
{
    public const string Workflow = """
        kiseki: 1
        name: slurm-command
        seed: 11
        steps:
          one:
            method: core.constant@1
            params: { value: 2.0 }
          count:
            command: ["/bin/sh", "count.sh", "{outputs.table}", "{params.n}"]
            params: { n: 5 }
            outputs: { table: table.csv }
            sources: [count.sh]
            resources: { cpus: 2, memory: 512M, time: 00:05:00 }
            timeout: 60
        """;

    private const string Script = """
        printf 'i,square\n' > "$1"
        i=0
        while [ "$i" -lt "$2" ]; do printf '%s,%s\n' "$i" "$((i * i))" >> "$1"; i=$((i + 1)); done
        echo "threads $KISEKI_THREADS"
        """;

    [Fact]
    public async Task CommandStep_ThroughFakeCluster_ResourcesApplyAndSameKeysAsLocal()
    {
        using var run = await FakeClusterComparison.RunAsync(Workflow, "count.sh", Script);
        var (cluster, client, actual) = (run.Cluster, run.Client, run.Actual);
        var submission = client.Submissions.Single(s => File.ReadAllText(s.Specs[0]).Contains("\"command\"", StringComparison.Ordinal));
        Assert.Contains("--cpus-per-task=2", submission.Arguments);
        Assert.Contains("--mem=512M", submission.Arguments);
        Assert.Contains("--time=5", submission.Arguments);
        Assert.Equal("i,square\n0,0\n1,1\n2,4\n3,9\n4,16\n", File.ReadAllText(cluster.Objects.PathOf(actual.Summary["count"].Outputs["table"])));
    }

    [Fact]
    public async Task CommandStep_SubprocessExecutor_SameKeysAndOutputsAsLocal()
    {
        using var local = new SlurmTestBed();
        using var child = new SlurmTestBed();
        local.Write("count.sh", Script);
        child.Write("count.sh", Script);
        var expected = await local.RunAsync(local.Load(Workflow), local.Local());
        var actual = await child.RunAsync(child.Load(Workflow), new Kiseki.Engine.Execution.SubprocessStepExecutor(SlurmTestBed.KisekiCommand, child.Objects));

        Assert.True(actual.Summary.Status == RunStatus.Succeeded, string.Join("\n", actual.Summary.Steps.Select(s => $"{s.StepId}: {s.Detail}")));
        SlurmAssert.SameStepsAndOutputs(expected, actual);
    }

    [SkippableFact]
    public async Task CommandStep_OnRealCluster_SameKeysAndOutputsAsLocal()
    {
        SlurmCluster.Require();
        using var local = new SlurmTestBed();
        using var cluster = new SlurmTestBed();
        local.Write("count.sh", Script);
        cluster.Write("count.sh", Script);
        var expected = await local.RunAsync(local.Load(Workflow), local.Local());
        var workflow = cluster.Load(Workflow);
        var executor = cluster.Slurm(new SlurmCommandClient(), workflow, o => o with
        {
            PollInterval = TimeSpan.FromMilliseconds(500),
            BatchWindow = TimeSpan.FromMilliseconds(200),
            ExtraOptions = ["export=ALL"],
        });
        var actual = await cluster.RunAsync(workflow, executor);

        Assert.True(actual.Summary.Status == RunStatus.Succeeded, string.Join("\n", actual.Summary.Steps.Select(s => $"{s.StepId}: {s.Detail}")));
        SlurmAssert.SameStepsAndOutputs(expected, actual);
        Assert.NotEmpty(executor.SubmittedJobs);
    }
}
