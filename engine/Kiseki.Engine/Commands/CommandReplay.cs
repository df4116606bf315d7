using System.Text.Json.Nodes;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Definitions.Binding;
using Kiseki.Engine.Methods;
using Kiseki.Provenance;

namespace Kiseki.Engine.Commands;

/// <summary>
/// Recovers what re-executing a recorded command step needs (<c>verify --execute</c>, <c>rerun</c>): the command
/// declaration from the run's recorded workflow text, and its fingerprint resolved now. Refuses, with the reason, when
/// the code or environment as installed today differs from the recorded key (the re-execution would not be the same
/// computation).
/// </summary>
public static class CommandReplay
{
    /// <summary>The work of step <paramref name="stepId"/> of <paramref name="run"/>, or the reason it cannot be re-executed.</summary>
    public static (CommandWork? Work, string? Problem) Load(RunRecord run, string stepId, ExecutionRecord execution, MethodCatalog catalog)
    {
        WorkflowDefinition workflow;
        try
        {
            workflow = WorkflowLoader.LoadText(run.WorkflowText, run.WorkflowPath, catalog);
        }
        catch (WorkflowException e)
        {
            return (null, $"the recorded workflow no longer binds: {e.Diagnostics[0]}");
        }

        if (workflow.FindStep(stepId) is not { Command: { } command } step)
        {
            return (null, $"the recorded workflow has no command step '{stepId}'");
        }

        var (fingerprint, problems) = new CommandFingerprinter().Resolve(step.DeclaredId, command, CancellationToken.None);
        if (fingerprint is null)
        {
            return (null, problems[0].Message);
        }

        var recorded = JsonNode.Parse(execution.KeyComponents)?["command"] as JsonObject ?? [];
        var (reasons, detail) = CommandChanges.Compare(recorded, fingerprint.Components);
        return reasons == Planning.RerunReason.None
            ? (new CommandWork(command, fingerprint), null)
            : (null, $"the command's code or environment differs from the recorded one ({detail})");
    }
}
