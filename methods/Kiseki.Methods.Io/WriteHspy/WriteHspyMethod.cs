using System.ComponentModel;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Io.Formats;

namespace Kiseki.Methods.Io.WriteHspy;

/// <summary>Parameters of <c>io.write-hspy@1</c>.</summary>
public sealed record WriteHspyParameters
{
    /// <summary>The signal's title (HyperSpy's <c>metadata.General.title</c> and the experiment's group name).</summary>
    [Description("Title of the signal (metadata.General.title). Default: 'Spectrum image', 'Component maps' or 'Component spectra'.")]
    public string? Title { get; init; }
}

/// <summary>Inputs of <c>io.write-hspy@1</c>: the image, and optionally maps or spectra calibrated by it.</summary>
public sealed record WriteHspyInputs
{
    /// <summary>The spectrum image written, or whose axes calibrate the maps or spectra.</summary>
    [Description("A spectrum image: written itself, or (with 'maps' or 'spectra') giving the calibrated axes and signal type.")]
    public required SpectrumImage Image { get; init; }

    /// <summary>Maps (rows, cols, K) written as a stack of K images.</summary>
    [Description("Optional maps, shape (rows, cols, K) (a 2-D array is one map), written as a stack of K images over the image's row and column axes.")]
    public NdArray? Maps { get; init; }

    /// <summary>Spectra (channels, K) written as K spectra.</summary>
    [Description("Optional spectra, shape (channels, K) (a 1-D array is one spectrum), written as K spectra over the image's channel axis.")]
    public NdArray? Spectra { get; init; }
}

/// <summary>Outputs of <c>io.write-hspy@1</c>.</summary>
public sealed record WriteHspyOutputs
{
    /// <summary>The <c>.hspy</c> file.</summary>
    [Description("The HyperSpy .hspy file (HDF5); publish it under a name ending in .hspy and open it with hs.load.")]
    public required FileArtifact File { get; init; }
}

/// <summary>
/// Writes a spectrum image, a stack of maps or a set of component spectra as a HyperSpy <c>.hspy</c> file with
/// calibrated axes, so <c>hyperspy.api.load</c> opens it as an EELS/EDS spectrum image, an image stack or a spectrum
/// set with the right axis names, units, scales and offsets.
/// </summary>
[Method("io.write-hspy", 1,
    Summary = "Write a spectrum image, maps (an image stack) or component spectra as a HyperSpy .hspy file with calibrated axes.",
    Remarks = "HyperSpy HDF5 format version 3.1: /Experiments/<title>/data in C order with one axis-k group per array axis "
              + "(name, units, scale, offset, size, navigate), metadata/General/title, metadata/Signal/signal_type (EELS, "
              + "EDS_TEM or CL from the image's signal kind, or the signal_type of an .hspy it was read from) and the source "
              + "metadata as original_metadata. A spectrum image is (rows, cols, channels) with the two spatial axes navigating; "
              + "maps (rows, cols, K) are stored as (K, rows, cols) with the component index navigating and the image's spatial "
              + "axes as signal axes (HyperSpy's Signal2D); spectra (channels, K) as (K, channels) over the channel axis. Maps "
              + "and spectra are written as float64, the image in its own element type. Values are unchanged; units are those "
              + "of the inputs. Uncompressed, contiguous storage; the bytes depend only on the inputs.")]
public sealed class WriteHspyMethod : IMethod<WriteHspyParameters, WriteHspyInputs, WriteHspyOutputs>
{
    /// <summary>HyperSpy's name of the axis over decomposition components.</summary>
    public const string ComponentAxisName = "Decomposition component index";

