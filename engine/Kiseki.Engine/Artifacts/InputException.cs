using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Definitions;

namespace Kiseki.Engine.Artifacts;

/// <summary>An external input is missing, cannot be fetched, or does not match its pin. Names the input and its declaration.</summary>
public sealed class InputException : Exception
{
    private InputException(string message, string inputName)
        : base(message) => InputName = inputName;

    /// <summary>The input's name under <c>inputs:</c>.</summary>
    public string InputName { get; }

    /// <summary>The file is absent and could not be resolved.</summary>
    public static InputException Missing(ExternalInput input, string path, string why)
        => new($"{input.Location}: input '{input.Name}': file {path} does not exist; {why}.", input.Name);

    /// <summary>The file is present but its content differs from the pin.</summary>
    public static InputException HashMismatch(ExternalInput input, string path, ContentHash expected, ContentHash actual)
        => new($"{input.Location}: input '{input.Name}': {path} hashes to {actual}, but the workflow pins {expected}. " +
               "The file changed: restore it, or update the sha256 pin if the change is intended.", input.Name);

    /// <summary>Downloading from the input's URL failed.</summary>
    public static InputException DownloadFailed(ExternalInput input, string why)
        => new($"{input.Location}: input '{input.Name}': download from {input.Url} failed: {why}.", input.Name);
}
