using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;

namespace Kiseki.Abstractions.Artifacts;

/// <summary>A calibrated axis: value(i) = <see cref="Offset"/> + i · <see cref="Scale"/>, in <see cref="Units"/>.</summary>
public sealed record Axis(string Name, int Size, double Offset, double Scale, string Units)
{
    public double ValueAt(double index) => Offset + index * Scale;

    /// <summary>The (fractional) index of a calibrated value.</summary>
    public double IndexOf(double value) => Scale == 0 ? 0 : (value - Offset) / Scale;
}

/// <summary>What a spectrum image measures.</summary>
public enum SignalKind
{
    Unknown,
    Eels,
    Eds,
    Cathodoluminescence,
    Image,
}

/// <summary>
/// A spectrum image laid out (rows, cols, channels) with the channel fastest, so a pixel's spectrum is contiguous.
/// Single spectra and line scans are spectrum images with one row (and one column for a single spectrum).
/// </summary>
public sealed class SpectrumImage : IArtifact
{
    private readonly Lock _loading = new();
    private NdArray? _data;

    public SpectrumImage(NdArray data, Axis rows, Axis cols, Axis channels, SignalKind signal, JsonObject? source = null)
        : this(data?.DType ?? default, data?.Shape, rows, cols, channels, signal, source)
    {
        ArgumentNullException.ThrowIfNull(data);
        _data = data;
    }

    /// <summary>
    /// A spectrum image whose values stay in a file (out of core): <see cref="File"/> reads them by rows and
    /// <see cref="Data"/> loads them whole on first use.
    /// </summary>
    public SpectrumImage(ArrayFile file, Axis rows, Axis cols, Axis channels, SignalKind signal, JsonObject? source = null)
        : this(file?.DType ?? default, file?.Shape, rows, cols, channels, signal, source)
    {
        ArgumentNullException.ThrowIfNull(file);
        File = file;
    }

    private SpectrumImage(DType type, IReadOnlyList<int>? shape, Axis rows, Axis cols, Axis channels, SignalKind signal, JsonObject? source)
    {
        ArgumentNullException.ThrowIfNull(shape, "data");
        if (shape.Count != 3)
        {
            throw new ArgumentException($"A spectrum image is (rows, cols, channels); got rank {shape.Count}.", "data");
        }

        if (shape[0] != rows.Size || shape[1] != cols.Size || shape[2] != channels.Size)
        {
            throw new ArgumentException(
                $"Axis sizes ({rows.Size}, {cols.Size}, {channels.Size}) disagree with the data shape " +
                $"({shape[0]}, {shape[1]}, {shape[2]}).", "data");
        }

        DType = type;
        RowAxis = rows;
        ColumnAxis = cols;
        ChannelAxis = channels;
        Signal = signal;
        Source = source ?? [];
    }

    public string Kind => ArtifactKind.SpectrumImage;

    /// <summary>Values, shape (rows, cols, channels); for an image in a <see cref="File"/>, read whole on first use.</summary>
    public NdArray Data
    {
        get
        {
            if (Volatile.Read(ref _data) is { } data)
            {
                return data;
            }

            lock (_loading)
            {
                return _data ??= File!.Load();
            }
        }
    }

    /// <summary>Element type of <see cref="Data"/> (known without reading a file).</summary>
    public DType DType { get; }

    /// <summary>The file the values stay in when the image is out of core, else null.</summary>
    public ArrayFile? File { get; }

    /// <summary>Whether the values are in memory (given in memory, or already loaded from <see cref="File"/>).</summary>
    public bool IsLoaded => Volatile.Read(ref _data) is not null;

    public Axis RowAxis { get; }

    public Axis ColumnAxis { get; }

    /// <summary>The spectral axis (energy for EELS/EDS, wavelength for CL).</summary>
    public Axis ChannelAxis { get; }

    public IReadOnlyList<Axis> Axes => [RowAxis, ColumnAxis, ChannelAxis];

    public SignalKind Signal { get; }

    /// <summary>Metadata of the source file (format, tag tree summary, …). Treat as read-only.</summary>
    public JsonObject Source { get; }

    public int Rows => RowAxis.Size;

    public int Columns => ColumnAxis.Size;

    public int Channels => ChannelAxis.Size;

    public int Pixels => Rows * Columns;

    /// <summary>A copy with other data of the same spatial shape and a new channel axis (crop, bin, background, …).</summary>
    public SpectrumImage WithData(NdArray data, Axis? channels = null, Axis? rows = null, Axis? cols = null)
        => new(data, rows ?? RowAxis, cols ?? ColumnAxis, channels ?? ChannelAxis, Signal, Source);

    /// <summary>An uncalibrated spectrum image over a (rows, cols, channels) array.</summary>
    public static SpectrumImage FromArray(NdArray data, SignalKind signal = SignalKind.Unknown)
    {
        if (data.Rank != 3)
        {
            throw new ArgumentException($"Expected (rows, cols, channels); got rank {data.Rank}.", nameof(data));
        }

        return new SpectrumImage(
            data,
            new Axis("y", data.Shape[0], 0, 1, ""),
            new Axis("x", data.Shape[1], 0, 1, ""),
            new Axis("channel", data.Shape[2], 0, 1, ""),
            signal);
    }
}
