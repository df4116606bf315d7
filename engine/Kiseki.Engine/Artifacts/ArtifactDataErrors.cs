namespace Kiseki.Engine.Artifacts;

/// <summary>
/// Bytes that do not decode as the artifact kind they are recorded as (JSON null, a malformed spectrum-image
/// manifest, a kind that is compared by hash only). Made here and thrown as
/// <see cref="InvalidDataException"/>, so every reader that already handles malformed data handles them.
/// </summary>
public static class ArtifactDataErrors
{
    /// <summary><paramref name="what"/> (an object, a file) holds the JSON literal <c>null</c>.</summary>
    public static InvalidDataException JsonNull(string what) => new($"{what} holds JSON null.");

    /// <summary><paramref name="what"/> is not a JSON object with a spectrum image's data and axes.</summary>
    public static InvalidDataException NotAManifest(string what) => new($"{what} is not a spectrum-image manifest.");

    /// <summary>A spectrum-image manifest without the hash of its data.</summary>
    public static InvalidDataException ManifestWithoutData() => new("a spectrum-image manifest names no data.");

    /// <summary>A spectrum-image manifest whose axis list is not three long.</summary>
    public static InvalidDataException ManifestAxes(string what, int axes) => new($"spectrum-image manifest {what} has {axes} axes, expected 3.");

    /// <summary>A kind whose values are not decoded (PNG figures, files): compared by hash only.</summary>
    public static InvalidDataException HashOnly(string kind) => new($"outputs of kind '{kind}' are compared by hash only");

    /// <summary>A problem found by a codec's own check; <paramref name="problem"/> is its message.</summary>
    public static InvalidDataException Invalid(string problem) => new(problem);
}
