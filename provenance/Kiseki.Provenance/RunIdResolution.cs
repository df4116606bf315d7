namespace Kiseki.Provenance;

/// <summary>The outcome of resolving a (prefix of a) run id.</summary>
public enum RunIdResolutionKind
{
    /// <summary>Exactly one run matches.</summary>
    Unique,

    /// <summary>Several runs match; see <see cref="RunIdResolution.Candidates"/>.</summary>
    Ambiguous,

    /// <summary>No run matches.</summary>
    NotFound,
}

/// <summary>The result of <see cref="IProvenanceStore.ResolveRunId"/>.</summary>
/// <param name="Prefix">The text the user gave.</param>
/// <param name="Kind">Unique, ambiguous or not found.</param>
/// <param name="RunId">The resolved id when unique.</param>
/// <param name="Candidates">The matching runs, newest first, when ambiguous (at most 20).</param>
public sealed record RunIdResolution(
    string Prefix, RunIdResolutionKind Kind, string? RunId, IReadOnlyList<RunRecord> Candidates)
{
    /// <summary>A human-readable message describing the outcome (candidates listed when ambiguous).</summary>
    public string Message => Kind switch
    {
        RunIdResolutionKind.Unique => $"run {RunId}",
        RunIdResolutionKind.Ambiguous =>
            $"run id '{Prefix}' is ambiguous; it matches:{Environment.NewLine}"
            + string.Join(Environment.NewLine, Candidates.Select(c =>
                $"  {c.Id}  {c.StartedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture)}Z  {c.Status.ToString().ToLowerInvariant()}  {c.WorkflowName}"))
            + Environment.NewLine + "Give more characters of the id.",
        _ => $"no run with id '{Prefix}' in this store (see `kiseki log` for the recorded runs)",
    };

    /// <summary>The run id when unique; otherwise throws <see cref="ProvenanceStoreException"/> with <see cref="Message"/>.</summary>
    public string GetIdOrThrow()
        => Kind == RunIdResolutionKind.Unique && RunId is not null ? RunId : throw ProvenanceStoreException.RunId(this);
}
