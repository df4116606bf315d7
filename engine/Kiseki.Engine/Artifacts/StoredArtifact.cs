using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Engine.Artifacts;

/// <summary>
/// An artifact as stored: its identity hash (a blob or a manifest), kind, media type, stored size, and for arrays
/// shape and dtype. <see cref="Blobs"/> lists every object the artifact needs (the manifest and its blobs).
/// </summary>
public sealed record StoredArtifact(
    ContentHash Hash, string Kind, string MediaType, long Size, IReadOnlyList<int>? Shape, string? DType,
    IReadOnlyList<ContentHash> Blobs)
{
    /// <summary>The file extension used when the artifact is published (<c>.npy</c>, <c>.csv</c>, …).</summary>
    public string Extension => Kind switch
    {
        ArtifactKind.NdArray => ".npy",
        ArtifactKind.SpectrumImage => ".npy",
        ArtifactKind.Table => ".csv",
        ArtifactKind.Figure => ".png",
        ArtifactKind.Json => ".json",
        _ => "",
    };
}
