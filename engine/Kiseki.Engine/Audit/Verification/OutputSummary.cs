using System.Globalization;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Hashing;

namespace Kiseki.Engine.Audit;

/// <summary>
/// Normalised summaries of artifacts for snapshot files: arrays → shape, dtype, sum, min, max and quantiles; tables →
/// row count and per-column summaries; figures → size and decoded-pixel hash; JSON → the value (small) or its hash.
/// </summary>
public static class OutputSummary
{
    private static readonly double[] Quantiles = [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99];

    /// <summary>The summary of <paramref name="artifact"/>.</summary>
    public static JsonObject Of(IArtifact artifact) => artifact switch
    {
        NdArray a => Array(a),
        SpectrumImage s => Array(s.Data),
        Table t => new JsonObject
        {
            ["rows"] = t.RowCount,
            ["columns"] = new JsonArray([.. t.Columns.Select(c => (JsonNode?)(c.IsNumeric
                ? Numbers(c.Numbers!, new JsonObject { ["name"] = c.Name, ["type"] = "number" }, false)
                : new JsonObject { ["name"] = c.Name, ["type"] = "text", ["sha256"] = ContentHash.Of(System.Text.Encoding.UTF8.GetBytes(string.Join("\n", c.Texts!))).Hex }))]),
        },
        Figure f => Figure(f.Png),
        JsonArtifact j => Json(j.Value),
        FileArtifact file => new JsonObject { ["size"] = file.Length, ["sha256"] = file.Hash.Hex },
        _ => new JsonObject { ["kind"] = artifact.Kind },
    };

    private static JsonObject Figure(byte[] png)
    {
        var (width, height, hash) = PngPixels.Decode(png);
        return new JsonObject { ["width"] = width, ["height"] = height, ["pixels_sha256"] = hash };
    }

    private static JsonObject Json(JsonNode value)
    {
        var text = CanonicalJson.ToText(value);
        return text.Length <= 2000 ? new JsonObject { ["value"] = value.DeepClone() } : new JsonObject { ["sha256"] = ContentHash.Of(System.Text.Encoding.UTF8.GetBytes(text)).Hex };
    }

    private static JsonObject Array(NdArray array)
    {
        var result = new JsonObject
        {
            ["shape"] = new JsonArray([.. array.Shape.Select(d => (JsonNode?)d)]),
            ["dtype"] = DTypes.Name(array.DType),
        };
        return Numbers(array.ToDoubleArray(), result, !DTypes.IsFloatingPoint(array.DType));
    }

    private static JsonObject Numbers(double[] values, JsonObject into, bool integer)
    {
        into["integer"] = integer;
        into["count"] = values.Length;
        var finite = values.Where(double.IsFinite).ToArray();
        into["non_finite"] = values.Length - finite.Length;
        if (finite.Length == 0)
        {
            return into;
        }

        // Sum in a fixed order with compensation, so the summary itself is deterministic and accurate.
        double sum = 0, compensation = 0;
        foreach (var v in finite)
        {
            var y = v - compensation;
            var t = sum + y;
            compensation = (t - sum) - y;
            sum = t;
        }

        System.Array.Sort(finite);
        into["sum"] = sum;
        into["min"] = finite[0];
        into["max"] = finite[^1];
        var quantiles = new JsonObject();
        foreach (var q in Quantiles)
        {
            quantiles[q.ToString("0.##", CultureInfo.InvariantCulture)] = finite[(int)Math.Round(q * (finite.Length - 1))];
        }

        into["quantiles"] = quantiles;
        return into;
    }
}
