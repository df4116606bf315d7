using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Provenance;

/// <summary>An object in the content-addressed store: a blob or a manifest referencing blobs.</summary>
public sealed record ArtifactRecord
{
    /// <summary>The object's content hash (its identity).</summary>
    public required ContentHash Hash { get; init; }

    /// <summary>The artifact kind (<c>ndarray</c>, <c>spectrum-image</c>, <c>table</c>, <c>figure</c>, <c>json</c>, <c>file</c>, …).</summary>
    public required string Kind { get; init; }

    /// <summary>The media type of the object's bytes.</summary>
    public required string MediaType { get; init; }

    /// <summary>Size of the object in bytes.</summary>
    public required long Size { get; init; }

    /// <summary>Array shape, when the artifact is an array.</summary>
    public IReadOnlyList<long>? Shape { get; init; }

    /// <summary>Element type name, when the artifact is an array.</summary>
    public string? DType { get; init; }

    /// <summary>The step key of the execution that produced it; null for external inputs.</summary>
    public ContentHash? ProducedBy { get; init; }

    /// <summary>For a manifest: the blobs it references (empty for a blob).</summary>
    public required IReadOnlyList<ContentHash> Blobs { get; init; }
}

/// <summary>The machine and software environment of a run; identified by the hash of its canonical content.</summary>
/// <param name="Id">SHA-256 of <paramref name="ContentJson"/>'s canonical form, computed by the caller.</param>
/// <param name="ContentJson">
/// Canonical JSON: OS, CPU model and ISA flags, cores, runtime, Kiseki version and git commit, method digests.
/// </param>
public sealed record EnvironmentRecord(ContentHash Id, string ContentJson);
