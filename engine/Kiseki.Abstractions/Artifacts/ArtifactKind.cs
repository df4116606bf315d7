namespace Kiseki.Abstractions.Artifacts;

/// <summary>
/// The artifact kinds: what a port carries, what a provenance record says an object holds, how it is encoded and
/// published. Written once here; constants, so they serve in <c>switch</c> and pattern matching.
/// </summary>
public static class ArtifactKind
{
    /// <summary>A calibrated spectrum image (<see cref="Artifacts.SpectrumImage"/>): a manifest object plus a <c>.npy</c> data object.</summary>
    public const string SpectrumImage = "spectrum-image";

    /// <summary>An n-dimensional array (<see cref="Arrays.NdArray"/>), stored as <c>.npy</c>.</summary>
    public const string NdArray = "ndarray";

    /// <summary>A table with a header (<see cref="Artifacts.Table"/>), stored as CSV.</summary>
    public const string Table = "table";

    /// <summary>A JSON value (<see cref="JsonArtifact"/>), stored as canonical JSON.</summary>
    public const string Json = "json";

    /// <summary>A rendered figure (<see cref="Artifacts.Figure"/>), stored as PNG.</summary>
    public const string Figure = "figure";

    /// <summary>Opaque bytes (<see cref="FileArtifact"/>): external inputs and outputs of no known kind.</summary>
    public const string File = "file";

    /// <summary>A port that takes or yields any kind (the kind is known only when the step has run).</summary>
    public const string Any = "any";
}
