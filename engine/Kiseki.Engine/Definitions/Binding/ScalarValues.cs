using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kiseki.Engine.Definitions.Yaml;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>Types YAML values by the YAML 1.2 core schema: plain scalars may be null, bool, int or float; quoted ones are strings.</summary>
internal static partial class ScalarValues
{
    /// <summary>The JSON form of a scalar (non-finite floats are kept as doubles and refused by whoever needs finite values).</summary>
    public static JsonNode? ToJson(YamlScalar scalar) => scalar.IsPlain ? FromPlain(scalar.Value) : JsonValue.Create(scalar.Value);

    /// <summary>The JSON form of a node tree; mappings become objects.</summary>
    public static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlScalar scalar => ToJson(scalar),
        YamlSequence sequence => new JsonArray([.. sequence.Items.Select(ToJson)]),
        YamlMapping mapping => new JsonObject(mapping.Entries.Select(e => KeyValuePair.Create(e.Key.Value, ToJson(e.Value)))),
        _ => null,
    };

    public static JsonNode? FromPlain(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                return JsonValue.Create(double.PositiveInfinity);
            case "-.inf" or "-.Inf" or "-.INF":
                return JsonValue.Create(double.NegativeInfinity);
            case ".nan" or ".NaN" or ".NAN":
                return JsonValue.Create(double.NaN);
        }

        if (IntegerPattern().IsMatch(text))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
            {
                return JsonValue.Create(l);
            }

            if (ulong.TryParse(text.TrimStart('+'), NumberStyles.None, CultureInfo.InvariantCulture, out var ul))
            {
                return JsonValue.Create(ul);
            }

            return JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && text.Length > 2
            && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && hex >= 0)
        {
            return JsonValue.Create(hex);
        }

        if (text.StartsWith("0o", StringComparison.Ordinal) && OctalPattern().IsMatch(text.AsSpan(2)) && text.Length < 23)
        {
            return JsonValue.Create(Convert.ToInt64(text[2..], 8));
        }

        if (FloatPattern().IsMatch(text)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
        {
            return JsonValue.Create(d);
        }

        return JsonValue.Create(text);
    }

    /// <summary>Text of a value for ids, interpolation and messages: numbers shortest round-trip, strings raw.</summary>
    public static string Format(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue v when v.TryGetValue<long>(out var l) => l.ToString(CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<ulong>(out var ul) => ul.ToString(CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<int>(out var i) => i.ToString(CultureInfo.InvariantCulture),
        JsonValue v when v.TryGetValue<double>(out var d) => d.ToString("R", CultureInfo.InvariantCulture),
        _ => value.ToJsonString(),
    };

    /// <summary>A short description of a value's type for messages.</summary>
    public static string Describe(JsonNode? value) => value switch
    {
        null => "null",
        JsonArray => "a list",
        JsonObject => "a mapping",
        JsonValue v when v.TryGetValue<string>(out var s) => $"the string '{Shorten(s)}'",
        JsonValue v when v.TryGetValue<bool>(out _) => $"the boolean {Format(v)}",
        JsonValue v when IsFloat(v) => $"the number {Format(v)}",
        _ => $"the integer {Format(value)}",
    };

    /// <summary>True for a number written or created as a float (never for integers).</summary>
    public static bool IsFloat(JsonValue value)
    {
        if (value.TryGetValue<System.Text.Json.JsonElement>(out var element))
        {
            return element.ValueKind == System.Text.Json.JsonValueKind.Number && element.GetRawText().AsSpan().IndexOfAny(".eE") >= 0;
        }

        return value.TryGetValue<double>(out _) || value.TryGetValue<float>(out _);
    }

    public static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex("^[0-7]+$")]
    private static partial Regex OctalPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
