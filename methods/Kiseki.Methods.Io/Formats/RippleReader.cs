using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Methods.Io.Formats;

/// <summary>
/// Lispix Ripple: a <c>.rpl</c> text header (<c>key&lt;TAB&gt;value</c> lines, <c>;</c> comments, Oxford
/// <c>(MLX::key value)</c> lines) and a headerless <c>.raw</c> file. record-by vector is (height, width, depth) and is
/// read as is; record-by image is (depth, height, width) and is transposed while streaming; dont-care is one image.
/// HyperSpy's <c>*-origin</c> keys are calibrated offsets; <c>depth-scale</c> wins over <c>ev-per-chan</c>.
/// </summary>
internal static class RippleReader
{
    private const long MaxHeaderBytes = 1 << 20;

    public static SpectrumImage Read(string path, ReadOptions options)
    {
        var (keys, width, height, depth, offset, type, bigEndian, recordBy, rawPath) = Describe(path, options);
        var count = (long)width * height * depth;
        using var handle = File.OpenHandle(rawPath, FileMode.Open, FileAccess.Read, FileShare.Read);
        var data = recordBy == "image"
            ? ArrayCodec.ReadFileTransposed(handle, rawPath, offset, type, depth, (long)width * height, bigEndian)
            : ArrayCodec.ReadFile(handle, rawPath, offset, type, count, bigEndian);
        var array = ArrayLayout.Create(data, type, [height, width, depth]);
        var (rows, cols, channels, signal, source) = Calibration(new Layout(keys, width, height, depth, offset, type, bigEndian, recordBy, rawPath), path);
        return new SpectrumImage(array, rows, cols, channels, signal, source);
    }

    /// <summary>
    /// The image of a record-by-vector Ripple file left in its <c>.raw</c> file (out of core): the same axes, signal
    /// and source as <see cref="Read"/>, values read by rows or loaded whole on demand. Null for record-by image.
    /// </summary>
    public static SpectrumImage? OpenOutOfCore(string path, ReadOptions options)
    {
        var layout = Describe(path, options);
        if (layout.RecordBy == "image" && layout.Depth > 1)
        {
            return null;
        }

        var (rows, cols, channels, signal, source) = Calibration(layout, path);
        var file = new ArrayFile(
            layout.RawPath, layout.Type, [layout.Height, layout.Width, layout.Depth],
            () => OpenRows(path, options), () => SpectrumImageReader.Guard(path, () => Read(path, options).Data));
        using (file.OpenRows())
        {
        }

        return new SpectrumImage(file, rows, cols, channels, signal, source);
    }

    private static (Axis Rows, Axis Cols, Axis Channels, SignalKind Signal, JsonObject Source) Calibration(Layout layout, string path)
    {
        var keys = layout.Keys;
        var signal = ArrayLayout.ParseSignal(Get(keys, "signal"));
        if (signal == SignalKind.Unknown && layout.RecordBy != "vector")
        {
            signal = SignalKind.Image;
        }

        var source = new JsonObject { ["format"] = "ripple", ["raw_file"] = Path.GetFileName(layout.RawPath), ["keys"] = keys.DeepClone() };
        return (AxisOf(keys, "height", layout.Height, "y", null, path), AxisOf(keys, "width", layout.Width, "x", null, path),
            AxisOf(keys, "depth", layout.Depth, "channel", Get(keys, "ev-per-chan"), path), signal, source);
    }

    /// <summary>
    /// The <c>.raw</c> data of a record-by-vector (or depth-1) Ripple file as rows of channels read by positioned
    /// reads, without reading it (out of core). record-by image stores each channel as a whole image, so a pixel's
    /// spectrum is scattered over the file: refused with a clear error.
    /// </summary>
    public static RowFile OpenRows(string path, ReadOptions options)
    {
        var layout = Describe(path, options);
        if (layout.RecordBy == "image" && layout.Depth > 1)
        {
            throw FileFormatException.AtKey(path, "record-by", "image stores each channel as a whole image; only record-by vector can be read by rows");
        }

        try
        {
            return RowFile.Open(layout.RawPath, layout.Offset, layout.Type, layout.BigEndian, [layout.Height, layout.Width, layout.Depth]);
        }
        catch (InvalidDataException e)
        {
            throw FileFormatException.Whole(path, e.Message, e);
        }
    }

    private sealed record Layout(
        JsonObject Keys, int Width, int Height, int Depth, long Offset, DType Type, bool BigEndian, string RecordBy, string RawPath);

