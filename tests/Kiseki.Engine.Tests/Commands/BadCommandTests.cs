using Kiseki.Engine.Definitions;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Tests.Integration;
using Kiseki.Provenance;

namespace Kiseki.Engine.Tests.Commands;

/// <summary>Bad command steps at run time: a clear error naming the step, nothing recorded as a success, nothing earlier touched.</summary>
public sealed class BadCommandTests
{
    [Theory]
    [InlineData("exit", "echo oops >&2; exit 3", "exited with code 3", "| oops")]
    [InlineData("missing", "echo no output written", "output 'result' (result.txt) was not written", "| no output written")]
    [InlineData("symlink", "ln -s /etc/hostname result.txt", "is a symlink to '/etc/hostname', outside the scratch folder", "")]
    [InlineData("timeout", "echo started; sleep 30 & sleep 30", "timed out after 1 s; the command's process tree was killed", "| started")]
    public async Task FailingCommand_StepFailedNamedNothingRecordedAsSuccess(string name, string script, string expected, string tail)
    {
        using var harness = CommandStepTests.Prepare();
        var good = await harness.RunAsync(harness.Load(CommandStepTests.Workflow));
        var before = harness.Provenance.ExecutionsForStep("make")[0].Execution!;
        harness.Write("bad.sh", script);
        var workflow = CommandStepTests.Workflow + $$"""

              {{name}}:
                command: ["/bin/sh", "-c", "{params.script}"]
                params: { script: "{{script.Replace("\"", "\\\"", StringComparison.Ordinal)}}" }
                outputs: { result: result.txt }
                timeout: 1
            """;

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await harness.RunAsync(harness.Load(workflow));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"took {watch.Elapsed}");
        Assert.Equal(RunStatus.Failed, result.Summary.Status);
        var report = result.Summary[name];
        Assert.Equal(RunStepStatus.Failed, report.Status);
        Assert.Contains($"step '{name}'", report.Detail);
        Assert.Contains(expected, report.Detail);
        Assert.Contains(tail, report.Detail);
        Assert.All(harness.Provenance.ExecutionsForStep(name), e => Assert.NotEqual(ExecutionStatus.Succeeded, e.Execution?.Status));
        var after = harness.Provenance.ExecutionsForStep("make").Select(e => e.Execution).OfType<ExecutionRecord>().ToList();
        Assert.Equal([(before.StepKey, before.RunId, ExecutionStatus.Succeeded)], after.Select(e => (e.StepKey, e.RunId, e.Status)).Distinct());
        Assert.Equal(before.OutputHashes.OrderBy(p => p.Key), after[0].OutputHashes.OrderBy(p => p.Key));
        Assert.Equal(RunStatus.Succeeded, harness.Provenance.GetRun(good.Summary.RunId)!.Status);
    }

    [Fact]
    public async Task Cancelled_KillsProcessTreeAndRecordsCancelled()
    {
        using var harness = CommandStepTests.Prepare();
        var marker = Path.Combine(harness.Directory, "still-running");
        var workflow = harness.Load($$"""
            kiseki: 1
            steps:
              wait:
                command: ["/bin/sh", "-c", "(sleep 3; touch {{marker}}) & sleep 30"]
            """);
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = await harness.RunAsync(workflow, cancellationToken: cancel.Token);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
        Assert.Equal(RunStatus.Cancelled, result.Summary.Status);
        Assert.Equal(RunStepStatus.Cancelled, result.Summary["wait"].Status);
        Assert.Equal(RunStatus.Cancelled, harness.Provenance.GetRun(result.Summary.RunId)!.Status);
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.False(File.Exists(marker), "a grandchild of the cancelled command kept running");
    }

    [Fact]
    public async Task FailingProbe_PlanRefusedNamingStepAndNoRunRecorded()
    {
        using var harness = CommandStepTests.Prepare();
        var workflow = CommandStepTests.Workflow.Replace("[\"/bin/cat\", \"env.txt\"]", "[\"/bin/cat\", \"no-such-env.txt\"]", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<WorkflowException>(() => harness.RunAsync(harness.Load(workflow)));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(DiagnosticCodes.ProbeFailed, diagnostic.Code);
        Assert.Contains("step 'make'", diagnostic.Message);
        Assert.Contains("exit code 1", diagnostic.Message);
        Assert.Equal(14, diagnostic.Location.Line);
        Assert.Empty(harness.Provenance.ListRuns(10));
    }

    [Fact]
    public async Task ContainerTagWithoutDigest_PlanRefusedAndNothingRecorded()
    {
        using var harness = CommandStepTests.Prepare();
        var workflow = harness.Load("""
            kiseki: 1
            steps:
              boxed:
                command: ["python3", "-c", "print(1)"]
                environment: { container: "kiseki.invalid/no-such-image:never" }
            """);

        var error = await Assert.ThrowsAsync<WorkflowException>(() => harness.RunAsync(workflow));
        var diagnostic = Assert.Single(error.Diagnostics);
        Assert.Equal(DiagnosticCodes.ContainerUnresolved, diagnostic.Code);
        Assert.Contains("step 'boxed'", diagnostic.Message);
        Assert.Contains("kiseki.invalid/no-such-image:never", diagnostic.Message);
        Assert.Empty(harness.Provenance.ListRuns(10));
    }

    [Fact]
    public async Task ExecutableRemovedAfterBinding_PlanRefusedNamingIt()
    {
        using var harness = CommandStepTests.Prepare();
        var tool = harness.Write("tool.sh", "#!/bin/sh\necho hi > out.txt\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var workflow = harness.Load("""
            kiseki: 1
            steps:
              run:
                command: ["./tool.sh"]
                outputs: { out: out.txt }
            """);
        File.Delete(tool);

        var error = await Assert.ThrowsAsync<WorkflowException>(() => harness.RunAsync(workflow));
        Assert.Equal(DiagnosticCodes.ExecutableNotFound, Assert.Single(error.Diagnostics).Code);
        Assert.Contains("step 'run': executable './tool.sh' does not exist", error.Diagnostics[0].Message);
        Assert.Empty(harness.Provenance.ListRuns(10));
    }
}
