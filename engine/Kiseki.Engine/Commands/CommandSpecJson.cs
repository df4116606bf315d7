using System.Text.Json.Nodes;

namespace Kiseki.Engine.Commands;

/// <summary>The <c>command</c> member of an <c>exec-step</c> spec: the declaration, the key component and the resolved executable.</summary>
public static class CommandSpecJson
{
    /// <summary>The JSON of <paramref name="work"/>; null for a method step.</summary>
    public static JsonObject? Write(CommandWork? work) => work is null
        ? null
        : new JsonObject
        {
            ["step"] = work.Step.ToJson(),
            ["fingerprint"] = work.Fingerprint.Components.DeepClone(),
            ["executable"] = work.Fingerprint.ExecutablePath,
        };

    /// <summary>Reads <see cref="Write"/> back; null when the spec has no command.</summary>
    public static CommandWork? Read(JsonNode? node) => node is JsonObject json
        ? new CommandWork(
            CommandStep.FromJson(json["step"]!.AsObject()),
            CommandFingerprint.FromJson(json["fingerprint"]!.AsObject(), json["executable"]?.GetValue<string>()))
        : null;
}
