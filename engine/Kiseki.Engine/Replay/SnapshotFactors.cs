using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Reproduction;

namespace Kiseki.Engine.Audit;

/// <summary>
/// The order/sign equivalence class for snapshot tests. A snapshot keeps, for each output of a declared factor set,
/// a sketch of its components (up to <see cref="SampledRows"/> evenly spaced rows of the array viewed as rows ×
/// components); when a step's factor outputs changed, the recorded and fresh sketches are matched jointly with
/// <see cref="FactorSetComparer"/> and, when a permutation (and sign flips) brings them within the method's tolerance,
/// the change is reported as equivalent up to component order/sign with the permutation.
/// </summary>
internal static class SnapshotFactors
{
    /// <summary>The largest number of rows kept per factor output.</summary>
    public const int SampledRows = 64;

    /// <summary>The sketch of a factor output (rows of component values), or null when it is not a non-empty array.</summary>
    public static JsonArray? Sketch(NdArray array)
    {
        if (array.Rank == 0 || array.Shape[^1] == 0)
        {
            return null;
        }

        var values = array.ToDoubleArray();
        var k = array.Shape[^1];
        var rows = values.Length / k;
        var m = Math.Min(rows, SampledRows);
        var sketch = new JsonArray();
        for (var s = 0; s < m; s++)
        {
            var row = (int)((long)s * rows / m);
            sketch.Add(new JsonArray([.. Enumerable.Range(0, k).Select(c => (JsonNode?)values[(row * k) + c])]));
        }

        return sketch;
    }

    /// <summary>
    /// The matching of one factor set between the recorded and fresh outputs of a step (port → output node with a
    /// <c>factors</c> sketch), or null when a port lacks a sketch, the sketches do not line up, or nothing changed.
    /// </summary>
    public static FactorMatch? Match(FactorSetAttribute set, JsonObject recorded, JsonObject fresh)
    {
        var ports = set.Outputs.Concat(set.Companions).ToList();
        var before = new Dictionary<string, NdArray>(StringComparer.Ordinal);
        var after = new Dictionary<string, NdArray>(StringComparer.Ordinal);
        foreach (var port in ports)
        {
            if (Array(recorded[port]) is not { } a || Array(fresh[port]) is not { } b)
            {
                return null;
            }

            (before[port], after[port]) = (a, b);
        }

        return ports.All(p => recorded[p]?["sha256"]?.ToJsonString() == fresh[p]?["sha256"]?.ToJsonString())
            ? null
            : FactorSetComparer.Match(set, before, after);
    }

    private static NdArray? Array(JsonNode? output)
    {
        if (output?["factors"] is not JsonArray rows || rows.Count == 0 || rows[0] is not JsonArray first || first.Count == 0)
        {
            return null;
        }

        var k = first.Count;
        var values = new double[rows.Count * k];
        for (var r = 0; r < rows.Count; r++)
        {
            if (rows[r] is not JsonArray row || row.Count != k)
            {
                return null;
            }

            for (var c = 0; c < k; c++)
            {
                if (row[c] is not JsonValue v || !v.TryGetValue<double>(out values[(r * k) + c]))
                {
                    return null;
                }
            }
        }

        return NdArray.Create(values, rows.Count, k);
    }
}
