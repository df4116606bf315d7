using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Provenance;

/// <summary>
/// One computation of a step key. Successful executions are unique per <see cref="StepKey"/> (the first one recorded
/// wins and is what later runs reuse); failed and cancelled attempts are kept separately, each with its own
/// <see cref="AttemptId"/>.
/// </summary>
public sealed record ExecutionRecord
{
    /// <summary>The step key digest (the cache key).</summary>
    public required ContentHash StepKey { get; init; }

    /// <summary>
    /// Identifies this attempt: for a success it is the step key text; for a failure or cancellation the store
    /// assigns <c>&lt;step key&gt;/&lt;run id&gt;/&lt;n&gt;</c> when recorded (leave it null).
    /// </summary>
    public string? AttemptId { get; init; }

    /// <summary>Canonical JSON of the step key components (method, params, inputs, seed).</summary>
    public required string KeyComponents { get; init; }

    /// <summary>The method id, e.g. <c>spectral.nmf-so</c>.</summary>
    public required string MethodId { get; init; }

    /// <summary>The method version.</summary>
    public required int MethodVersion { get; init; }

    /// <summary>Digest of the method implementation (assembly MVID or similar); recorded, not keyed.</summary>
    public required string ImplementationDigest { get; init; }

    /// <summary>Canonical JSON of the bound parameters (defaults applied).</summary>
    public required string Parameters { get; init; }

    /// <summary>Input port → artifact hash.</summary>
    public required IReadOnlyDictionary<string, ContentHash> InputHashes { get; init; }

    /// <summary>Output port → artifact hash (empty for failed attempts).</summary>
    public required IReadOnlyDictionary<string, ContentHash> OutputHashes { get; init; }

    /// <summary>The derived step seed.</summary>
    public required ulong Seed { get; init; }

    /// <summary>The method's convergence diagnostics, when it reported any.</summary>
    public ConvergenceRecord? Convergence { get; init; }

    /// <summary>Named metrics reported by the method (final objective, chosen K, …).</summary>
    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    /// <summary>When the computation started.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the computation finished.</summary>
    public required DateTimeOffset FinishedAt { get; init; }

    /// <summary>Wall-clock duration in seconds.</summary>
    public required double DurationSeconds { get; init; }

    /// <summary>The tail of the step's log.</summary>
    public required string LogExcerpt { get; init; }

    /// <summary>The outcome.</summary>
    public required ExecutionStatus Status { get; init; }

    /// <summary>The error message of a failed or cancelled attempt.</summary>
    public string? Error { get; init; }

    /// <summary>The host that computed it.</summary>
    public required string Host { get; init; }

    /// <summary>The environment it was computed in.</summary>
    public required ContentHash EnvironmentId { get; init; }

    /// <summary>The run that computed it (for a success: the first run).</summary>
    public required string RunId { get; init; }
}

/// <summary>Convergence diagnostics of an iterative method.</summary>
/// <param name="Converged">Whether the stopping criterion was met.</param>
/// <param name="Iterations">Iterations performed.</param>
/// <param name="Reason">Why it stopped.</param>
public sealed record ConvergenceRecord(bool Converged, int Iterations, string Reason);
