using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Methods.Io.Formats.Hdf5;

namespace Kiseki.Methods.Io.Formats;

/// <summary>
/// HyperSpy <c>.hspy</c> (HDF5): the <c>data</c> dataset of an experiment under <c>/Experiments</c> (the first, or the
/// one named by <see cref="ReadOptions.ArrayName"/>), its <c>axis-k</c> groups (name, scale, offset, units, navigate)
/// and <c>metadata/Signal/signal_type</c>. Navigation axes come first and the signal axis last, as HyperSpy stores them.
/// The file is decoded by the bounded reader in <see cref="Hdf5File"/>.
/// </summary>
internal static class HspyReader
{
    /// <summary>
    /// Largest plausible ratio of a chunked (compressed) dataset's size, chunk buffers included, to the file size. Real
    /// spectrum images stay well below it (the sparse SiO2 EDS image of 134 MB in a 1.5 MB file is about 90×); gzip's
    /// own limit is about 1032×. A header damaged into larger dimensions is refused before anything is allocated.
    /// </summary>
    private const long MaxInflation = 128;

    private const int MaxExperiments = 1000;

    public static SpectrumImage Read(string path, ReadOptions options)
    {
        using var file = Hdf5File.Open(path);
        var root = file.Root;
        var (experiment, name, names, key, dataset, type, limit) = Find(file, path, options);
        var data = ReadData(dataset, type, limit);
        var shape = dataset.Space.Dimensions.Select(d => (int)d).ToArray();
        var array = ArrayLayout.Create(data, type, shape);
        var (axes, navigate, signal, source) = Describe(root, experiment, name, names, shape);
        var channelsFirst = shape.Length > 1 && !navigate[0] && navigate.Skip(1).All(n => n);
        return ArrayLayout.ToSpectrumImage(array, channelsFirst, axes, signal, source, path);
    }

    /// <summary>
    /// The image of a contiguous dataset with the signal axis last, left in the file (out of core): the same layout,
    /// axes, signal and source as <see cref="Read"/>; null for other storage or axis orders (read those whole).
    /// </summary>
    public static SpectrumImage? OpenOutOfCore(string path, ReadOptions options)
    {
        List<Axis> axes;
        SignalKind signal;
        JsonObject source;
        int[] shape;
        DType type;
        using (var file = Hdf5File.Open(path))
        {
            var (experiment, name, names, _, dataset, found, _) = Find(file, path, options);
            shape = dataset.Space.Dimensions.Select(d => (int)d).ToArray();
            List<bool> navigate;
            (axes, navigate, signal, source) = Describe(file.Root, experiment, name, names, shape);
            var signalLast = shape.Length <= 1 || (!navigate[^1] && navigate[..^1].All(n => n));
            if (dataset.Layout.Class != Hdf5LayoutClass.Contiguous || !signalLast || DTypes.IsComplex(found))
            {
                return null;
            }

            type = found;
        }

        if (ArrayLayout.Plan(shape, axes) is not { } plan)
        {
            return null;
        }

        var (layout, rows, cols, channels) = plan;
        var data = new ArrayFile(path, type, layout, () => OpenRows(path, options), () => SpectrumImageReader.Guard(path, () => Read(path, options).Data));
        using (data.OpenRows())
        {
        }

        return new SpectrumImage(data, rows, cols, channels, signal, source);
    }

    private static (List<Axis> Axes, List<bool> Navigate, SignalKind Signal, JsonObject Source) Describe(
        Hdf5Group root, Hdf5Group experiment, string name, List<string> names, int[] shape)
    {
        var (axes, navigate) = Axes(experiment, shape);
        var signalType = experiment.Group("metadata")?.Group("Signal")?.StringAttribute("signal_type");
        var signal = ArrayLayout.ParseSignal(signalType);
        var signalAxes = navigate.Count(n => !n);
        if (signal == SignalKind.Unknown && signalAxes >= 2)
        {
            signal = SignalKind.Image;
        }

        var source = new JsonObject
        {
            ["format"] = "hspy",
            ["file_format_version"] = root.StringAttribute("file_format_version"),
            ["experiment"] = name,
            ["experiments"] = new JsonArray([.. names.Select(n => (JsonNode?)n)]),
            ["signal_type"] = signalType,
            ["navigate"] = new JsonArray([.. navigate.Select(n => (JsonNode?)n)]),
        };
        return (axes, navigate, signal, source);
    }

    /// <summary>
    /// The signal's data as rows of channels read by positioned reads, without reading it (out of core): only a
    /// contiguous (unchunked, unfiltered) dataset whose last axis is the signal axis can be read this way.
    /// </summary>
    public static RowFile OpenRows(string path, ReadOptions options)
    {
        long offset;
        int[] shape;
        DType type;
        bool bigEndian;
        using (var file = Hdf5File.Open(path))
        {
            var (experiment, _, _, key, dataset, found, _) = Find(file, path, options);
            shape = dataset.Space.Dimensions.Select(d => (int)d).ToArray();
            if (dataset.Layout.Class != Hdf5LayoutClass.Contiguous)
            {
                throw FileFormatException.AtKey(path, key,
                    $"{dataset.Layout.Class.ToString().ToLowerInvariant()} storage cannot be read by rows; only a contiguous dataset streams (h5repack -l CONTI)");
            }

            if (Axes(experiment, shape).Navigate is var navigate && shape.Length > 1 && (navigate[^1] || !navigate[..^1].All(n => n)))
            {
                throw FileFormatException.AtKey(path, key, "the signal axis is not the last axis; rows of channels need it last");
            }

            offset = dataset.ContiguousOffset();
            type = found;
            bigEndian = dataset.Type.BigEndian;
        }

        try
        {
            return RowFile.Open(path, offset, type, bigEndian, shape);
        }
        catch (InvalidDataException e)
        {
            throw FileFormatException.Whole(path, e.Message, e);
        }
    }

