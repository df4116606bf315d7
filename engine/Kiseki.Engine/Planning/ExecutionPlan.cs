using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Hashing;
using Kiseki.Provenance;

namespace Kiseki.Engine.Planning;

/// <summary>What the planner decided for a step.</summary>
public enum PlannedStatus
{
    /// <summary>A successful execution with this key exists and its outputs are intact: reused, never executed.</summary>
    Cached,

    /// <summary>Will execute.</summary>
    ToRun,

    /// <summary>Its key depends on outputs of upstream steps that will run; decided at execution time.</summary>
    Pending,
}

/// <summary>One step of an <see cref="ExecutionPlan"/>.</summary>
/// <param name="Step">The bound step.</param>
/// <param name="Key">The step key when computable now (null for <see cref="PlannedStatus.Pending"/>).</param>
/// <param name="Status">Cached, to run, or pending upstream results.</param>
/// <param name="Reasons">Why it (probably) runs; <see cref="RerunReason.None"/> when cached.</param>
/// <param name="CachedExecution">The execution reused by a cached step.</param>
/// <param name="Detail">A note for the user (e.g. the object found corrupted).</param>
public sealed record PlannedStep(
    BoundStep Step, StepKey? Key, PlannedStatus Status, RerunReason Reasons, ExecutionRecord? CachedExecution, string? Detail)
{
    /// <summary>The step id.</summary>
    public string Id => Step.Id;
}

/// <summary>The planner's result: every step with its decision, the resolved external inputs, and warnings.</summary>
public sealed class ExecutionPlan
{
    internal ExecutionPlan(
        WorkflowDefinition workflow, IReadOnlyList<PlannedStep> steps, IReadOnlyDictionary<string, FileArtifact> inputs,
        IReadOnlyList<string> warnings)
    {
        Workflow = workflow;
        Steps = steps;
        Inputs = inputs;
        Warnings = warnings;
    }

    /// <summary>The workflow planned.</summary>
    public WorkflowDefinition Workflow { get; }

    /// <summary>Steps in the workflow's topological order.</summary>
    public IReadOnlyList<PlannedStep> Steps { get; }

    /// <summary>External inputs by name, resolved and hashed.</summary>
    public IReadOnlyDictionary<string, FileArtifact> Inputs { get; }

    /// <summary>Warnings (e.g. implementation changed without a version bump).</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Number of steps with <paramref name="status"/>.</summary>
    public int Count(PlannedStatus status) => Steps.Count(s => s.Status == status);
}

/// <summary>Options of <see cref="Planner.Plan"/>.</summary>
public sealed record PlanOptions
{
    /// <summary>Step ids to re-run even when cached: instance ids, or declared ids for every instance of a matrix step.</summary>
    public IReadOnlyCollection<string> Force { get; init; } = [];
}
