using System.Text.Json.Nodes;

namespace Kiseki.Engine.Commands;

/// <summary>
/// A command step's code and environment as installed, resolved at plan time: the key component
/// <c>{argv, shell, outputs, sources:{path:hash}, executable:{path,hash}, probe:{argv,output}, container}</c> plus the
/// resolved executable path and container digest the runner uses.
/// </summary>
/// <param name="Components">The <c>command</c> component of the step key.</param>
/// <param name="ExecutablePath">The host file the first argv item runs (null inside a container).</param>
/// <param name="ContainerDigest">The image as <c>name@sha256:…</c>, or null to run on the host.</param>
public sealed record CommandFingerprint(JsonObject Components, string? ExecutablePath, string? ContainerDigest)
{
    /// <summary>Reads the runner's part back from a key component (what an <c>exec-step</c> spec carries).</summary>
    public static CommandFingerprint FromJson(JsonObject components, string? executablePath)
        => new(components, executablePath, components["container"]?.GetValue<string>());
}

/// <summary>The <see cref="CommandWork"/> of a bound step.</summary>
public static class CommandWorkOf
{
    /// <summary>The command and fingerprint of <paramref name="step"/>; null for a method step.</summary>
    public static CommandWork? Step(Definitions.BoundStep step)
        => step.Command is { } command ? new CommandWork(command, command.Fingerprint(step.DeclaredId)) : null;
}
