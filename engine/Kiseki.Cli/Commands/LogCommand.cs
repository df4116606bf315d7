using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiseki.Cli.Infrastructure;
using Kiseki.Provenance;
using Kiseki.Provenance.LiteDb;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands;

/// <summary>Settings of <c>kiseki log</c>.</summary>
public sealed class LogSettings : StoreSettings
{
    [CommandOption("-n|--limit <N>")]
    [Description("How many runs to list (newest first).")]
    [DefaultValue(20)]
    public int Limit { get; init; } = 20;
}

/// <summary><c>kiseki log</c>: the recorded runs, newest first.</summary>
public sealed class LogCommand(IAnsiConsole console) : Command<LogSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, LogSettings settings, CancellationToken cancellationToken)
    {
        using var store = OpenReadOnly(settings.Store);
        var runs = store.ListRuns(Math.Max(1, settings.Limit));
        if (settings.Json)
        {
            var array = new JsonArray([.. runs.Select(r => (JsonNode?)RunJson(r, store.RunSteps(r.Id)))]);
            console.Line(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }

        if (runs.Count == 0)
        {
            console.Line("no runs recorded yet");
            return 0;
        }

        foreach (var run in runs)
        {
            var steps = store.RunSteps(run.Id);
            console.Line(string.Create(CultureInfo.InvariantCulture,
                $"{run.Id}  {Time(run.StartedAt)}  {run.Status.ToString().ToLowerInvariant(),-11}  {run.WorkflowName}  " +
                $"{steps.Count} steps ({steps.Count(s => s.Status == RunStepStatus.Succeeded)} ran, " +
                $"{steps.Count(s => s.Status == RunStepStatus.Cached)} cached, {steps.Count(s => s.Status == RunStepStatus.Failed)} failed)"));
        }

        return 0;
    }

    internal static LiteDbProvenanceStore OpenReadOnly(string? store)
        => LiteDbProvenanceStore.Open(StoreLocation.Resolve(store), new ProvenanceOpenOptions { ReadOnly = true });

    internal static string Time(DateTimeOffset time)
        => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "Z";

    internal static JsonObject RunJson(RunRecord run, IReadOnlyList<RunStepRecord> steps)
        => new()
        {
            ["id"] = run.Id,
            ["workflow"] = run.WorkflowName,
            ["path"] = run.WorkflowPath,
            ["status"] = run.Status.ToString().ToLowerInvariant(),
            ["started_at"] = run.StartedAt.ToString("O", CultureInfo.InvariantCulture),
            ["finished_at"] = run.FinishedAt?.ToString("O", CultureInfo.InvariantCulture),
            ["seed"] = run.RootSeed,
            ["parameters"] = JsonNode.Parse(run.ResolvedParameters),
            ["environment"] = run.EnvironmentId.ToString(),
            ["git_commit"] = run.GitCommit,
            ["executor"] = run.Executor,
            ["error"] = run.Error,
            ["steps"] = new JsonArray([.. steps.Select(s => (JsonNode?)new JsonObject
            {
                ["id"] = s.StepId,
                ["status"] = s.Status.ToString().ToLowerInvariant(),
                ["key"] = s.StepKey?.ToString(),
                ["cache_hit"] = s.CacheHit,
                ["reasons"] = new JsonArray([.. s.RerunReasons.Select(r => (JsonNode?)r)]),
                ["error"] = s.Error,
                ["skipped_because"] = s.SkippedBecause,
            })]),
        };
}
