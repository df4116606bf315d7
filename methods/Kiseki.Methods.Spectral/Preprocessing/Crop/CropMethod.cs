using System.ComponentModel;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Spectral.Preprocessing.Crop;

/// <summary>Parameters of <see cref="CropMethod"/>.</summary>
public sealed record CropParameters
{
    [Description("First energy kept, in the channel axis units (e.g. eV); inclusive.")]
    public required double Start { get; init; }

    [Description("Last energy kept, in the channel axis units; inclusive.")]
    public required double End { get; init; }
}

/// <summary>Inputs of <see cref="CropMethod"/>.</summary>
public sealed record CropInputs
{
    [Description("Spectrum image with a calibrated channel axis.")]
    public required SpectrumImage Image { get; init; }
}

/// <summary>Outputs of <see cref="CropMethod"/>.</summary>
public sealed record CropOutputs
{
    [Description("The cropped spectrum image (float64); its axis offset is the value of the first kept channel.")]
    public required SpectrumImage Image { get; init; }
}

/// <summary>Keeps the channels whose calibrated value lies in [start, end].</summary>
[Method("spectral.crop", 1,
    Summary = "Crop the spectral axis to an energy window given in calibrated units.",
    Remarks = "Keeps channel i when start ≤ offset + i·scale ≤ end (inclusive, 1e-9 channel slack for round-off). The new " +
              "axis has offset = value of the first kept channel and the same scale and units. A window partly outside " +
              "the axis is clipped with a warning; one wholly outside, reversed, or holding no channel is refused. Values " +
              "are copied unchanged (NaN included) as float64.")]
public sealed class CropMethod : IMethod<CropParameters, CropInputs, CropOutputs>
{
    public ValueTask<MethodResult<CropOutputs>> RunAsync(
        CropInputs inputs, CropParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(context);
        var image = inputs.Image;
        var window = EnergyWindow.Resolve(image.ChannelAxis, parameters.Start, parameters.End, "start", "end", out var clipped);
        if (clipped)
        {
            context.Log.Warning(
                $"the window {parameters.Start} to {parameters.End} reaches past the axis; kept channels {window.First}–{window.End - 1}.");
        }

        var m = image.Channels;
        var source = image.Data.ToDoubleArray();
        var data = new double[image.Pixels * window.Count];
        for (var p = 0; p < image.Pixels; p++)
        {
            Array.Copy(source, (p * m) + window.First, data, p * window.Count, window.Count);
        }

        var axis = image.ChannelAxis with
        {
            Size = window.Count,
            Offset = image.ChannelAxis.ValueAt(window.First),
        };
        var cropped = image.WithData(NdArray.Create(data, image.Rows, image.Columns, window.Count), axis);
        var metrics = new Dictionary<string, double> { ["first_channel"] = window.First, ["channels"] = window.Count };
        return ValueTask.FromResult(MethodResult.Success(new CropOutputs { Image = cropped }, Convergence.NotIterative, metrics));
    }
}
