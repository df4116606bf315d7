using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Engine.Methods;

/// <summary>Maps artifact CLR types to their stable kind names.</summary>
public static class ArtifactKinds
{
    public static string Of(Type artifactType)
    {
        if (artifactType == typeof(NdArray))
        {
            return ArtifactKind.NdArray;
        }

        if (artifactType == typeof(SpectrumImage))
        {
            return ArtifactKind.SpectrumImage;
        }

        if (artifactType == typeof(Table))
        {
            return ArtifactKind.Table;
        }

        if (artifactType == typeof(Figure))
        {
            return ArtifactKind.Figure;
        }

        if (artifactType == typeof(JsonArtifact))
        {
            return ArtifactKind.Json;
        }

        if (artifactType == typeof(FileArtifact))
        {
            return ArtifactKind.File;
        }

        return artifactType == typeof(IArtifact) ? ArtifactKind.Any : throw new ArgumentException($"{artifactType} is not a known artifact type.");
    }
}
