using System.Globalization;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Engine.Audit;

/// <summary>How a recomputed output compares with the recorded one.</summary>
public enum OutputAgreement
{
    /// <summary>Same bytes (same hash).</summary>
    Identical,

    /// <summary>Different bytes, but every number agrees within the method's relative tolerance.</summary>
    WithinTolerance,

    /// <summary>Different beyond tolerance (or a different shape, type or text).</summary>
    Different,
}

/// <summary>The result of comparing two artifacts.</summary>
/// <param name="Agreement">Identical, within tolerance, or different.</param>
/// <param name="MaxRelativeError">The largest relative difference of numbers compared (0 when identical).</param>
/// <param name="Detail">What differs, for the user.</param>
public sealed record Comparison(OutputAgreement Agreement, double MaxRelativeError, string? Detail);

/// <summary>
/// Per-type comparison of a recorded and a recomputed artifact: arrays, spectrum images, table columns and JSON numbers
/// by relative tolerance (<c>|a − b| ≤ rtol · max(|a|, |b|, 1e-12 · scale)</c>, scale = largest magnitude of the recorded
/// values); integers, text and shapes exactly; figures by bytes.
/// </summary>
public static class OutputComparer
{
    /// <summary>Compares <paramref name="recorded"/> with <paramref name="recomputed"/> under <paramref name="relativeTolerance"/>.</summary>
    public static Comparison Compare(IArtifact recorded, IArtifact recomputed, double relativeTolerance)
    {
        if (recorded.Kind != recomputed.Kind)
        {
            return new(OutputAgreement.Different, double.PositiveInfinity, $"kind {recorded.Kind} → {recomputed.Kind}");
        }

        return (recorded, recomputed) switch
        {
            (NdArray a, NdArray b) => Arrays(a, b, relativeTolerance),
            (SpectrumImage a, SpectrumImage b) => Arrays(a.Data, b.Data, relativeTolerance),
            (Table a, Table b) => Tables(a, b, relativeTolerance),
            (JsonArtifact a, JsonArtifact b) => Json(a.Value, b.Value, relativeTolerance),
            _ => new(OutputAgreement.Different, double.PositiveInfinity, "content differs"),
        };
    }

    /// <summary>Compares two number sequences; integers (non-float dtypes) must agree exactly.</summary>
    public static Comparison Numbers(double[] a, double[] b, double relativeTolerance, bool exact = false)
    {
        if (a.Length != b.Length)
        {
            return new(OutputAgreement.Different, double.PositiveInfinity, $"length {a.Length} → {b.Length}");
        }

        var scale = 0.0;
        foreach (var v in a)
        {
            if (double.IsFinite(v))
            {
                scale = Math.Max(scale, Math.Abs(v));
            }
        }

        var worst = 0.0;
        var worstIndex = -1;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i].Equals(b[i]))
            {
                continue;
            }

            var error = !double.IsFinite(a[i]) || !double.IsFinite(b[i])
                ? double.PositiveInfinity
                : Math.Abs(a[i] - b[i]) / Math.Max(Math.Max(Math.Abs(a[i]), Math.Abs(b[i])), Math.Max(1e-12 * scale, double.Epsilon));
            if (error > worst)
            {
                worst = error;
                worstIndex = i;
            }
        }

        if (worstIndex < 0)
        {
            return new(OutputAgreement.Identical, 0, null);
        }

        var detail = string.Create(CultureInfo.InvariantCulture,
            $"largest relative difference {worst:G3} at element {worstIndex} ({a[worstIndex]:R} → {b[worstIndex]:R})");
        return !exact && worst <= relativeTolerance
            ? new(OutputAgreement.WithinTolerance, worst, detail)
            : new(OutputAgreement.Different, worst, detail + (exact ? " (exact comparison)" : string.Create(CultureInfo.InvariantCulture, $"; tolerance {relativeTolerance:G3}")));
    }

    private static Comparison Arrays(NdArray a, NdArray b, double tolerance)
    {
        if (a.DType != b.DType || !a.Shape.SequenceEqual(b.Shape))
        {
            return new(OutputAgreement.Different, double.PositiveInfinity, $"{a} → {b}");
        }

        var exact = a.DType is not (DType.Float32 or DType.Float64);
        return Numbers(a.ToDoubleArray(), b.ToDoubleArray(), tolerance, exact);
    }

    private static Comparison Tables(Table a, Table b, double tolerance)
    {
        if (a.RowCount != b.RowCount || !a.Columns.Select(c => c.Name).SequenceEqual(b.Columns.Select(c => c.Name)))
        {
            return new(OutputAgreement.Different, double.PositiveInfinity, "table shape or column names differ");
        }

        var result = new Comparison(OutputAgreement.Identical, 0, null);
        foreach (var column in a.Columns)
        {
            var other = b[column.Name];
            Comparison c;
            if (column.IsNumeric && other.IsNumeric)
            {
                c = Numbers(column.Numbers!, other.Numbers!, tolerance);
            }
            else if (!column.IsNumeric && !other.IsNumeric && column.Texts!.SequenceEqual(other.Texts!))
            {
                c = new(OutputAgreement.Identical, 0, null);
            }
            else
            {
                c = new(OutputAgreement.Different, double.PositiveInfinity, "text differs");
            }

            result = Worse(result, c with { Detail = c.Detail is null ? null : $"column {column.Name}: {c.Detail}" });
        }

        return result;
    }

    private static Comparison Json(JsonNode? a, JsonNode? b, double tolerance)
    {
        var left = new List<double>();
        var right = new List<double>();
        if (!SameShape(a, b, left, right))
        {
            return new(OutputAgreement.Different, double.PositiveInfinity, "JSON structure or text differs");
        }

        return Numbers([.. left], [.. right], tolerance);
    }

    private static bool SameShape(JsonNode? a, JsonNode? b, List<double> left, List<double> right)
    {
        switch (a, b)
        {
            case (null, null):
                return true;
            case (JsonObject x, JsonObject y):
                return x.Count == y.Count && x.All(p => y.TryGetPropertyValue(p.Key, out var other) && SameShape(p.Value, other, left, right));
            case (JsonArray x, JsonArray y):
                return x.Count == y.Count && x.Zip(y).All(p => SameShape(p.First, p.Second, left, right));
            case (JsonValue x, JsonValue y) when x.TryGetValue<double>(out var p) && y.TryGetValue<double>(out var q):
                if (x.TryGetValue<long>(out var i) && y.TryGetValue<long>(out var j))
                {
                    return i == j;
                }

                left.Add(p);
                right.Add(q);
                return true;
            default:
                return a is not null && b is not null && a.ToJsonString() == b.ToJsonString();
        }
    }

    private static Comparison Worse(Comparison x, Comparison y) => y.Agreement > x.Agreement || (y.Agreement == x.Agreement && y.MaxRelativeError > x.MaxRelativeError) ? y : x;
}
