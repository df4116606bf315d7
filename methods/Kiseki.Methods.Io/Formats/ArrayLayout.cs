using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Methods.Io.Formats;

/// <summary>
/// Turns a plain C-order array into a <see cref="SpectrumImage"/>. The rule, for arrays without axis metadata
/// (NPY, NPZ, MAT): leading axes of size 1 are dropped until the rank is at most 3; then rank 3 is
/// (rows, cols, channels), rank 2 is (pixels along one line, channels) and becomes one row, rank 1 is a single
/// spectrum (one row, one column). With <see cref="ReadOptions.ChannelsFirst"/> the spectral axis is the first axis
/// instead of the last ((channels, rows, cols) or (channels, pixels)) and is moved last.
/// </summary>
internal static class ArrayLayout
{
    public static SpectrumImage ToSpectrumImage(
        NdArray array, bool channelsFirst, IReadOnlyList<Axis>? axes, SignalKind signal, JsonObject source, string path)
    {
        var shape = array.Shape.ToList();
        var axisList = axes?.ToList();
        while (shape.Count > 3 && shape[0] == 1)
        {
            shape.RemoveAt(0);
            axisList?.RemoveAt(0);
        }

        if (shape.Count is 0 or > 3)
        {
            throw FileFormatException.Whole(path, $"the array has shape ({string.Join(", ", array.Shape)}); expected rank 1 (spectrum), 2 (pixels, channels) or 3 (rows, cols, channels)");
        }

        if (axisList is not null && axisList.Count != shape.Count)
        {
            axisList = null;
        }

        var data = array.Data;
        if (channelsFirst && shape.Count > 1)
        {
            long channels = shape[0];
            long rest = array.Length / Math.Max(1, channels);
            data = ArrayCodec.Transpose(data, channels, rest);
            shape = [.. shape.Skip(1), shape[0]];
            if (axisList is not null)
            {
                axisList = [.. axisList.Skip(1), axisList[0]];
            }
        }

        var (layout, rows, cols, chan) = Pad(shape, axisList);
        var built = Create(data, array.DType, layout);
        return new SpectrumImage(built, rows, cols, chan, signal, source);
    }

    /// <summary>
    /// The (rows, cols, channels) shape and axes <see cref="ToSpectrumImage"/> gives an array of
    /// <paramref name="shape"/> with the channel axis last, without its values; null when the rank does not fit.
    /// </summary>
    public static (int[] Shape, Axis Rows, Axis Cols, Axis Channels)? Plan(IReadOnlyList<int> shape, IReadOnlyList<Axis>? axes)
    {
        var dims = shape.ToList();
        var axisList = axes?.ToList();
        while (dims.Count > 3 && dims[0] == 1)
        {
            dims.RemoveAt(0);
            axisList?.RemoveAt(0);
        }

        if (dims.Count is 0 or > 3)
        {
            return null;
        }

        return Pad(dims, axisList is not null && axisList.Count != dims.Count ? null : axisList);
    }

    private static (int[] Shape, Axis Rows, Axis Cols, Axis Channels) Pad(List<int> shape, List<Axis>? axisList)
    {
        while (shape.Count < 3)
        {
            shape.Insert(0, 1);
            axisList?.Insert(0, new Axis(shape.Count == 2 ? "x" : "y", 1, 0, 1, ""));
        }

        var rows = axisList?[0] ?? new Axis("y", shape[0], 0, 1, "");
        var cols = axisList?[1] ?? new Axis("x", shape[1], 0, 1, "");
        var chan = axisList?[2] ?? new Axis("channel", shape[2], 0, 1, "");
        return ([.. shape], rows with { Size = shape[0] }, cols with { Size = shape[1] }, chan with { Size = shape[2] });
    }

    /// <summary>Wraps a flat typed array of <paramref name="type"/> with a shape.</summary>
    public static NdArray Create(Array data, DType type, int[] shape) => type switch
    {
        DType.Bool => NdArray.Create((bool[])data, shape),
        DType.Int8 => NdArray.Create((sbyte[])data, shape),
        DType.UInt8 => NdArray.Create((byte[])data, shape),
        DType.Int16 => NdArray.Create((short[])data, shape),
        DType.UInt16 => NdArray.Create((ushort[])data, shape),
        DType.Int32 => NdArray.Create((int[])data, shape),
        DType.UInt32 => NdArray.Create((uint[])data, shape),
        DType.Int64 => NdArray.Create((long[])data, shape),
        DType.UInt64 => NdArray.Create((ulong[])data, shape),
        DType.Float32 => NdArray.Create((float[])data, shape),
        DType.Float64 => NdArray.Create((double[])data, shape),
        DType.Complex64 => NdArray.Create((Complex64[])data, shape),
        DType.Complex128 => NdArray.Create((System.Numerics.Complex[])data, shape),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Maps a signal name used by DM, HyperSpy, Ripple or EMSA to a <see cref="SignalKind"/>.</summary>
    public static SignalKind ParseSignal(string? name)
    {
        var s = (name ?? "").Trim().ToUpperInvariant();
        if (s.Length == 0)
        {
            return SignalKind.Unknown;
        }

        if (s is "EELS" or "ELS" || s.StartsWith("EELS", StringComparison.Ordinal))
        {
            return SignalKind.Eels;
        }

        if (s.StartsWith("EDS", StringComparison.Ordinal) || s.StartsWith("EDX", StringComparison.Ordinal) ||
            s.StartsWith("X-RAY", StringComparison.Ordinal) || s is "XRF" or "WDS")
        {
            return SignalKind.Eds;
        }

        if (s is "CL" or "CLS" || s.StartsWith("CATHODO", StringComparison.Ordinal))
        {
            return SignalKind.Cathodoluminescence;
        }

        return s is "IMAGE" or "SIGNAL2D" ? SignalKind.Image : SignalKind.Unknown;
    }
}
