using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Execution;

/// <summary>An input of a step to execute: the artifact's hash and kind, plus the file path of an external input.</summary>
public sealed record InputReference(ContentHash Hash, string Kind, string? Path = null);

/// <summary>Everything needed to execute one step, independent of the workflow (what an exec-step spec holds).</summary>
/// <param name="StepId">The step instance id.</param>
/// <param name="Method">The method.</param>
/// <param name="Parameters">Canonical JSON of the bound parameters.</param>
/// <param name="Inputs">Input port → artifact.</param>
/// <param name="Seed">The step seed.</param>
/// <param name="Threads">Threads the method may use.</param>
public sealed record StepWork(
    string StepId, MethodDescriptor Method, JsonObject Parameters, IReadOnlyDictionary<string, InputReference> Inputs,
    ulong Seed, int Threads)
{
    /// <summary>The command and its resolved fingerprint when the step is a <c>command:</c> step; null for method steps.</summary>
    public Commands.CommandWork? Command { get; init; }

    /// <summary>The evaluator of a search step's <c>evaluate:</c> block (in-process only; never written to a spec); null otherwise.</summary>
    public IPointEvaluator? Evaluator { get; init; }

    /// <summary>Cluster resources of a step instance the workflow does not list (an evaluation of a campaign); null otherwise.</summary>
    public Definitions.StepResources? Resources { get; init; }
}

/// <summary>How an execution ended.</summary>
public enum StepOutcomeStatus
{
    /// <summary>Outputs were produced and stored.</summary>
    Succeeded,

    /// <summary>The method threw, or its outputs could not be stored.</summary>
    Failed,

    /// <summary>Cancelled before it finished.</summary>
    Cancelled,
}

/// <summary>The result of executing one step: stored outputs and diagnostics, or the error.</summary>
public sealed record StepOutcome(
    StepOutcomeStatus Status, IReadOnlyDictionary<string, StoredArtifact> Outputs, Convergence? Convergence,
    IReadOnlyDictionary<string, double> Metrics, string LogExcerpt, string? Error, DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt);

/// <summary>Executes one step somewhere (in this process, a subprocess, a cluster job) and stores its outputs.</summary>
public interface IStepExecutor
{
    /// <summary>A short name recorded with the run (<c>local</c>, <c>subprocess</c>, <c>slurm</c>).</summary>
    string Name { get; }

    /// <summary>Executes <paramref name="work"/>; never throws for method failures (they are outcomes).</summary>
    Task<StepOutcome> ExecuteAsync(StepWork work, IProgress<StepProgress> progress, CancellationToken cancellationToken);
}
