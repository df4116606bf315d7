using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Methods.Io;

/// <summary>Describes a data file: format, shape, type, calibrated axes, signal, value range and metadata summary.</summary>
public static class FileInspector
{
    /// <summary>Reads <paramref name="path"/> and summarises it; throws <see cref="FileFormatException"/> when unreadable.</summary>
    public static FileInspection Inspect(string path, ReadOptions? options = null)
    {
        var image = SpectrumImageReader.Read(path, options ?? ReadOptions.Default);
        return Inspect(image, path);
    }

    /// <summary>Summarises an already-read spectrum image.</summary>
    public static FileInspection Inspect(SpectrumImage image, string path)
    {
        ArgumentNullException.ThrowIfNull(image);
        var format = image.Source["format"]?.GetValue<string>() ?? "unknown";
        return new FileInspection(
            path, format, [image.Rows, image.Columns, image.Channels], DTypes.Name(image.Data.DType), image.Axes,
            image.Signal, Range(image.Data), Summarise(image.Source));
    }

    /// <summary>Min, max, mean of the finite values; NaN and infinity counts.</summary>
    public static ValueRange Range(NdArray data)
    {
        ArgumentNullException.ThrowIfNull(data);
        double min = double.PositiveInfinity, max = double.NegativeInfinity, sum = 0;
        long finite = 0, nan = 0, inf = 0;
        for (long i = 0; i < data.Length; i++)
        {
            var v = data.GetDouble(i);
            if (double.IsNaN(v))
            {
                nan++;
            }
            else if (double.IsInfinity(v))
            {
                inf++;
            }
            else
            {
                finite++;
                sum += v;
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
        }

        return finite == 0
            ? new ValueRange(double.NaN, double.NaN, double.NaN, nan, inf)
            : new ValueRange(min, max, sum / finite, nan, inf);
    }

    private static MetadataSummary Summarise(JsonObject source)
    {
        if (source["top_level_groups"] is JsonArray groups)
        {
            return new MetadataSummary(
                [.. groups.Select(g => g?.GetValue<string>() ?? "")], source["tag_count"]?.GetValue<int>() ?? 0);
        }

        var tree = source["keywords"] as JsonObject ?? source["keys"] as JsonObject ?? source["members"] as JsonObject
                   ?? source["variables"] as JsonObject;
        if (tree is not null)
        {
            return new MetadataSummary([.. tree.Select(p => p.Key)], tree.Count);
        }

        if (source["experiments"] is JsonArray experiments)
        {
            return new MetadataSummary([.. experiments.Select(e => e?.GetValue<string>() ?? "")], experiments.Count);
        }

        return new MetadataSummary([], 0);
    }
}
