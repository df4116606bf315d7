using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using PureHDF;

namespace Kiseki.Methods.Io.Formats;

/// <summary>
/// HyperSpy <c>.hspy</c> (HDF5): the <c>data</c> dataset of an experiment under <c>/Experiments</c> (the first, or the
/// one named by <see cref="ReadOptions.ArrayName"/>), its <c>axis-k</c> groups (name, scale, offset, units, navigate)
/// and <c>metadata/Signal/signal_type</c>. Navigation axes come first and the signal axis last, as HyperSpy stores them.
/// </summary>
internal static class HspyReader
{
    /// <summary>
    /// Largest plausible ratio of a chunked (compressed) dataset's size to the file size. Real spectrum images stay well
    /// below it (the sparse SiO2 EDS image of 134 MB in a 1.5 MB file is about 90×); gzip's own limit is about 1032×.
    /// A header damaged into larger dimensions is refused before anything is allocated.
    /// </summary>
    private const long MaxInflation = 128;

    public static SpectrumImage Read(string path, ReadOptions options)
    {
        var fileLength = new FileInfo(path).Length;
        using var file = H5File.OpenRead(path);
        var format = Attribute(file, "file_format");
        if (format is not null && !format.Equals("HyperSpy", StringComparison.OrdinalIgnoreCase))
        {
            throw FileFormatException.AtKey(path, "/file_format", $"'{format}'; expected an HDF5 file written by HyperSpy");
        }

        if (!file.LinkExists("Experiments"))
        {
            throw FileFormatException.AtKey(path, "/Experiments", "missing; expected a HyperSpy signal group");
        }

        var experiments = file.Group("Experiments");
        var names = experiments.Children().Take(1000).Select(c => c.Name).ToList();
        var name = options.ArrayName ?? names.FirstOrDefault(n => experiments.Get(n) is IH5Group g && g.LinkExists("data"))
                   ?? throw FileFormatException.AtKey(path, "/Experiments", "no experiment holds a 'data' dataset");
        if (!experiments.LinkExists(name) || experiments.Get(name) is not IH5Group experiment || !experiment.LinkExists("data"))
        {
            throw FileFormatException.AtKey(path, "/Experiments/" + name, $"no such signal; the file holds {string.Join(", ", names)}");
        }

        var key = $"/Experiments/{name}/data";
        var dataset = experiment.Dataset("data");
        var dims = dataset.Space.Dimensions;
        var type = ElementType(dataset.Type, path, key);
        double count = dims.Aggregate(1.0, (a, d) => a * d);
        var limit = dataset.Layout.Class == H5DataLayoutClass.Chunked ? fileLength * (double)MaxInflation : fileLength;
        if (dims.Length is 0 or > 3 || count * DTypes.SizeOf(type) > limit || count > Array.MaxLength)
        {
            throw FileFormatException.AtKey(path, key, $"shape ({string.Join(", ", dims)}) of {DTypes.Name(type)} is not a readable 1-3 dimensional array for a file of {fileLength} bytes");
        }

        var data = ReadData(dataset, type, (long)count);
        var shape = dims.Select(d => (int)d).ToArray();
        var array = ArrayLayout.Create(data, type, shape);
        var axes = new List<Axis>();
        var navigate = new List<bool>();
        for (var k = 0; k < shape.Length; k++)
        {
            var axisName = $"axis-{k}";
            IH5Group? group = experiment.LinkExists(axisName) ? experiment.Get(axisName) as IH5Group : null;
            axes.Add(new Axis(
                Attribute(group, "name") ?? $"axis-{k}", shape[k], Number(group, "offset") ?? 0, Number(group, "scale") ?? 1,
                Attribute(group, "units") ?? ""));
            navigate.Add((Number(group, "navigate") ?? (k < shape.Length - 1 ? 1 : 0)) != 0);
        }

        var signalType = experiment.LinkExists("metadata") && experiment.Group("metadata") is { } md && md.LinkExists("Signal")
            ? Attribute(md.Group("Signal"), "signal_type") : null;
        var signal = ArrayLayout.ParseSignal(signalType);
        var signalAxes = navigate.Count(n => !n);
        if (signal == SignalKind.Unknown && signalAxes >= 2)
        {
            signal = SignalKind.Image;
        }

        var source = new JsonObject
        {
            ["format"] = "hspy",
            ["file_format_version"] = Attribute(file, "file_format_version"),
            ["experiment"] = name,
            ["experiments"] = new JsonArray([.. names.Select(n => (JsonNode?)n)]),
            ["signal_type"] = signalType,
            ["navigate"] = new JsonArray([.. navigate.Select(n => (JsonNode?)n)]),
        };
        var channelsFirst = shape.Length > 1 && !navigate[0] && navigate.Skip(1).All(n => n);
        return ArrayLayout.ToSpectrumImage(array, channelsFirst, axes, signal, source, path);
    }

