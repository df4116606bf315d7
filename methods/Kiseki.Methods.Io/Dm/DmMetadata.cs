using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;

namespace Kiseki.Methods.Io.Dm;

/// <summary>
/// The source metadata of a DM file as JSON: format facts, the chosen entry, and that entry's <c>ImageTags</c> tree,
/// bounded (at most <see cref="MaxNodes"/> values, depth <see cref="MaxDepth"/>; arrays longer than 64 elements are
/// summarised as their type and length).
/// </summary>
internal static class DmMetadata
{
    public const int MaxNodes = 4000;
    public const int MaxDepth = 16;

    public static JsonObject Describe(DmGroup root, DmTagParser parser, DmGroup entry, int index, HashSet<int> thumbnails, DmImage image)
    {
        var budget = MaxNodes;
        var brightness = entry.Find("ImageData/Calibrations/Brightness") as DmGroup;
        return new JsonObject
        {
            ["format"] = parser.Version == 4 ? "dm4" : "dm3",
            ["dm_version"] = parser.Version,
            ["little_endian"] = parser.LittleEndian,
            ["tag_count"] = parser.TagCount,
            ["top_level_groups"] = new JsonArray([.. root.Entries.Where(e => e.Value is DmGroup).Select(e => (JsonNode?)e.Key)]),
            ["image_list_count"] = root.Group("ImageList")?.Entries.Count ?? 0,
            ["thumbnails"] = new JsonArray([.. thumbnails.Order().Select(t => (JsonNode?)t)]),
            ["entry"] = index,
            ["name"] = image.Name,
            ["data_type"] = image.DataType,
            ["dtype"] = DTypes.Name(image.Type),
            ["dm_dimensions"] = new JsonArray([.. image.Dimensions.Select(d => (JsonNode?)d)]),
            ["brightness"] = brightness is null ? null : new JsonObject
            {
                ["origin"] = (brightness["Origin"] as DmValue)?.AsDouble(),
                ["scale"] = (brightness["Scale"] as DmValue)?.AsDouble(),
                ["units"] = (brightness["Units"] as DmArray)?.Text ?? "",
            },
            ["image_tags"] = entry.Group("ImageTags") is { } tags ? ToJson(tags, 0, ref budget) : new JsonObject(),
        };
    }

    /// <summary>A JSON view of a tag group, spending at most <paramref name="budget"/> nodes.</summary>
    public static JsonObject ToJson(DmGroup group, int depth, ref int budget)
    {
        var result = new JsonObject();
        var i = 0;
        foreach (var (name, node) in group.Entries)
        {
            var key = name.Length == 0 ? $"[{i}]" : name;
            i++;
            if (result.ContainsKey(key))
            {
                key = $"{key}#{i}";
            }

            if (--budget < 0)
            {
                result["…"] = "truncated";
                break;
            }

            result[key] = node switch
            {
                DmGroup g when depth < MaxDepth => ToJson(g, depth + 1, ref budget),
                DmGroup g => $"group of {g.Entries.Count} entries",
                DmValue v => Value(v.Value),
                DmArray a when a.Text is not null => a.Text,
                DmArray { Values: { } values } => new JsonArray([.. values.Select(x => (JsonNode?)Finite(x))]),
                DmArray a => $"array of {a.Count} × type {a.ElementCode}",
                _ => null,
            };
        }

        return result;
    }

    private static JsonNode? Value(object value) => value switch
    {
        long l => l,
        ulong u => u,
        double d => Finite(d),
        bool b => b,
        string s => s,
        object[] fields => new JsonArray([.. fields.Select(Value)]),
        _ => null,
    };

    private static JsonNode? Finite(double d) => double.IsFinite(d) ? d : d.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
