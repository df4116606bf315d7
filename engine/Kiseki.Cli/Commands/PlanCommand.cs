using System.Text.Json;
using System.Text.Json.Nodes;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Methods;
using Kiseki.Engine.Planning;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands;

/// <summary><c>kiseki plan FILE</c>: a dry run saying for each step whether it is cached or runs, and why.</summary>
public sealed class PlanCommand(IAnsiConsole console, MethodCatalog catalog) : AsyncCommand<PlanSettings>
{
    /// <inheritdoc />
    public override Task<int> ExecuteAsync(CommandContext context, PlanSettings settings, CancellationToken cancellationToken)
        => PlanAsync(console, catalog, settings, settings.Json, cancellationToken);

    /// <summary>Plans <paramref name="settings"/>' workflow and prints the plan (also <c>kiseki run --dry-run</c>).</summary>
    internal static async Task<int> PlanAsync(IAnsiConsole console, MethodCatalog catalog, WorkflowSettings settings, bool json, CancellationToken cancellationToken)
    {
        using var session = WorkflowSession.Open(settings, catalog);
        RunCommand.CheckForced(session, settings);
        var plan = await new RunPlanner(session.Provenance, session.Objects).PlanAsync(session.Workflow, session.Request(settings), cancellationToken);
        if (json)
        {
            console.Line(ToJson(plan).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return 0;
        }

        console.Line(Render(plan));
        return 0;
    }

    /// <summary>The plan as text: one line per step, then warnings and a count.</summary>
    public static string Render(ExecutionPlan plan)
    {
        var width = plan.Steps.Count == 0 ? 0 : plan.Steps.Max(s => s.Id.Length);
        var lines = new List<string> { $"workflow {plan.Workflow.Name}: {plan.Steps.Count} steps" };
        foreach (var step in plan.Steps)
        {
            var status = step.Status switch
            {
                PlannedStatus.Cached => "cached ",
                PlannedStatus.ToRun => "to-run ",
                _ => "pending",
            };
            var reasons = step.Status == PlannedStatus.Cached ? "" : "  (" + RerunReasons.Describe(step.Reasons) + ")";
            var detail = step.Detail is null ? "" : $"  [{step.Detail}]";
            lines.Add($"  {status}  {step.Id.PadRight(width)}  {step.Step.Method.Reference}{reasons}{detail}");
            if (step.Step.Evaluate is { } evaluate && step.Status != PlannedStatus.Cached)
            {
                lines.Add($"           {new string(' ', width)}  evaluates each point as a step {step.Id}.eval-NNNN with {evaluate.Method.Reference} " +
                          $"(on_failure: {(evaluate.OnFailure == Kiseki.Engine.Campaigns.EvaluationFailurePolicy.Skip ? "skip" : "fail")}); recorded points are read, not evaluated");
            }
        }

        lines.AddRange(plan.Warnings.Select(w => "warning: " + w));
        lines.Add($"{plan.Count(PlannedStatus.Cached)} cached, {plan.Count(PlannedStatus.ToRun)} to run, " +
                  $"{plan.Count(PlannedStatus.Pending)} pending upstream results");
        return string.Join('\n', lines);
    }

    private static JsonObject ToJson(ExecutionPlan plan)
        => new()
        {
            ["workflow"] = plan.Workflow.Name,
            ["steps"] = new JsonArray([.. plan.Steps.Select(s => (JsonNode?)new JsonObject
            {
                ["id"] = s.Id,
                ["method"] = s.Step.Method.Reference.ToString(),
                ["status"] = s.Status switch { PlannedStatus.Cached => "cached", PlannedStatus.ToRun => "to-run", _ => "pending" },
                ["key"] = s.Key?.Digest.ToString(),
                ["reasons"] = new JsonArray([.. RerunReasons.Names(s.Reasons).Select(r => (JsonNode?)r)]),
                ["detail"] = s.Detail,
                ["evaluate"] = s.Step.Evaluate is { } e
                    ? new JsonObject
                    {
                        ["method"] = e.Method.Reference.ToString(),
                        ["on_failure"] = e.OnFailure == Kiseki.Engine.Campaigns.EvaluationFailurePolicy.Skip ? "skip" : "fail",
                    }
                    : null,
            })]),
            ["warnings"] = new JsonArray([.. plan.Warnings.Select(w => (JsonNode?)w)]),
        };
}
