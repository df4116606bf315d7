using System.Text.Json.Nodes;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Engine.Methods;

/// <summary>Converts typed parameter values to their canonical JSON form (ints and floats kept distinct).</summary>
public static class ParameterValues
{
    public static JsonNode? ToJson(ParameterDescriptor parameter, object? value) => value switch
    {
        null => null,
        int i => JsonValue.Create((long)i),
        long l => JsonValue.Create(l),
        double d => Finite(parameter, d),
        bool b => JsonValue.Create(b),
        string s => JsonValue.Create(s),
        Enum e => JsonValue.Create(Names.OfChoice(e)),
        int[] values => new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create((long)v))]),
        double[] values => new JsonArray([.. values.Select(v => (JsonNode?)Finite(parameter, v))]),
        double[][] rows => new JsonArray([.. rows.Select(r => (JsonNode?)new JsonArray([.. r.Select(v => (JsonNode?)Finite(parameter, v))]))]),
        string[] values => new JsonArray([.. values.Select(v => (JsonNode?)JsonValue.Create(v))]),
        _ => throw new ArgumentException($"Parameter '{parameter.Name}' has unsupported value type {value.GetType()}."),
    };

    private static JsonValue Finite(ParameterDescriptor parameter, double value)
        => double.IsFinite(value)
            ? JsonValue.Create(value)
            : throw new ArgumentException($"Parameter '{parameter.Name}' must be finite, got {value}.");
}
