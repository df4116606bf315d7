using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Planning;
using Kiseki.Provenance;

namespace Kiseki.Engine.Execution;

/// <summary>
/// Resolves a workflow's external inputs (hashing memoised; mirror folders; download by URL) and plans it against the
/// store. Planning executes nothing, so it needs no executor.
/// </summary>
public sealed class RunPlanner(IProvenanceStore provenance, ObjectStore objects)
{
    /// <summary>Resolves the external inputs of <paramref name="workflow"/>, searching <paramref name="mirrors"/> for missing pinned files.</summary>
    public async Task<IReadOnlyDictionary<string, FileArtifact>> ResolveInputsAsync(
        WorkflowDefinition workflow, IReadOnlyList<string> mirrors, CancellationToken cancellationToken)
    {
        var resolver = new InputResolver(new FileHasher(objects.Memo), mirrors);
        var directory = Path.GetDirectoryName(workflow.SourcePath) ?? ".";
        var result = new Dictionary<string, FileArtifact>(StringComparer.Ordinal);
        foreach (var input in workflow.Inputs)
        {
            result[input.Name] = await resolver.ResolveAsync(input, directory, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Plans <paramref name="workflow"/> after resolving its inputs.</summary>
    public async Task<ExecutionPlan> PlanAsync(WorkflowDefinition workflow, RunRequest request, CancellationToken cancellationToken)
    {
        var inputs = await ResolveInputsAsync(workflow, request.Mirrors, cancellationToken).ConfigureAwait(false);
        return Plan(workflow, inputs, request);
    }

    /// <summary>Plans <paramref name="workflow"/> with inputs already resolved (a replay's inputs located by their recorded hash).</summary>
    public ExecutionPlan Plan(WorkflowDefinition workflow, IReadOnlyDictionary<string, FileArtifact> inputs, RunRequest request)
        => new Planner(provenance, objects).Plan(workflow, inputs, new PlanOptions { Force = request.Force });
}
