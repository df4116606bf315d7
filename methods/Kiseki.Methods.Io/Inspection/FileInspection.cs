using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Methods.Io;

/// <summary>Value statistics of a data array (complex values: real part). NaN and infinities are counted, not summed.</summary>
/// <param name="Min">Smallest finite value (NaN when there is none).</param>
/// <param name="Max">Largest finite value (NaN when there is none).</param>
/// <param name="Mean">Mean of the finite values (NaN when there is none).</param>
/// <param name="NaNCount">Number of NaN elements.</param>
/// <param name="InfinityCount">Number of +∞ or −∞ elements.</param>
public sealed record ValueRange(double Min, double Max, double Mean, long NaNCount, long InfinityCount);

/// <summary>A summary of the file's metadata tree.</summary>
/// <param name="TopLevelGroups">Names of the top-level groups (DM tag groups, HDF5 experiments, text keywords).</param>
/// <param name="TagCount">Number of tags / keywords in the tree.</param>
public sealed record MetadataSummary(IReadOnlyList<string> TopLevelGroups, int TagCount);

/// <summary>What a data file holds, as <c>kiseki inspect FILE</c> prints it.</summary>
/// <param name="Path">The file inspected.</param>
/// <param name="Format">Detected format (<c>dm3</c>, <c>dm4</c>, <c>emsa</c>, <c>ripple</c>, <c>npy</c>, <c>npz</c>, <c>mat</c>, <c>hspy</c>).</param>
/// <param name="Shape">Shape of the spectrum image (rows, cols, channels).</param>
/// <param name="DType">Element type (NumPy name).</param>
/// <param name="Axes">The three axes with calibration and units.</param>
/// <param name="Signal">Signal kind.</param>
/// <param name="Values">Value statistics.</param>
/// <param name="Metadata">Metadata tree summary.</param>
public sealed record FileInspection(
    string Path, string Format, IReadOnlyList<int> Shape, string DType, IReadOnlyList<Axis> Axes,
    SignalKind Signal, ValueRange Values, MetadataSummary Metadata)
{
    /// <summary>The inspection as a JSON object (invariant number formatting).</summary>
    public JsonObject ToJsonObject() => new()
    {
        ["path"] = Path,
        ["format"] = Format,
        ["shape"] = new JsonArray([.. Shape.Select(s => (JsonNode?)s)]),
        ["dtype"] = DType,
        ["signal"] = Signal.ToString().ToLowerInvariant(),
        ["axes"] = new JsonArray([.. Axes.Select(a => (JsonNode?)new JsonObject
        {
            ["name"] = a.Name, ["size"] = a.Size, ["offset"] = a.Offset, ["scale"] = a.Scale, ["units"] = a.Units,
        })]),
        ["values"] = new JsonObject
        {
            ["min"] = Json(Values.Min), ["max"] = Json(Values.Max), ["mean"] = Json(Values.Mean),
            ["nan_count"] = Values.NaNCount, ["infinity_count"] = Values.InfinityCount,
        },
        ["metadata"] = new JsonObject
        {
            ["top_level_groups"] = new JsonArray([.. Metadata.TopLevelGroups.Select(g => (JsonNode?)g)]),
            ["tag_count"] = Metadata.TagCount,
        },
    };

    /// <summary>The inspection as indented JSON text (<c>kiseki inspect FILE --json</c>).</summary>
    public string ToJson() => ToJsonObject().ToJsonString(new JsonSerializerOptions { WriteIndented = true });

    /// <summary>A plain-text rendering for a terminal (<c>kiseki inspect FILE</c>).</summary>
    public string ToText()
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append(c, $"file     {System.IO.Path.GetFileName(Path)}\n");
        text.Append(c, $"format   {Format}\n");
        text.Append(c, $"shape    ({string.Join(", ", Shape)})  rows × cols × channels\n");
        text.Append(c, $"dtype    {DType}\n");
        text.Append(c, $"signal   {Signal.ToString().ToLowerInvariant()}\n");
        text.Append("axes\n");
        foreach (var a in Axes)
        {
            var units = a.Units.Length == 0 ? "(no units)" : a.Units;
            text.Append(c, $"  {a.Name,-12} size {a.Size,-6} offset {a.Offset:G6}  scale {a.Scale:G6}  {units}  [{a.ValueAt(0):G6} … {a.ValueAt(Math.Max(0, a.Size - 1)):G6}]\n");
        }

        text.Append(c, $"values   min {Values.Min:G6}  max {Values.Max:G6}  mean {Values.Mean:G6}  NaN {Values.NaNCount}  Inf {Values.InfinityCount}\n");
        text.Append(c, $"metadata {Metadata.TagCount} tags; top-level: {string.Join(", ", Metadata.TopLevelGroups)}\n");
        return text.ToString();
    }

    private static JsonNode? Json(double value) => double.IsFinite(value) ? value : null;
}
