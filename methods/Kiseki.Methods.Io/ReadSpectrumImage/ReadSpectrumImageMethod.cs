using System.ComponentModel;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Io.Formats;

namespace Kiseki.Methods.Io.ReadSpectrumImage;

/// <summary>Parameters of <c>io.read-spectrum-image@1</c>.</summary>
public sealed record ReadSpectrumImageParameters
{
    /// <summary>DM files: the ImageList index to read instead of the automatically chosen spectrum image.</summary>
    [Description("DM3/DM4: ImageList index to read instead of the automatically chosen spectrum image (0 is usually the thumbnail).")]
    public int? Entry { get; init; }

    /// <summary>Overrides the signal kind found in the file.</summary>
    [Description("Override the signal kind: eels, eds, cl, image or unknown. Default: taken from the file.")]
    public string? Signal { get; init; }

    /// <summary>NPZ/MAT/HSPY: the array, variable or experiment to read.</summary>
    [Description("NPZ/MAT/HSPY: name of the array, variable or experiment to read. Default: the largest array (NPZ/MAT) or the first experiment (HSPY).")]
    public string? Array { get; init; }

    /// <summary>NPY/NPZ/MAT: the spectral axis is the first array axis rather than the last.</summary>
    [Description("NPY/NPZ/MAT arrays of rank 2 or 3: the spectral axis is the first axis instead of the last.")]
    public bool ChannelsFirst { get; init; }

    /// <summary>Read a file holding fewer values than its header declares, with a warning, instead of refusing it.</summary>
    [Description("EMSA/MSA: read a file that holds fewer values than its NPOINTS declares (cut short), with a warning, instead of refusing it.")]
    public bool AllowTruncated { get; init; }
}

/// <summary>Inputs of <c>io.read-spectrum-image@1</c>.</summary>
public sealed record ReadSpectrumImageInputs
{
    /// <summary>The data file.</summary>
    [Description("The data file: DM3, DM4, EMSA/MSA, Ripple .rpl, NPY, NPZ, MATLAB v5 .mat or HyperSpy .hspy (recognised by content).")]
    public required FileArtifact File { get; init; }

    /// <summary>The Ripple .raw file when it is not beside the .rpl header.</summary>
    [Description("Ripple only: the .raw data file. Default: the file with the header's name and extension .raw beside it.")]
    public FileArtifact? Companion { get; init; }
}

/// <summary>Outputs of <c>io.read-spectrum-image@1</c>.</summary>
public sealed record ReadSpectrumImageOutputs
{
    /// <summary>The spectrum image (rows, cols, channels) with calibrated axes.</summary>
    [Description("The spectrum image (rows, cols, channels; channel fastest) with calibrated axes, signal kind and source metadata.")]
    public required SpectrumImage Image { get; init; }
}

/// <summary>Reads a spectrum image, spectrum or image from a data file.</summary>
[Method("io.read-spectrum-image", 1,
    Summary = "Read a spectrum image, spectrum or image (DM3/DM4, EMSA, Ripple, NPY/NPZ, MAT, HSPY) with its calibration.",
    Remarks = "Format recognised by magic bytes. Output layout (rows, cols, channels), channel fastest; spectra and line scans "
              + "have one row. Axis value(i) = offset + i·scale in the file's units (DM: offset = −origin·scale). "
              + "NaN/Inf values are kept as read. File formats: Gatan DM3/DM4 tag tree, ISO 22029 (EMSA/MAS), Lispix Ripple, "
              + "NumPy .npy/.npz, MATLAB level 5, HyperSpy HDF5. A C-order .npy, record-by-vector Ripple file or contiguous HyperSpy "
              + "dataset (signal axis last) larger than the array memory budget (KISEKI_ARRAY_BUDGET) is not loaded: it is copied into the store a few MiB at a time, "
              + "dtype and values unchanged, and later steps read it by rows.")]
public sealed class ReadSpectrumImageMethod : IMethod<ReadSpectrumImageParameters, ReadSpectrumImageInputs, ReadSpectrumImageOutputs>
{
    /// <inheritdoc />
    public ValueTask<MethodResult<ReadSpectrumImageOutputs>> RunAsync(
        ReadSpectrumImageInputs inputs, ReadSpectrumImageParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        SignalKind? signal = parameters.Signal is null ? null : ParseSignal(parameters.Signal);
        var options = new ReadOptions
        {
            DmEntry = parameters.Entry,
            RippleCompanionPath = inputs.Companion?.Path,
            ArrayName = parameters.Array,
            ChannelsFirst = parameters.ChannelsFirst,
            AllowTruncated = parameters.AllowTruncated,
        };
        SpectrumImage image;
        try
        {
            image = SpectrumImageReader.OpenOutOfCore(inputs.File.Path, options) is { File: { } file } large && file.ByteLength > context.ArrayMemoryBudget
                ? large
                : SpectrumImageReader.Read(inputs.File.Path, options);
        }
        catch (FileFormatException ex)
        {
            throw MethodException.InvalidInput("file", ex.Message);
        }

        if (signal is { } kind && kind != image.Signal)
        {
            image = image is { IsLoaded: false, File: { } rows }
                ? new SpectrumImage(rows, image.RowAxis, image.ColumnAxis, image.ChannelAxis, kind, image.Source)
                : new SpectrumImage(image.Data, image.RowAxis, image.ColumnAxis, image.ChannelAxis, kind, image.Source);
        }

        if (image.Source["truncated"] is { } cut)
        {
            context.Log.Warning($"{inputs.File.FileName} was cut short: it declares {cut["declared"]} values and holds {cut["read"]}; only those were read");
        }

        context.Log.Info($"read {inputs.File.FileName}: {image.Rows}×{image.Columns}×{image.Channels} {image.DType}, {image.Signal}"
                         + (image.IsLoaded ? "" : $"; {image.File!.ByteLength / 1e9:F2} GB left in the file (out of core: over the array memory budget of {context.ArrayMemoryBudget / 1e9:F2} GB)"));
        var metrics = new Dictionary<string, double> { ["rows"] = image.Rows, ["columns"] = image.Columns, ["channels"] = image.Channels };
        return ValueTask.FromResult(MethodResult.Success(new ReadSpectrumImageOutputs { Image = image }, metrics: metrics));
    }

    private static SignalKind ParseSignal(string text)
    {
        var t = text.Trim().ToLowerInvariant();
        if (t is "unknown")
        {
            return SignalKind.Unknown;
        }

        var kind = ArrayLayout.ParseSignal(t);
        return kind != SignalKind.Unknown
            ? kind
            : throw MethodException.InvalidParameter("signal", $"'{text}' is not a signal kind; expected eels, eds, cl, image or unknown");
    }
}