    private static Layout Describe(string path, ReadOptions options)
    {
        var keys = ParseHeader(path);
        var width = Dimension(keys, "width", null, path);
        var height = Dimension(keys, "height", null, path);
        var depth = Dimension(keys, "depth", 1, path);
        var offset = (long)Integer(keys, "offset", 0, 0, long.MaxValue / 2, path);
        var length = (int)Integer(keys, "data-length", null, 1, 8, path);
        var kind = Get(keys, "data-type")?.ToLowerInvariant() ?? throw FileFormatException.AtKey(path, "data-type", "missing; expected signed, unsigned or float");
        var type = (kind, length) switch
        {
            ("signed", 1) => DType.Int8, ("signed", 2) => DType.Int16, ("signed", 4) => DType.Int32, ("signed", 8) => DType.Int64,
            ("unsigned", 1) => DType.UInt8, ("unsigned", 2) => DType.UInt16, ("unsigned", 4) => DType.UInt32, ("unsigned", 8) => DType.UInt64,
            ("float", 4) => DType.Float32, ("float", 8) => DType.Float64,
            _ => throw FileFormatException.AtKey(path, "data-type", $"'{kind}' with data-length {length} is not supported; expected signed/unsigned 1, 2, 4, 8 or float 4, 8"),
        };
        var order = Get(keys, "byte-order")?.ToLowerInvariant() ?? "dont-care";
        var bigEndian = order switch
        {
            "big-endian" => true,
            "little-endian" or "dont-care" => false,
            _ => throw FileFormatException.AtKey(path, "byte-order", $"'{order}'; expected little-endian, big-endian or dont-care"),
        };
        var recordBy = Get(keys, "record-by")?.ToLowerInvariant() ?? (depth == 1 ? "dont-care" : "vector");
        if (recordBy is not ("vector" or "image" or "dont-care"))
        {
            throw FileFormatException.AtKey(path, "record-by", $"'{recordBy}'; expected vector, image or dont-care");
        }

        if (recordBy == "dont-care" && depth != 1)
        {
            throw FileFormatException.AtKey(path, "record-by", $"dont-care needs depth 1 but depth is {depth}");
        }

        var rawPath = options.RippleCompanionPath ?? FindRaw(path);
        if ((double)width * height * depth * length > 1e18)
        {
            throw FileFormatException.AtKey(path, "width", $"{width}×{height}×{depth} elements of {length} bytes is absurd");
        }

        var count = (long)width * height * depth;
        var expected = offset + (count * length);
        var actual = new FileInfo(rawPath).Length;
        if (actual != expected)
        {
            throw FileFormatException.Whole(path, $"the header describes {expected} bytes ({offset} offset + {width}×{height}×{depth}×{length}) but {Path.GetFileName(rawPath)} has {actual} bytes");
        }

        return new Layout(keys, width, height, depth, offset, type, bigEndian, recordBy, rawPath);
    }

    public static JsonObject ParseHeader(string path)
    {
        var info = new FileInfo(path);
        if (info.Length > MaxHeaderBytes)
        {
            throw FileFormatException.Whole(path, $"{info.Length} bytes is too large for a Ripple header (at most {MaxHeaderBytes})");
        }

        var keys = new JsonObject();
        var lines = Encoding.Latin1.GetString(File.ReadAllBytes(path)).Split('\n');
        foreach (var rawLine in lines)
        {
            var line = rawLine;
            var semicolon = line.IndexOf(';');
            if (semicolon >= 0)
            {
                line = line[..semicolon];
            }

            line = line.Trim().TrimStart('\uFEFF');
            if (line.StartsWith("(MLX::", StringComparison.OrdinalIgnoreCase))
            {
                line = line[6..].TrimEnd(')').Trim();
            }

            var parts = line.Contains('\t') ? line.Split('\t', 3) : line.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 1 || parts[0].Trim().Length == 0)
            {
                continue;
            }

            var key = parts[0].Trim().ToLowerInvariant();
            if (!keys.ContainsKey(key))
            {
                keys[key] = parts.Length > 1 ? parts[1].Trim() : "";
            }
        }

        return keys;
    }

    private static string FindRaw(string rplPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(rplPath)) ?? ".";
        var stem = Path.GetFileNameWithoutExtension(rplPath);
        foreach (var ext in new[] { ".raw", ".RAW", ".Raw" })
        {
            var candidate = Path.Combine(directory, stem + ext);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw FileFormatException.Whole(rplPath, $"the companion data file {stem}.raw is missing beside the header; pass it explicitly");
    }

    private static string? Get(JsonObject keys, string key) => keys[key]?.GetValue<string>() is { Length: > 0 } v ? v : null;

    private static double? Real(JsonObject keys, string key, string path)
    {
        var text = Get(keys, key);
        if (text is null)
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw FileFormatException.AtKey(path, key, $"'{text}' is not a finite number");
    }

    private static double Integer(JsonObject keys, string key, double? fallback, double min, double max, string path)
    {
        var value = Real(keys, key, path) ?? fallback ?? throw FileFormatException.AtKey(path, key, "missing; expected a whole number");
        if (value != Math.Floor(value) || value < min || value > max)
        {
            throw FileFormatException.AtKey(path, key, $"{value.ToString(CultureInfo.InvariantCulture)} is not a whole number in [{min.ToString(CultureInfo.InvariantCulture)}, {max.ToString(CultureInfo.InvariantCulture)}]");
        }

        return value;
    }

    private static int Dimension(JsonObject keys, string key, int? fallback, string path)
        => (int)Integer(keys, key, fallback, 1, Array.MaxLength, path);

    private static Axis AxisOf(JsonObject keys, string key, int size, string defaultName, string? evPerChannel, string path)
    {
        var scale = Real(keys, key + "-scale", path);
        if (scale is null && evPerChannel is not null && double.TryParse(evPerChannel, NumberStyles.Float, CultureInfo.InvariantCulture, out var ev) && ev != 0)
        {
            scale = ev;
        }

        var units = Get(keys, key + "-units") ?? (scale is not null && Get(keys, key + "-scale") is null ? "eV" : "");
        return new Axis(Get(keys, key + "-name") ?? defaultName, size, Real(keys, key + "-origin", path) ?? 0, scale ?? 1, units);
    }
}
