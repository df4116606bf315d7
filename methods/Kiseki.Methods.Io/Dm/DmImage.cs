using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Methods.Io.Formats;

namespace Kiseki.Methods.Io.Dm;

/// <summary>The facts about one <c>ImageList</c> entry needed to read its data: type, dimensions, calibration.</summary>
internal sealed class DmImage
{
    public required int Index { get; init; }

    public required string Name { get; init; }

    public required int DataType { get; init; }

    public required DType Type { get; init; }

    public required int[] Dimensions { get; init; }

    /// <summary>One axis per DM dimension (n0 first), padded with uncalibrated axes when calibrations are missing.</summary>
    public required Axis[] Axes { get; init; }

    public required long DataOffset { get; init; }

    public required SignalKind Signal { get; init; }

    /// <summary>Metadata says spectrum or spectrum image.</summary>
    public required bool IsSpectral { get; init; }

    public static DmImage From(DmGroup entry, int index, string path)
    {
        var imageData = entry.Group("ImageData")
                        ?? throw FileFormatException.AtKey(path, $"ImageList/[{index}]/ImageData", "missing; expected the image data group");
        var key = $"ImageList/[{index}]/ImageData";
        var array = imageData["Data"] as DmArray
                    ?? throw FileFormatException.AtKey(path, key + "/Data", "missing or not an array");
        var dataType = (int)((imageData["DataType"] as DmValue)?.AsDouble()
                             ?? throw FileFormatException.AtKey(path, key + "/DataType", "missing; expected a uint32 image data type"));
        var type = dataType switch
        {
            1 => DType.Int16, 2 => DType.Float32, 3 => DType.Complex64, 6 => DType.UInt8, 7 => DType.Int32,
            9 => DType.Int8, 10 => DType.UInt16, 11 => DType.UInt32, 12 => DType.Float64, 13 => DType.Complex128,
            14 => DType.Bool, 23 => DType.UInt32,
            _ => throw FileFormatException.AtKey(path, key + "/DataType", $"image data type {dataType} is not supported; expected 1-3, 6, 7, 9-14 or 23 (RGBA)"),
        };
        var dims = (imageData.Group("Dimensions")?.Entries ?? [])
            .Select(e => (e.Value as DmValue)?.AsDouble() ?? -1).ToArray();
        if (dims.Length is 0 or > 3 || dims.Any(d => d < 1 || d > Array.MaxLength || d != Math.Floor(d)))
        {
            throw FileFormatException.AtKey(path, key + "/Dimensions", $"dimensions [{string.Join(", ", dims)}]; expected 1 to 3 positive sizes");
        }

        var shape = dims.Select(d => (int)d).ToArray();
        var count = shape.Aggregate(1.0, (a, d) => a * d);
        var size = DTypes.SizeOf(type);
        if (count != array.Count * (double)array.ElementSize / size || (double)array.ByteLength != count * size)
        {
            throw FileFormatException.AtKey(path, key + "/Data", $"holds {array.ByteLength} bytes but dimensions [{string.Join(", ", shape)}] of {DTypes.Name(type)} need {count * size}");
        }

        var calibrations = Calibrations(entry);
        var axes = new Axis[shape.Length];
        for (var d = 0; d < shape.Length; d++)
        {
            var (origin, scale, units) = d < calibrations.Count ? calibrations[d] : (0.0, 1.0, "");
            var name = shape.Length switch { 1 => "channel", 2 => d == 0 ? "x" : "y", _ => d switch { 0 => "x", 1 => "y", _ => "channel" } };
            axes[d] = new Axis(name, shape[d], origin == 0 ? 0 : -origin * scale, scale, units);
        }

        var format = (entry.Find("ImageTags/Meta Data/Format") as DmArray)?.Text?.Trim().ToLowerInvariant() ?? "";
        var signalText = (entry.Find("ImageTags/Meta Data/Signal") as DmArray)?.Text;
        var signal = ArrayLayout.ParseSignal(signalText);
        if (signal == SignalKind.Unknown)
        {
            signal = entry.Find("ImageTags/EELS") is not null ? SignalKind.Eels
                : entry.Find("ImageTags/EDS") is not null ? SignalKind.Eds : SignalKind.Unknown;
        }

        return new DmImage
        {
            Index = index,
            Name = (entry["Name"] as DmArray)?.Text ?? "",
            DataType = dataType,
            Type = type,
            Dimensions = shape,
            Axes = axes,
            DataOffset = array.Offset,
            Signal = signal,
            IsSpectral = format.StartsWith("spectrum", StringComparison.Ordinal) || entry.Find("ImageTags/spim") is not null,
        };
    }

    /// <summary>(origin, scale, units) of each <c>ImageData/Calibrations/Dimension</c> entry.</summary>
    public static List<(double Origin, double Scale, string Units)> Calibrations(DmGroup entry)
    {
        var result = new List<(double, double, string)>();
        foreach (var item in entry.Group("ImageData")?.Group("Calibrations")?.Group("Dimension")?.Entries ?? [])
        {
            var g = item.Value as DmGroup;
            var origin = (g?["Origin"] as DmValue)?.AsDouble() ?? 0;
            var scale = (g?["Scale"] as DmValue)?.AsDouble() ?? 1;
            result.Add((double.IsFinite(origin) ? origin : 0, double.IsFinite(scale) ? scale : 1, (g?["Units"] as DmArray)?.Text ?? ""));
        }

        return result;
    }
}