    /// <inheritdoc />
    public ValueTask<MethodResult<WriteHspyOutputs>> RunAsync(
        WriteHspyInputs inputs, WriteHspyParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(context);
        if (inputs.Maps is not null && inputs.Spectra is not null)
        {
            throw MethodException.InvalidInput("maps", "give 'maps' or 'spectra', not both (write each with its own step)");
        }

        var image = inputs.Image;
        if (DTypes.IsComplex(image.Data.DType) && inputs.Maps is null && inputs.Spectra is null)
        {
            throw MethodException.InvalidInput("image", "complex data cannot be written; take its magnitude first");
        }

        var signal = inputs.Maps is { } maps ? MapsSignal(maps, image, parameters.Title)
            : inputs.Spectra is { } spectra ? SpectraSignal(spectra, image, parameters.Title)
            : new HspySignal(image.Data,
                [new(image.RowAxis, true), new(image.ColumnAxis, true), new(image.ChannelAxis, false)],
                parameters.Title ?? "Spectrum image", SignalType(image), image.Source);
        var path = Path.Combine(context.ScratchDirectory, "write-hspy-" + Path.GetRandomFileName() + ".hspy");
        HspyWriter.Write(signal, path);
        return ValueTask.FromResult(MethodResult.Success(new WriteHspyOutputs { File = FileArtifact.FromPath(path) }));
    }

    /// <summary>HyperSpy's <c>signal_type</c> of an image: the one it was read with, else from its signal kind.</summary>
    public static string SignalType(SpectrumImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Source["signal_type"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var read) && read.Length > 0)
        {
            return read;
        }

        return image.Signal switch
        {
            SignalKind.Eels => "EELS",
            SignalKind.Eds => "EDS_TEM",
            SignalKind.Cathodoluminescence => "CL",
            _ => "",
        };
    }

    private static HspySignal MapsSignal(NdArray maps, SpectrumImage image, string? title)
    {
        RequireReal(maps, "maps");
        int rows = image.Rows, cols = image.Columns;
        var k = maps.Rank == 3 ? maps.Shape[2] : 1;
        if (maps.Rank is not (2 or 3) || maps.Shape[0] != rows || maps.Shape[1] != cols)
        {
            throw MethodException.InvalidInput(
                "maps", $"shape ({string.Join(", ", maps.Shape)}); expected (rows, cols, K) with the image's ({rows}, {cols})");
        }

        var source = maps.ToDoubleArray();
        var stack = new double[source.Length];
        for (var p = 0; p < rows * cols; p++)
        {
            for (var j = 0; j < k; j++)
            {
                stack[(j * rows * cols) + p] = source[(p * k) + j];
            }
        }

        return new HspySignal(
            NdArray.Create(stack, k, rows, cols),
            [new(new Axis(ComponentAxisName, k, 0, 1, ""), true), new(image.RowAxis, false), new(image.ColumnAxis, false)],
            title ?? "Component maps", "", image.Source);
    }

    private static HspySignal SpectraSignal(NdArray spectra, SpectrumImage image, string? title)
    {
        RequireReal(spectra, "spectra");
        var channels = image.Channels;
        var k = spectra.Rank == 2 ? spectra.Shape[1] : 1;
        if (spectra.Rank is not (1 or 2) || spectra.Shape[0] != channels)
        {
            throw MethodException.InvalidInput(
                "spectra", $"shape ({string.Join(", ", spectra.Shape)}); expected (channels, K) with the image's {channels} channels");
        }

        var source = spectra.ToDoubleArray();
        var rowsOfSpectra = new double[source.Length];
        for (var c = 0; c < channels; c++)
        {
            for (var j = 0; j < k; j++)
            {
                rowsOfSpectra[(j * channels) + c] = source[(c * k) + j];
            }
        }

        return new HspySignal(
            NdArray.Create(rowsOfSpectra, k, channels),
            [new(new Axis(ComponentAxisName, k, 0, 1, ""), true), new(image.ChannelAxis, false)],
            title ?? "Component spectra", SignalType(image), image.Source);
    }

    private static void RequireReal(NdArray array, string port)
    {
        if (array.Length == 0 || DTypes.IsComplex(array.DType))
        {
            throw MethodException.InvalidInput(port, "expected a non-empty real array");
        }
    }
}
