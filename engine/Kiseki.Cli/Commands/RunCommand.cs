using System.Globalization;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Methods;
using Kiseki.Engine.Planning;
using Kiseki.Provenance;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands;

/// <summary><c>kiseki run FILE</c>: plan and execute a workflow, reusing cached steps, recording provenance.</summary>
public sealed class RunCommand(IAnsiConsole console, MethodCatalog catalog) : AsyncCommand<RunSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, RunSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Jobs is < 1)
        {
            throw new UsageException("--jobs must be at least 1.");
        }

        if (settings.DryRun)
        {
            return await PlanCommand.PlanAsync(console, catalog, settings, json: false, cancellationToken);
        }

        using var session = WorkflowSession.Open(settings, catalog);
        CheckForced(session, settings);
        console.Line($"store: {session.Objects.Root}");
        var executor = settings.Executor == "slurm" ? SlurmRun.CreateExecutor(settings, session) : CreateExecutor(settings.Executor, session.Objects);
        var request = session.Request(settings) with
        {
            Options = new RunOptions { Jobs = settings.Jobs ?? SlurmRun.DefaultJobs(executor), KeepGoing = settings.KeepGoing },
            ResultsDirectory = settings.Results is null ? null : Path.GetFullPath(settings.Results),
            CommandLine = "kiseki " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
        };
        var total = session.Workflow.Steps.Count;
        var started = DateTimeOffset.UtcNow;
        RunResult result;
        if (console.Profile.Capabilities.Interactive && console.Profile.Capabilities.Ansi)
        {
            result = await console.Progress()
                .AutoClear(true)
                .HideCompleted(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    var observer = new ProgressRunObserver(console, progress, total);
                    return await Runner(session, executor, observer).RunAsync(session.Workflow, request, cancellationToken);
                });
        }
        else
        {
            var observer = new LineRunObserver(console, total);
            result = await Runner(session, executor, observer).RunAsync(session.Workflow, request, cancellationToken);
        }

        PrintSummary(result, DateTimeOffset.UtcNow - started);
        foreach (var warning in ConvergenceWarnings.For(session.Provenance, session.Provenance.RunSteps(result.Summary.RunId)))
        {
            console.Line(warning);
        }

        return result.Summary.ExitCode;
    }

    internal static void CheckForced(WorkflowSession session, WorkflowSettings settings)
    {
        try
        {
            Planner.ForcedSteps(session.Workflow, settings.Force);
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private WorkflowRunner Runner(WorkflowSession session, IStepExecutor executor, IRunObserver observer)
        => new(catalog, session.Provenance, session.Objects, executor, observer);

    private IStepExecutor CreateExecutor(string kind, ObjectStore objects) => kind switch
    {
        "local" => new LocalStepExecutor(new StepRunner(new ArtifactCodec(objects), Path.Combine(objects.Root, "scratch"))),
        "subprocess" => new SubprocessStepExecutor(SelfCommand.Get(), objects),
        _ => throw new UsageException($"--executor '{kind}' is not known; use local, subprocess or slurm."),
    };

    private void PrintSummary(RunResult result, TimeSpan elapsed)
    {
        var summary = result.Summary;
        var ran = summary.Count(RunStepStatus.Succeeded);
        var cached = summary.Count(RunStepStatus.Cached);
        var status = summary.Status.ToString().ToLowerInvariant();
        console.Line(string.Create(CultureInfo.InvariantCulture,
            $"run {summary.RunId} {status}: {summary.Steps.Count} steps, {ran} ran, {cached} cached, " +
            $"{summary.Count(RunStepStatus.Failed)} failed, {summary.Count(RunStepStatus.Skipped)} skipped in {elapsed.TotalSeconds:0.00} s"));
        foreach (var step in summary.Steps.Where(s => s.Status == RunStepStatus.Failed))
        {
            console.Line($"failed: {step.Detail}");
        }

        var skipped = summary.Steps.Where(s => s.Status == RunStepStatus.Skipped).ToList();
        if (skipped.Count > 0)
        {
            console.Line($"skipped: {string.Join(", ", skipped.Select(s => s.StepId))}");
        }

        if (result.ResultsDirectory is not null)
        {
            console.Line($"results: {result.ResultsDirectory}");
        }

        if (summary.Status != RunStatus.Succeeded && summary.Error is not null && summary.Count(RunStepStatus.Failed) == 0)
        {
            console.Line($"error: {summary.Error}");
        }
    }
}