    private static (Hdf5Group Experiment, string Name, List<string> Names, string Key, Hdf5Dataset Dataset, DType Type, long Limit) Find(
        Hdf5File file, string path, ReadOptions options)
    {
        var root = file.Root;
        var format = root.StringAttribute("file_format");
        if (format is not null && !format.Equals("HyperSpy", StringComparison.OrdinalIgnoreCase))
        {
            throw FileFormatException.AtKey(path, "/file_format", $"'{format}'; expected an HDF5 file written by HyperSpy");
        }

        var experiments = root.Group("Experiments")
                          ?? throw FileFormatException.AtKey(path, "/Experiments", "missing; expected a HyperSpy signal group");
        var names = experiments.Names.Take(MaxExperiments).ToList();
        var name = options.ArrayName ?? names.FirstOrDefault(n => experiments.Group(n) is { } g && g.Contains("data"))
                   ?? throw FileFormatException.AtKey(path, "/Experiments", "no experiment holds a 'data' dataset");
        if (!experiments.Contains(name) || experiments.Group(name) is not { } experiment || !experiment.Contains("data"))
        {
            throw FileFormatException.AtKey(path, "/Experiments/" + name, $"no such signal; the file holds {string.Join(", ", names)}");
        }

        var key = $"/Experiments/{name}/data";
        var dataset = experiment.Dataset("data") ?? throw FileFormatException.AtKey(path, key, "is not a dataset");
        var dims = dataset.Space.Dimensions;
        var type = ElementType(dataset.Type, path, key);
        var fileLength = file.Source.Length;
        var limit = dataset.Layout.Class == Hdf5LayoutClass.Chunked ? fileLength * MaxInflation : fileLength;
        if (dims.Length is 0 or > 3 || dims.Any(d => d > int.MaxValue) || dataset.Space.ElementCount * (ulong)DTypes.SizeOf(type) > (ulong)limit)
        {
            throw FileFormatException.AtKey(path, key, $"shape ({string.Join(", ", dims)}) of {DTypes.Name(type)} is not a readable 1-3 dimensional array for a file of {fileLength} bytes");
        }

        return (experiment, name, names, key, dataset, type, limit);
    }

    private static (List<Axis> Axes, List<bool> Navigate) Axes(Hdf5Group experiment, int[] shape)
    {
        var axes = new List<Axis>();
        var navigate = new List<bool>();
        for (var k = 0; k < shape.Length; k++)
        {
            var group = experiment.Group($"axis-{k}");
            axes.Add(new Axis(
                group?.StringAttribute("name") ?? $"axis-{k}", shape[k], group?.NumberAttribute("offset") ?? 0,
                group?.NumberAttribute("scale") ?? 1, group?.StringAttribute("units") ?? ""));
            navigate.Add((group?.NumberAttribute("navigate") ?? (k < shape.Length - 1 ? 1 : 0)) != 0);
        }

        return (axes, navigate);
    }

    private static DType ElementType(Hdf5Datatype type, string path, string key)
    {
        var size = type.Size;
        return type.Class switch
        {
            Hdf5TypeClass.FloatingPoint when size == 4 => DType.Float32,
            Hdf5TypeClass.FloatingPoint when size == 8 => DType.Float64,
            Hdf5TypeClass.FixedPoint => (type.Signed, size) switch
            {
                (true, 1) => DType.Int8, (true, 2) => DType.Int16, (true, 4) => DType.Int32, (true, 8) => DType.Int64,
                (false, 1) => DType.UInt8, (false, 2) => DType.UInt16, (false, 4) => DType.UInt32, (false, 8) => DType.UInt64,
                _ => throw FileFormatException.AtKey(path, key, $"integer of {size} bytes is not supported"),
            },
            _ => throw FileFormatException.AtKey(path, key, $"element class {type.Class} of {size} bytes is not supported; expected integers or floats"),
        };
    }

    private static Array ReadData(Hdf5Dataset dataset, DType type, long limit) => type switch
    {
        DType.Int8 => dataset.Read<sbyte>(limit),
        DType.UInt8 => dataset.Read<byte>(limit),
        DType.Int16 => dataset.Read<short>(limit),
        DType.UInt16 => dataset.Read<ushort>(limit),
        DType.Int32 => dataset.Read<int>(limit),
        DType.UInt32 => dataset.Read<uint>(limit),
        DType.Int64 => dataset.Read<long>(limit),
        DType.UInt64 => dataset.Read<ulong>(limit),
        DType.Float32 => dataset.Read<float>(limit),
        _ => dataset.Read<double>(limit),
    };
}
