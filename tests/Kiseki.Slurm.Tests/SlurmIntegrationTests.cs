using System.Diagnostics;
using System.Text;
using Kiseki.Cli;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Execution.Slurm;
using Kiseki.Provenance;
using Spectre.Console;

namespace Kiseki.Slurm.Tests;

/// <summary>
/// Runs workflows on a real Slurm (skipped without one; see README.md). Jobs execute <c>kiseki exec-step</c> from the
/// kiseki build copied next to these tests.
/// </summary>
[Collection("slurm")]
public sealed class SlurmIntegrationTests
{
    private static SlurmExecutor Executor(SlurmTestBed bed, Kiseki.Engine.Definitions.WorkflowDefinition workflow)
        => bed.Slurm(new SlurmCommandClient(), workflow, o => o with
        {
            PollInterval = TimeSpan.FromMilliseconds(500),
            BatchWindow = TimeSpan.FromMilliseconds(200),
            ExtraOptions = ["export=ALL"],
        });

    [SkippableFact]
    public async Task Slurm_EightStepWorkflow_SameKeysAndOutputsAsLocalRun()
    {
        SlurmCluster.Require();
        using var local = new SlurmTestBed();
        using var cluster = new SlurmTestBed();
        var expected = await local.RunAsync(local.Load(SlurmTestBed.EightSteps), local.Local());
        var workflow = cluster.Load(SlurmTestBed.EightSteps);
        var executor = Executor(cluster, workflow);
        var actual = await cluster.RunAsync(workflow, executor);

        Assert.True(actual.Summary.Status == RunStatus.Succeeded, string.Join("\n", actual.Summary.Steps.Select(s => $"{s.StepId}: {s.Detail}")));
        SlurmAssert.SameStepsAndOutputs(expected, actual);
        Assert.NotEmpty(executor.SubmittedJobs);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(executor.WorkDirectory, "logs")));
        var again = await cluster.RunAsync(cluster.Load(SlurmTestBed.EightSteps), Executor(cluster, workflow));
        Assert.Equal(8, again.Summary.Count(RunStepStatus.Cached));
    }

    [SkippableFact]
    public async Task Slurm_FailingStep_RecordedFailedWithStateAndLogTail_KeepGoingRunsOtherBranch()
    {
        SlurmCluster.Require();
        using var bed = new SlurmTestBed();
        var workflow = bed.Load("""
            kiseki: 1
            name: slurm-failing
            steps:
              bad:
                method: core.fail@1
                params: { message: broken on purpose }
              after_bad:
                method: core.sum@1
                inputs: { a: "${bad.outputs.value}" }
              good:
                method: core.constant@1
                params: { value: 5.0 }
              after_good:
                method: core.sum@1
                inputs: { a: "${good.outputs.value}" }
            """);
        var result = await bed.RunAsync(workflow, Executor(bed, workflow), keepGoing: true);

        Assert.Equal(RunStatus.Failed, result.Summary.Status);
        var bad = result.Summary["bad"];
        Assert.Equal(RunStepStatus.Failed, bad.Status);
        Assert.Contains("broken on purpose", bad.Detail);
        Assert.Contains("Slurm job", bad.Detail);
        Assert.Contains("FAILED", bad.Detail);
        Assert.Contains("log tail", bad.Detail);
        Assert.Equal(RunStepStatus.Skipped, result.Summary["after_bad"].Status);
        Assert.Equal(RunStepStatus.Succeeded, result.Summary["after_good"].Status);
        Assert.Contains("FAILED", bed.Provenance.RunSteps(result.Summary.RunId).Single(r => r.StepId == "bad").Error);
    }

    [SkippableFact]
    public async Task Slurm_CancelledRun_ScancelsJobsAndRecordsRunCancelled()
    {
        SlurmCluster.Require();
        using var bed = new SlurmTestBed();
        var workflow = bed.Load("""
            kiseki: 1
            name: slurm-cancel
            steps:
              long:
                method: core.wait@1
                params: { milliseconds: 120000 }
              after:
                method: core.sum@1
                inputs: { a: "${long.outputs.value}" }
            """);
        var executor = Executor(bed, workflow);
        using var cancellation = new CancellationTokenSource();
        var run = bed.RunAsync(workflow, executor, cancellationToken: cancellation.Token);
        var clock = Stopwatch.StartNew();
        while (executor.SubmittedJobs.Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(100);
        }

        var job = Assert.Single(executor.SubmittedJobs);
        await Task.Delay(1000);
        await cancellation.CancelAsync();
        var result = await run;

        Assert.Equal(RunStatus.Cancelled, result.Summary.Status);
        Assert.Equal(RunStepStatus.Cancelled, result.Summary["long"].Status);
        Assert.Equal(RunStatus.Cancelled, bed.Provenance.GetRun(result.Summary.RunId)!.Status);
        var states = await new SlurmCommandClient().QueueAsync([job], CancellationToken.None);
        Assert.All(states, s => Assert.True(s.State is "CANCELLED" or "COMPLETING", $"job {s.JobId} is {s.State} after the run was cancelled"));
    }

    [SkippableFact]
    public async Task Cli_RunWithSlurmExecutor_Succeeds()
    {
        SlurmCluster.Require();
        using var bed = new SlurmTestBed();
        var path = bed.Write("cli.yaml", SlurmTestBed.EightSteps);
        var text = new StringBuilder();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Out = new AnsiConsoleOutput(new StringWriter(text)),
            Interactive = InteractionSupport.No,
        });
        var workDirectory = Path.Combine(bed.Directory, "shared-work");
        var code = await KisekiApp.RunAsync(
            ["run", path, "--executor", "slurm", "--store", Path.Combine(bed.Directory, "cli-store"), "--work-dir", workDirectory,
             "--poll-interval", "0.5", "--slurm-opt", "export=ALL"], console);

        Assert.True(code == 0, text.ToString());
        Assert.Contains("succeeded: 8 steps, 8 ran", text.ToString());
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(workDirectory, "batches"), "*.sh"));
    }
}
