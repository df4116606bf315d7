using System.ComponentModel;
using System.Globalization;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Audit;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Methods;
using Kiseki.Engine.Reproduction;
using Kiseki.Provenance;
using Kiseki.Provenance.LiteDb;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands.Audit;

/// <summary>Settings of <c>kiseki rerun</c>.</summary>
public sealed class RerunSettings : CommandSettings
{
    [CommandArgument(0, "<RUN>")]
    [Description("The run to repeat (id or unique prefix).")]
    public string Run { get; init; } = "";

    [CommandOption("--store <DIR>")]
    [Description("The store the new run is recorded in. Default: the nearest .kiseki in the current folder or a parent (or KISEKI_STORE).")]
    public string? Store { get; init; }

    [CommandOption("--from <DIR>")]
    [Description("The store holding the recorded run (default: --store).")]
    public string? From { get; init; }

    [CommandOption("--mirror <DIR>")]
    [Description("A folder searched by content hash for the recorded input files (repeatable).")]
    public string[] Mirror { get; init; } = [];

    [CommandOption("--results <DIR>")]
    [Description("Folder receiving the new run's published files under <run-id>/. Default: results beside the recorded workflow file when that folder exists, else results in the current folder.")]
    public string? Results { get; init; }

    [CommandOption("--no-cache")]
    [Description("Re-execute every step even when a cached result exists.")]
    public bool NoCache { get; init; }

    [CommandOption("-j|--jobs <N>")]
    [Description("Steps run at once. Default: the number of cores.")]
    public int? Jobs { get; init; }
}

/// <summary><c>kiseki rerun RUN</c>: run a recorded run again exactly, say whether every step key matched, and judge every output against the recorded one.</summary>
public sealed class RerunCommand(IAnsiConsole console, MethodCatalog catalog) : AsyncCommand<RerunSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, RerunSettings settings, CancellationToken cancellationToken)
    {
        var mirrors = settings.Mirror.Select(Path.GetFullPath).ToList();
        var source = StoreLocation.Resolve(settings.From ?? settings.Store);
        var target = StoreLocation.Resolve(settings.Store);
        ReplayPlan plan;
        IReadOnlyDictionary<string, RecordedStep> recorded;
        try
        {
            using (var provenance = LiteDbProvenanceStore.Open(source, new ProvenanceOpenOptions { ReadOnly = true }))
            {
                var audit = new AuditStore(provenance, source);
                plan = RunReplayer.Prepare(audit, settings.Run, catalog, mirrors);
                recorded = RecordedRun.Read(audit, plan.Source);
            }
        }
        catch (AuditException e)
        {
            console.Line("error: " + e.Message);
            return CliErrors.Failed;
        }

        console.Line($"re-running {plan.Source.Id} ({plan.Workflow.Name}): {plan.Workflow.Steps.Count} steps, seed "
                     + plan.Workflow.Seed.ToString(CultureInfo.InvariantCulture) + $", parameters {plan.Source.ResolvedParameters}");
        var objects = ObjectStore.Open(target);
        using var lease = StoreLease.Shared(objects.Layout, cancellationToken);
        using var store = LiteDbProvenanceStore.Open(target);
        var executor = new LocalStepExecutor(new StepRunner(new ArtifactCodec(objects), Path.Combine(objects.Root, "scratch")));
        var request = new RunRequest
        {
            Force = settings.NoCache ? [.. plan.Workflow.Steps.Select(s => s.Id)] : [],
            Options = new RunOptions { Jobs = settings.Jobs ?? Environment.ProcessorCount },
            CommandLine = "kiseki " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1)),
            ResultsDirectory = ResultsDirectory(settings.Results, plan.Workflow.SourcePath),
        };
        var result = await RunReplayer.RunAsync(plan, catalog, store, objects, executor, request, null, cancellationToken);
        var summary = result.Result.Summary;
        console.Line($"run {summary.RunId} {summary.Status.ToString().ToLowerInvariant()}: {summary.Steps.Count} steps, "
                     + $"{summary.Count(RunStepStatus.Succeeded)} ran, {summary.Count(RunStepStatus.Cached)} cached, {summary.Count(RunStepStatus.Failed)} failed");
        if (result.Result.ResultsDirectory is not null)
        {
            console.Line($"results: {result.Result.ResultsDirectory} ({result.Result.PublishedFiles.Count} files)");
        }

        console.Line(result.ChangedKeys.Count == 0
            ? $"exact: every step key equals the one recorded in {plan.Source.Id}"
            : $"NOT exact: step keys differ from {plan.Source.Id} for {string.Join(", ", result.ChangedKeys)} (see `kiseki diff {plan.Source.Id} {summary.RunId}`)");
        var (outputs, first, notes) = RunJudge.Judge(plan.Workflow, summary, store, objects, recorded.GetValueOrDefault);
        var verdict = new ReproductionReport(plan.Source.Id, plan.Workflow.Name, summary.RunId, summary.Status == RunStatus.Succeeded, outputs, first, notes, DateTimeOffset.UtcNow);
        verdict.Save(target);
        foreach (var line in verdict.ToLines().Skip(1))
        {
            console.Line(line);
        }

        return summary.ExitCode != 0 ? summary.ExitCode : result.ChangedKeys.Count == 0 && verdict.Passed ? 0 : 1;
    }

    /// <summary>Where the new run publishes: <paramref name="results"/>, else <c>results</c> beside the recorded workflow file when its folder exists, else <c>results</c> here.</summary>
    private static string ResultsDirectory(string? results, string recordedWorkflowPath)
    {
        if (results is not null)
        {
            return Path.GetFullPath(results);
        }

        var folder = Path.GetDirectoryName(recordedWorkflowPath);
        return Path.GetFullPath(Path.Combine(!string.IsNullOrEmpty(folder) && Directory.Exists(folder) ? folder : ".", "results"));
    }
}
