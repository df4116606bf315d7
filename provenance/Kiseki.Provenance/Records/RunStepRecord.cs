using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Provenance;

/// <summary>One step of one run; unique by (<see cref="RunId"/>, <see cref="StepId"/>).</summary>
public sealed record RunStepRecord
{
    /// <summary>The run.</summary>
    public required string RunId { get; init; }

    /// <summary>The expanded step id (a matrix instance has its own id, e.g. <c>nmf[k=3]</c>).</summary>
    public required string StepId { get; init; }

    /// <summary>The step id as declared in the YAML (equal to <see cref="StepId"/> without a matrix).</summary>
    public required string DeclaredStepId { get; init; }

    /// <summary>The step key; null when it could not be computed (an upstream step failed).</summary>
    public ContentHash? StepKey { get; init; }

    /// <summary>Whether a previous successful execution was reused.</summary>
    public required bool CacheHit { get; init; }

    /// <summary>Why the step re-ran (names of the planner's <c>RerunReason</c> flags); empty on a cache hit.</summary>
    public required IReadOnlyList<string> RerunReasons { get; init; }

    /// <summary>The step's status in this run.</summary>
    public required RunStepStatus Status { get; init; }

    /// <summary>The error of a failed step.</summary>
    public string? Error { get; init; }

    /// <summary>For a skipped step: the failed upstream step that caused the skip.</summary>
    public string? SkippedBecause { get; init; }

    /// <summary>When the step started in this run.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the step finished in this run.</summary>
    public DateTimeOffset? FinishedAt { get; init; }
}

/// <summary>A run step together with the execution its step key refers to (for <c>explain</c> and <c>diff</c>).</summary>
/// <param name="RunStep">The step as it appeared in its run.</param>
/// <param name="Execution">
/// The successful execution with the step's key, or else the attempt that failed in that run; null when neither exists.
/// </param>
public sealed record StepExecution(RunStepRecord RunStep, ExecutionRecord? Execution);
