using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Provenance;

/// <summary>One invocation of a workflow (<c>kiseki run</c>), identified by a ULID.</summary>
public sealed record RunRecord
{
    /// <summary>The run id: a 26-character ULID (see <see cref="Ulid"/>); sorts by start time.</summary>
    public required string Id { get; init; }

    /// <summary>The workflow's declared name.</summary>
    public required string WorkflowName { get; init; }

    /// <summary>The workflow file path as given by the user.</summary>
    public required string WorkflowPath { get; init; }

    /// <summary>The exact workflow text that was run (for <c>rerun</c> and <c>diff</c>).</summary>
    public required string WorkflowText { get; init; }

    /// <summary>SHA-256 of the UTF-8 workflow text.</summary>
    public required ContentHash WorkflowTextHash { get; init; }

    /// <summary>Canonical JSON of the resolved workflow parameters (after <c>--set</c> overrides).</summary>
    public required string ResolvedParameters { get; init; }

    /// <summary>The root seed from which every step seed is derived.</summary>
    public required ulong RootSeed { get; init; }

    /// <summary>The run's current status.</summary>
    public required RunStatus Status { get; init; }

    /// <summary>When the run started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the run ended; null while running.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>The id of the <see cref="EnvironmentRecord"/> the run executed in.</summary>
    public required ContentHash EnvironmentId { get; init; }

    /// <summary>The coordinating process (host, pid, process start time); used to detect interrupted runs.</summary>
    public required ProcessIdentity Process { get; init; }

    /// <summary>The command line that started the run.</summary>
    public required string CommandLine { get; init; }

    /// <summary>The git commit of the repository holding the workflow, when known.</summary>
    public string? GitCommit { get; init; }

    /// <summary>The executor kind: <c>local</c> or <c>slurm</c>.</summary>
    public required string Executor { get; init; }

    /// <summary>Why the run failed, was cancelled or was interrupted; null otherwise.</summary>
    public string? Error { get; init; }
}
