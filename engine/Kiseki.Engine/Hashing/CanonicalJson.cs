using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Engine.Hashing;

/// <summary>
/// Canonical JSON: object keys sorted ordinally, no whitespace, UTF-8, integers written as integers and floats always
/// with a fraction or exponent (shortest round-trip), NaN and infinities rejected. Identity hashes are taken over it.
/// </summary>
public static class CanonicalJson
{
    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        SkipValidation = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Serialize(JsonNode? node)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, node);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static string ToText(JsonNode? node) => System.Text.Encoding.UTF8.GetString(Serialize(node));

    public static ContentHash Hash(JsonNode? node) => ContentHash.Of(Serialize(node));

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonObject obj:
                writer.WriteStartObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    writer.WritePropertyName(key);
                    Write(writer, value);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case JsonValue value:
                WriteValue(writer, value);
                break;
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, JsonValue value)
    {
        if (value.TryGetValue<JsonElement>(out var element))
        {
            WriteElement(writer, element);
            return;
        }

        if (value.TryGetValue<string>(out var text))
        {
            writer.WriteStringValue(text);
        }
        else if (value.TryGetValue<bool>(out var flag))
        {
            writer.WriteBooleanValue(flag);
        }
        else if (value.TryGetValue<long>(out var l))
        {
            writer.WriteNumberValue(l);
        }
        else if (value.TryGetValue<int>(out var i))
        {
            writer.WriteNumberValue(i);
        }
        else if (value.TryGetValue<ulong>(out var ul))
        {
            writer.WriteNumberValue(ul);
        }
        else if (value.TryGetValue<uint>(out var ui))
        {
            writer.WriteNumberValue(ui);
        }
        else if (value.TryGetValue<double>(out var d))
        {
            WriteFloat(writer, d);
        }
        else if (value.TryGetValue<float>(out var f))
        {
            WriteFloat(writer, f);
        }
        else
        {
            throw new ArgumentException($"Unsupported JSON value {value.ToJsonString()}.");
        }
    }

    private static void WriteElement(Utf8JsonWriter writer, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                var raw = element.GetRawText();
                if (raw.AsSpan().IndexOfAny(".eE") < 0 && element.TryGetInt64(out var l))
                {
                    writer.WriteNumberValue(l);
                }
                else if (raw.AsSpan().IndexOfAny(".eE") < 0 && element.TryGetUInt64(out var ul))
                {
                    writer.WriteNumberValue(ul);
                }
                else
                {
                    WriteFloat(writer, element.GetDouble());
                }

                break;
            case JsonValueKind.String:
                writer.WriteStringValue(element.GetString());
                break;
            case JsonValueKind.True:
            case JsonValueKind.False:
                writer.WriteBooleanValue(element.GetBoolean());
                break;
            case JsonValueKind.Null:
                writer.WriteNullValue();
                break;
            default:
                Write(writer, JsonNode.Parse(element.GetRawText()));
                break;
        }
    }

    /// <summary>Shortest round-trip form, always with a fraction or exponent so 2.0 never reads back as the integer 2.</summary>
    private static void WriteFloat(Utf8JsonWriter writer, double value)
    {
        if (!double.IsFinite(value))
        {
            throw new ArgumentException($"Canonical JSON rejects non-finite number {value}.");
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.AsSpan().IndexOfAny(".eE") < 0)
        {
            text += ".0";
        }

        writer.WriteRawValue(text, skipInputValidation: true);
    }
}
