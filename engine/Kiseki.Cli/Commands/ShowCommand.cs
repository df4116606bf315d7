using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Artifacts;
using Kiseki.Provenance;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands;

/// <summary>Settings of <c>kiseki show</c>.</summary>
public sealed class ShowSettings : StoreSettings
{
    [CommandArgument(0, "<ID>")]
    [Description("A run id, a step id, or an artifact / step-key hash (unique prefixes accepted).")]
    public string Id { get; init; } = "";
}

/// <summary><c>kiseki show RUN|STEP|ARTIFACT</c>: details of a run, of a step's latest execution, or of an artifact.</summary>
public sealed class ShowCommand(IAnsiConsole console) : Command<ShowSettings>
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <inheritdoc />
    public override int Execute(CommandContext context, ShowSettings settings, CancellationToken cancellationToken)
    {
        using var store = LogCommand.OpenReadOnly(settings.Store);
        var id = settings.Id.Trim();
        var run = store.ResolveRunId(id);
        if (run.Kind == RunIdResolutionKind.Ambiguous)
        {
            throw new UsageException(run.Message);
        }

        if (run.Kind == RunIdResolutionKind.Unique)
        {
            var record = store.GetRun(run.RunId!)!;
            var json = LogCommand.RunJson(record, store.RunSteps(record.Id));
            var warnings = ConvergenceWarnings.For(store, store.RunSteps(record.Id));
            json["warnings"] = new JsonArray([.. warnings.Select(w => (JsonNode?)w)]);
            Print(settings, json, () => string.Join('\n', [RunText(record, store.RunSteps(record.Id)), .. warnings]));
            return 0;
        }

        var history = store.ExecutionsForStep(id);
        if (history.Count > 0)
        {
            var latest = history[0];
            var json = StepJson(latest);
            Print(settings, json, () => json.ToJsonString(Indented));
            return 0;
        }

        var hash = ResolveHash(id, StoreLocation.Resolve(settings.Store));
        var artifact = store.GetArtifact(hash);
        var execution = store.FindSuccessfulExecution(hash);
        if (artifact is null && execution is null)
        {
            throw new UsageException($"'{id}' is not a run, step, artifact or step key recorded in this store.");
        }

        var result = new JsonObject { ["hash"] = hash.ToString() };
        if (artifact is not null)
        {
            result["artifact"] = new JsonObject
            {
                ["kind"] = artifact.Kind,
                ["media_type"] = artifact.MediaType,
                ["size"] = artifact.Size,
                ["shape"] = artifact.Shape is null ? null : new JsonArray([.. artifact.Shape.Select(d => (JsonNode?)d)]),
                ["dtype"] = artifact.DType,
                ["produced_by"] = artifact.ProducedBy?.ToString(),
                ["blobs"] = new JsonArray([.. artifact.Blobs.Select(b => (JsonNode?)b.ToString())]),
            };
        }

        if (execution is not null)
        {
            result["execution"] = ExecutionJson(execution);
        }

        Print(settings, result, () => result.ToJsonString(Indented));
        return 0;
    }

    private void Print(ShowSettings settings, JsonObject json, Func<string> text)
        => console.Line(settings.Json ? json.ToJsonString(Indented) : text());

    private static ContentHash ResolveHash(string text, string storeDirectory)
        => StoreLayout.Of(storeDirectory).ResolvePrefix(text, out var problem)
           ?? throw new UsageException(problem!.StartsWith("no object", StringComparison.Ordinal)
               ? $"no object or run matches '{text}'."
               : problem.Replace("an artifact hash or hash prefix", "a run, step, or hash prefix", StringComparison.Ordinal));

    private static string RunText(RunRecord run, IReadOnlyList<RunStepRecord> steps)
    {
        var lines = new List<string>
        {
            $"run {run.Id}  {run.Status.ToString().ToLowerInvariant()}",
            $"workflow  {run.WorkflowName} ({run.WorkflowPath})",
            $"started   {LogCommand.Time(run.StartedAt)}" + (run.FinishedAt is { } f ? $"  finished {LogCommand.Time(f)}" : ""),
            $"seed      {run.RootSeed.ToString(CultureInfo.InvariantCulture)}  params {run.ResolvedParameters}",
            $"env       {run.EnvironmentId}" + (run.GitCommit is null ? "" : $"  git {run.GitCommit}"),
        };
        if (run.Error is not null)
        {
            lines.Add($"error     {run.Error}");
        }

        lines.Add("steps:");
        foreach (var step in steps)
        {
            var why = step.Status == RunStepStatus.Cached ? "" : step.RerunReasons.Count > 0 ? $" ({string.Join(", ", step.RerunReasons)})" : "";
            var note = step.Error is null ? "" : $"  {step.Error}";
            lines.Add($"  {step.Status.ToString().ToLowerInvariant(),-9} {step.StepId}{why}{note}");
        }

        return string.Join('\n', lines);
    }

    private static JsonObject StepJson(StepExecution latest)
        => new()
        {
            ["step"] = latest.RunStep.StepId,
            ["run"] = latest.RunStep.RunId,
            ["status"] = latest.RunStep.Status.ToString().ToLowerInvariant(),
            ["key"] = latest.RunStep.StepKey?.ToString(),
            ["reasons"] = new JsonArray([.. latest.RunStep.RerunReasons.Select(r => (JsonNode?)r)]),
            ["execution"] = latest.Execution is null ? null : ExecutionJson(latest.Execution),
        };

    private static JsonObject ExecutionJson(ExecutionRecord e)
    {
        var json = ExecutionFields(e);
        if (JsonNode.Parse(e.KeyComponents)?["command"] is JsonObject command)
        {
            json["command"] = CommandKeyRows.Flatten(command);
        }

        return json;
    }

    private static JsonObject ExecutionFields(ExecutionRecord e)
        => new()
        {
            ["key"] = e.StepKey.ToString(),
            ["method"] = $"{e.MethodId}@{e.MethodVersion.ToString(CultureInfo.InvariantCulture)}",
            ["implementation"] = e.ImplementationDigest,
            ["status"] = e.Status.ToString().ToLowerInvariant(),
            ["parameters"] = JsonNode.Parse(e.Parameters),
            ["inputs"] = new JsonObject([.. e.InputHashes.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value.ToString()))]),
            ["outputs"] = new JsonObject([.. e.OutputHashes.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value.ToString()))]),
            ["seed"] = e.Seed,
            ["convergence"] = e.Convergence is { } c
                ? new JsonObject { ["converged"] = c.Converged, ["iterations"] = c.Iterations, ["reason"] = c.Reason }
                : null,
            ["metrics"] = new JsonObject([.. e.Metrics.Where(m => double.IsFinite(m.Value)).Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))]),
            ["duration_seconds"] = e.DurationSeconds,
            ["run"] = e.RunId,
            ["host"] = e.Host,
            ["error"] = e.Error,
            ["log"] = e.LogExcerpt,
        };
}
