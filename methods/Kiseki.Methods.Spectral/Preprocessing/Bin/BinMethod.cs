using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Decomposition;

namespace Kiseki.Methods.Spectral.Preprocessing.Bin;

/// <summary>How the values in a bin are combined.</summary>
public enum BinMode
{
    /// <summary>Sum (keeps Poisson statistics of counts).</summary>
    Sum,

    /// <summary>Arithmetic mean (keeps the intensity scale).</summary>
    Mean,
}

/// <summary>Parameters of <see cref="BinMethod"/>.</summary>
public sealed record BinParameters
{
    [Description("Binning factor along the rows (must divide the number of rows).")]
    [Range(1, 65536)]
    public int Rows { get; init; } = 1;

    [Description("Binning factor along the columns (must divide the number of columns).")]
    [Range(1, 65536)]
    public int Cols { get; init; } = 1;

    [Description("Binning factor along the channels (must divide the number of channels).")]
    [Range(1, 65536)]
    public int Channels { get; init; } = 1;

    [Description("sum or mean of the values in each bin.")]
    public BinMode Mode { get; init; } = BinMode.Sum;
}

/// <summary>Inputs of <see cref="BinMethod"/>.</summary>
public sealed record BinInputs
{
    [Description("Spectrum image; finite values.")]
    public required SpectrumImage Image { get; init; }
}

/// <summary>Outputs of <see cref="BinMethod"/>.</summary>
public sealed record BinOutputs
{
    [Description("The binned spectrum image (float64) with recalibrated axes.")]
    public required SpectrumImage Image { get; init; }
}

/// <summary>Bins a spectrum image by integer factors along rows, columns and channels.</summary>
[Method("spectral.bin", 1,
    Summary = "Bin rows, columns and channels by integer factors (sum or mean).",
    Remarks = "Each factor must divide its axis (crop first otherwise). Calibration: new scale = scale·factor and new " +
              "offset = the centre of the first bin, offset + (factor − 1)/2·scale, so value(i) is the mean calibrated " +
              "value of the channels in bin i. Sums are accumulated in index order (deterministic). Units unchanged; " +
              "mode = sum multiplies the intensity scale by the bin size.")]
public sealed class BinMethod : IMethod<BinParameters, BinInputs, BinOutputs>
{
    public ValueTask<MethodResult<BinOutputs>> RunAsync(
        BinInputs inputs, BinParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        var image = inputs.Image;
        Check("rows", parameters.Rows, image.Rows);
        Check("cols", parameters.Cols, image.Columns);
        Check("channels", parameters.Channels, image.Channels);
        var x = SpectrumMatrix.From(image).Data;
        int fr = parameters.Rows, fc = parameters.Cols, fe = parameters.Channels;
        int rows = image.Rows / fr, cols = image.Columns / fc, channels = image.Channels / fe;
        int m = image.Channels, inCols = image.Columns;
        var data = new double[rows * cols * channels];
        var divisor = parameters.Mode == BinMode.Mean ? (double)fr * fc * fe : 1.0;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                var target = ((r * cols) + c) * channels;
                for (var dr = 0; dr < fr; dr++)
                {
                    for (var dc = 0; dc < fc; dc++)
                    {
                        var source = ((((r * fr) + dr) * inCols) + (c * fc) + dc) * m;
                        for (var e = 0; e < m; e++)
                        {
                            data[target + (e / fe)] += x[source + e];
                        }
                    }
                }

                for (var e = 0; e < channels; e++)
                {
                    data[target + e] /= divisor;
                }
            }
        }

        var binned = image.WithData(
            NdArray.Create(data, rows, cols, channels),
            Rebin(image.ChannelAxis, fe), Rebin(image.RowAxis, fr), Rebin(image.ColumnAxis, fc));
        return ValueTask.FromResult(MethodResult.Success(new BinOutputs { Image = binned }));
    }

    private static Axis Rebin(Axis axis, int factor) => axis with
    {
        Size = axis.Size / factor,
        Offset = axis.Offset + ((factor - 1) / 2.0 * axis.Scale),
        Scale = axis.Scale * factor,
    };

    private static void Check(string name, int factor, int size)
    {
        if (factor < 1)
        {
            throw MethodException.InvalidParameter(name, $"the factor must be at least 1; got {factor}.");
        }

        if (factor > size)
        {
            throw MethodException.InvalidParameter(name, $"the factor {factor} is larger than the axis ({size}).");
        }

        if (size % factor != 0)
        {
            throw MethodException.InvalidParameter(
                name, $"the factor {factor} does not divide the axis size {size}; crop to a multiple of {factor} first.");
        }
    }
}
