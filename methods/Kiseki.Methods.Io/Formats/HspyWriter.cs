using System.Text.Json;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using PureHDF;

namespace Kiseki.Methods.Io.Formats;

/// <summary>One axis of a signal written to <c>.hspy</c>: its calibration and whether HyperSpy navigates along it.</summary>
/// <param name="Axis">Name, size, offset (value at index 0), scale and units.</param>
/// <param name="Navigate">True for a navigation axis (pixel position, component index), false for a signal axis.</param>
internal sealed record HspyAxis(Axis Axis, bool Navigate);

/// <summary>
/// A signal to write: C-order data whose k-th array axis is described by <see cref="Axes"/>[k], a title, HyperSpy's
/// <c>signal_type</c> and the source file's metadata (written as <c>original_metadata</c>).
/// </summary>
internal sealed record HspySignal(NdArray Data, IReadOnlyList<HspyAxis> Axes, string Title, string SignalType, JsonObject OriginalMetadata);

/// <summary>
/// Writes one signal as a HyperSpy <c>.hspy</c> file (HDF5, format version 3.1): root attributes <c>file_format</c>
/// and <c>file_format_version</c>; the group <c>/Experiments/&lt;title&gt;</c> with the <c>data</c> dataset, one
/// <c>axis-k</c> group per array axis (<c>name</c>, <c>units</c>, <c>scale</c>, <c>offset</c>, <c>size</c>,
/// <c>navigate</c>, <c>is_binned</c>, <c>_type</c>), <c>metadata/General/title</c>, <c>metadata/Signal/signal_type</c>
/// and <c>original_metadata</c>. Booleans are HDF5 enums {FALSE, TRUE} over one byte, as h5py writes them, so
/// HyperSpy reads them as booleans. The data is stored contiguously, uncompressed. The bytes depend only on the signal.
/// </summary>
internal static class HspyWriter
{
    /// <summary>The HyperSpy file format version written.</summary>
    public const string FormatVersion = "3.1";

    /// <summary>HDF5 boolean as h5py writes it: an enumeration with members FALSE = 0 and TRUE = 1.</summary>
    internal enum HBool : byte
    {
        FALSE = 0,
        TRUE = 1,
    }

    public static void Write(HspySignal signal, string path)
    {
        var data = signal.Data;
        if (data.Rank != signal.Axes.Count)
        {
            throw new ArgumentException($"{data.Rank}-D data with {signal.Axes.Count} axes.", nameof(signal));
        }

        var experiment = new H5Group
        {
            ["data"] = new H5Dataset(Values(data), fileDims: [.. data.Shape.Select(d => (ulong)d)]),
            ["metadata"] = new H5Group
            {
                ["General"] = new H5Group { Attributes = new() { ["title"] = signal.Title } },
                ["Signal"] = new H5Group { Attributes = new() { ["signal_type"] = signal.SignalType } },
            },
            ["original_metadata"] = Group(signal.OriginalMetadata, 0),
        };
        for (var k = 0; k < signal.Axes.Count; k++)
        {
            var (axis, navigate) = (signal.Axes[k].Axis, signal.Axes[k].Navigate);
            experiment[$"axis-{k}"] = new H5Group
            {
                Attributes = new()
                {
                    ["_type"] = "UniformDataAxis",
                    ["name"] = axis.Name,
                    ["units"] = axis.Units,
                    ["size"] = (long)axis.Size,
                    ["scale"] = axis.Scale,
                    ["offset"] = axis.Offset,
                    ["navigate"] = navigate ? HBool.TRUE : HBool.FALSE,
                    ["is_binned"] = HBool.FALSE,
                },
            };
        }

        var file = new H5File
        {
            Attributes = new() { ["file_format"] = "HyperSpy", ["file_format_version"] = FormatVersion },
            ["Experiments"] = new H5Group { [GroupName(signal.Title)] = experiment },
        };
        file.Write(path);
    }

    /// <summary>HyperSpy names the experiment group after the title (<c>__unnamed__</c> when empty); '/' cannot occur in a link name.</summary>
    public static string GroupName(string title)
        => string.IsNullOrEmpty(title) ? "__unnamed__" : title.Replace('/', '_');

    private static Array Values(NdArray data) => data.DType switch
    {
        DType.Bool => data.GetData<bool>().Select(b => b ? (byte)1 : (byte)0).ToArray(),
        DType.Complex64 or DType.Complex128 => throw new ArgumentException("complex data cannot be written as .hspy here."),
        _ => data.Data,
    };

    /// <summary>A JSON object as nested groups: objects become groups, numbers/strings/booleans attributes, arrays and nulls JSON text.</summary>
    private static H5Group Group(JsonObject json, int depth)
    {
        var group = new H5Group { Attributes = [] };
        foreach (var (key, value) in json)
        {
            var name = key.Length == 0 ? "_" : key.Replace('/', '_');
            switch (value)
            {
                case JsonObject child when depth < 16:
                    group[name] = Group(child, depth + 1);
                    break;
                case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                    group.Attributes[name] = v.GetValue<string>();
                    break;
                case JsonValue v when v.GetValueKind() == JsonValueKind.Number:
                    group.Attributes[name] = double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
                    break;
                case JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                    group.Attributes[name] = v.GetValue<bool>() ? HBool.TRUE : HBool.FALSE;
                    break;
                default:
                    group.Attributes[name] = value?.ToJsonString() ?? "_None_";
                    break;
            }
        }

        return group;
    }
}
