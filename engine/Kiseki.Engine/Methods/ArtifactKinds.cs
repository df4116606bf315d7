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
            return "ndarray";
        }

        if (artifactType == typeof(SpectrumImage))
        {
            return "spectrum-image";
        }

        if (artifactType == typeof(Table))
        {
            return "table";
        }

        if (artifactType == typeof(Figure))
        {
            return "figure";
        }

        if (artifactType == typeof(JsonArtifact))
        {
            return "json";
        }

        if (artifactType == typeof(FileArtifact))
        {
            return "file";
        }

        return artifactType == typeof(IArtifact) ? "any" : throw new ArgumentException($"{artifactType} is not a known artifact type.");
    }
}
