using System.Globalization;
using System.Text.Json.Nodes;

namespace Kiseki.Provenance.Export;

/// <summary>Small JSON-LD helpers shared by the crate writer: references, times, typed values, null removal.</summary>
internal static class CrateJson
{
    /// <summary>The absolute term under which a step's environment record is linked (Kiseki's namespace).</summary>
    public const string EnvironmentTerm = "https://w3id.org/kiseki/ns#environment";

    public static JsonObject Ref(string id) => new() { ["@id"] = id };

    public static JsonArray Refs(IEnumerable<string> ids) => new([.. ids.Select(i => (JsonNode?)Ref(i))]);

    public static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>A parameter value as a JSON-LD literal: numbers, text and booleans as they are; lists and objects as JSON text.</summary>
    public static JsonNode? Value(JsonNode? value)
        => value is JsonValue v && (v.TryGetValue<double>(out _) || v.TryGetValue<string>(out _) || v.TryGetValue<bool>(out _))
            ? value.DeepClone()
            : value?.ToJsonString();

    /// <summary>The Bioschemas FormalParameter type of a value (<c>Integer</c>, <c>Float</c>, <c>Boolean</c>, <c>Collection</c>, <c>Text</c>).</summary>
    public static string TypeOf(JsonNode? value) => value switch
    {
        JsonValue v when v.TryGetValue<long>(out _) => "Integer",
        JsonValue v when v.TryGetValue<double>(out _) => "Float",
        JsonValue v when v.TryGetValue<bool>(out _) => "Boolean",
        JsonArray => "Collection",
        JsonObject => "Dictionary",
        _ => "Text",
    };

    /// <summary>A typed PropertyValue of a parameter, linked to its FormalParameter.</summary>
    public static JsonObject PropertyValue(string id, string name, JsonNode? value, string formalParameter) => new()
    {
        ["@id"] = id, ["@type"] = "PropertyValue", ["name"] = name, ["value"] = Value(value), ["additionalType"] = TypeOf(value),
        ["exampleOfWork"] = Ref(formalParameter),
    };

    /// <summary>A FormalParameter entity of the Bioschemas profile.</summary>
    public static JsonObject FormalParameter(string id, string name, string type) => new()
    {
        ["@id"] = id, ["@type"] = "FormalParameter", ["name"] = name, ["additionalType"] = type,
        ["conformsTo"] = Ref("https://bioschemas.org/profiles/FormalParameter/1.0-RELEASE"),
    };

    public static void RemoveNulls(JsonArray graph)
    {
        foreach (var entity in graph.OfType<JsonObject>())
        {
            foreach (var key in entity.Where(p => p.Value is null).Select(p => p.Key).ToList())
            {
                entity.Remove(key);
            }
        }
    }
}