    private static DType ElementType(IH5DataType type, string path, string key)
    {
        var size = type.Size;
        return type.Class switch
        {
            H5DataTypeClass.FloatingPoint when size == 4 => DType.Float32,
            H5DataTypeClass.FloatingPoint when size == 8 => DType.Float64,
            H5DataTypeClass.FixedPoint => (type.FixedPoint.IsSigned, size) switch
            {
                (true, 1) => DType.Int8, (true, 2) => DType.Int16, (true, 4) => DType.Int32, (true, 8) => DType.Int64,
                (false, 1) => DType.UInt8, (false, 2) => DType.UInt16, (false, 4) => DType.UInt32, (false, 8) => DType.UInt64,
                _ => throw FileFormatException.AtKey(path, key, $"integer of {size} bytes is not supported"),
            },
            _ => throw FileFormatException.AtKey(path, key, $"element class {type.Class} of {size} bytes is not supported; expected integers or floats"),
        };
    }

    private static Array ReadData(IH5Dataset dataset, DType type, long count) => type switch
    {
        DType.Int8 => (Array)dataset.Read<sbyte[]>(),
        DType.UInt8 => dataset.Read<byte[]>(),
        DType.Int16 => dataset.Read<short[]>(),
        DType.UInt16 => dataset.Read<ushort[]>(),
        DType.Int32 => dataset.Read<int[]>(),
        DType.UInt32 => dataset.Read<uint[]>(),
        DType.Int64 => dataset.Read<long[]>(),
        DType.UInt64 => dataset.Read<ulong[]>(),
        DType.Float32 => dataset.Read<float[]>(),
        _ => dataset.Read<double[]>(),
    } is { } data && data.LongLength == count ? data : throw new InvalidDataException("the dataset returned a different number of elements");

    private static string? Attribute(IH5Object? owner, string name)
    {
        if (owner is null || !owner.AttributeExists(name))
        {
            return null;
        }

        var attribute = owner.Attribute(name);
        return attribute.Type.Class is H5DataTypeClass.String or H5DataTypeClass.VariableLength ? attribute.Read<string>() : null;
    }

    private static double? Number(IH5Object? owner, string name)
    {
        if (owner is null || !owner.AttributeExists(name))
        {
            return null;
        }

        var attribute = owner.Attribute(name);
        return (attribute.Type.Class, attribute.Type.Size) switch
        {
            (H5DataTypeClass.FloatingPoint, 4) => attribute.Read<float>(),
            (H5DataTypeClass.FloatingPoint, _) => attribute.Read<double>(),
            (H5DataTypeClass.FixedPoint or H5DataTypeClass.Enumerated, 1) => attribute.Read<sbyte>(),
            (H5DataTypeClass.FixedPoint, 2) => attribute.Read<short>(),
            (H5DataTypeClass.FixedPoint, 4) => attribute.Read<int>(),
            (H5DataTypeClass.FixedPoint, 8) => attribute.Read<long>(),
            _ => null,
        };
    }
}
