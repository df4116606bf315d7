namespace Kiseki.Provenance;

/// <summary>How to open a provenance store.</summary>
public sealed record ProvenanceOpenOptions
{
    /// <summary>The default options: read-write, system clock, local process probe.</summary>
    public static ProvenanceOpenOptions Default { get; } = new();

    /// <summary>
    /// Open without ever modifying the file: no creation, no schema stamping, no interrupted-run marking,
    /// every write throws. Missing store → <see cref="ProvenanceStoreException"/>.
    /// </summary>
    public bool ReadOnly { get; init; }

    /// <summary>The clock used for times the store itself stamps (interrupted runs, schema creation).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Tells whether a recorded process still exists (used by <see cref="IProvenanceStore.MarkInterruptedRuns"/>).</summary>
    public IProcessProbe ProcessProbe { get; init; } = LocalProcessProbe.Instance;

    /// <summary>Whether opening read-write marks interrupted runs at once (default true).</summary>
    public bool MarkInterruptedRunsOnOpen { get; init; } = true;
}
