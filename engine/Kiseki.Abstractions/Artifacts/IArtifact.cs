namespace Kiseki.Abstractions.Artifacts;

/// <summary>
/// A value that flows between steps and is stored content-addressed. Every artifact is immutable once made:
/// methods never modify an artifact they received or returned.
/// </summary>
public interface IArtifact
{
    /// <summary>Stable kind name used in manifests (<c>ndarray</c>, <c>spectrum-image</c>, <c>table</c>, <c>figure</c>, <c>json</c>, <c>file</c>).</summary>
    string Kind { get; }
}
