using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Methods;
using Kiseki.Engine.Planning;
using Kiseki.Provenance;

namespace Kiseki.Engine.Execution;

/// <summary>What to run and how: forced steps, mirrors, parallelism, results folder.</summary>
public sealed record RunRequest
{
    /// <summary>Steps to re-run even when cached.</summary>
    public IReadOnlyCollection<string> Force { get; init; } = [];

    /// <summary>Folders searched (by hash) for missing pinned inputs.</summary>
    public IReadOnlyList<string> Mirrors { get; init; } = [];

    /// <summary>Scheduling options.</summary>
    public RunOptions Options { get; init; } = new();

    /// <summary>The folder under which <c>&lt;run-id&gt;/</c> receives published files (default: <c>results</c> beside the workflow).</summary>
    public string? ResultsDirectory { get; init; }

    /// <summary>The command line recorded with the run.</summary>
    public string CommandLine { get; init; } = "";

    /// <summary>Whether the workflow's <c>publish</c> entries are written as files (a replay writes none).</summary>
    public bool Publish { get; init; } = true;

    /// <summary>
    /// Whether published files go to <c>&lt;results&gt;/&lt;run-id&gt;/</c> (the default) or straight into
    /// <see cref="ResultsDirectory"/> (<c>kiseki invoke --out DIR</c>).
    /// </summary>
    public bool FolderPerRun { get; init; } = true;
}

/// <summary>A finished run: the summary plus the published files.</summary>
public sealed record RunResult(RunSummary Summary, ExecutionPlan Plan, IReadOnlyList<string> PublishedFiles, string? ResultsDirectory);

/// <summary>
/// Runs a bound workflow end to end: <see cref="RunPlanner"/> resolves its inputs and plans it, then one
/// <see cref="RunSession"/> records, schedules, publishes and finishes the run.
/// </summary>
public sealed class WorkflowRunner(
    MethodCatalog catalog, IProvenanceStore provenance, ObjectStore objects, IStepExecutor executor, IRunObserver? observer = null,
    TimeProvider? clock = null)
{
    private readonly RunPlanner _planner = new(provenance, objects);

    /// <summary>Resolves the external inputs of <paramref name="workflow"/> (hashing memoised; mirrors; download by URL).</summary>
    public Task<IReadOnlyDictionary<string, FileArtifact>> ResolveInputsAsync(
        WorkflowDefinition workflow, IReadOnlyList<string> mirrors, CancellationToken cancellationToken)
        => _planner.ResolveInputsAsync(workflow, mirrors, cancellationToken);

    /// <summary>Plans <paramref name="workflow"/> (resolving its inputs first).</summary>
    public Task<ExecutionPlan> PlanAsync(WorkflowDefinition workflow, RunRequest request, CancellationToken cancellationToken)
        => _planner.PlanAsync(workflow, request, cancellationToken);

    /// <summary>Runs <paramref name="workflow"/>; cancellation records the run as cancelled with finished steps kept.</summary>
    public async Task<RunResult> RunAsync(WorkflowDefinition workflow, RunRequest request, CancellationToken cancellationToken)
    {
        var plan = await _planner.PlanAsync(workflow, request, cancellationToken).ConfigureAwait(false);
        var session = new RunSession(catalog, provenance, objects, executor, observer, clock);
        return await session.RunAsync(plan, request, RunOrigin.Of(workflow), cancellationToken).ConfigureAwait(false);
    }
}
