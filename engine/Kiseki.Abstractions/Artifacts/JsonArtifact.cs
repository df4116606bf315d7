using System.Text.Json.Nodes;

namespace Kiseki.Abstractions.Artifacts;

/// <summary>A small JSON result (a number, an object of named values, …). Numbers must be finite.</summary>
public sealed class JsonArtifact : IArtifact
{
    public JsonArtifact(JsonNode value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Value = value;
    }

    public string Kind => ArtifactKind.Json;

    /// <summary>The value; treat as read-only.</summary>
    public JsonNode Value { get; }

    public static JsonArtifact Number(double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"JSON numbers must be finite, got {value}.", nameof(value));
        }

        return new JsonArtifact(JsonValue.Create(value));
    }

    public static JsonArtifact Integer(long value) => new(JsonValue.Create(value));

    /// <summary>The value as a double when it is a JSON number.</summary>
    public double AsDouble() => Value.GetValue<double>();
}
