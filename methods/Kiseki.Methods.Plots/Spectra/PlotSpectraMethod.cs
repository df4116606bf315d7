using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Plots.Rendering;

namespace Kiseki.Methods.Plots.Spectra;

/// <summary>How component spectra are scaled for display.</summary>
public enum SpectrumDisplayScaling
{
    /// <summary>As stored.</summary>
    None,

    /// <summary>Each spectrum divided by its L2 norm (malspy's <c>plot_spectra(normalize=True)</c>).</summary>
    UnitNorm,

    /// <summary>Each spectrum divided by its largest absolute value.</summary>
    UnitMax,
}

/// <summary>Parameters of <see cref="PlotSpectraMethod"/>.</summary>
public sealed record PlotSpectraParameters
{
    [Description("Figure title.")]
    public string Title { get; init; } = "Component spectra";

    [Description("Display scaling of each spectrum: none, unit-norm (L2) or unit-max.")]
    public SpectrumDisplayScaling Scaling { get; init; } = SpectrumDisplayScaling.None;

    [Description("Figure width in pixels.")]
    [Range(200, 4000)]
    public int Width { get; init; } = 800;

    [Description("Figure height in pixels.")]
    [Range(150, 4000)]
    public int Height { get; init; } = 500;
}

/// <summary>Inputs of <see cref="PlotSpectraMethod"/>.</summary>
public sealed record PlotSpectraInputs
{
    [Description("Component spectra, shape (channels, K) (a 1-D array is one spectrum).")]
    public required NdArray Spectra { get; init; }

    [Description("Optional spectrum image whose channel axis gives the calibrated x axis and its units.")]
    public SpectrumImage? Image { get; init; }
}

/// <summary>Outputs of <see cref="PlotSpectraMethod"/>.</summary>
public sealed record PlotSpectraOutputs
{
    [Description("PNG line plot, one line per component.")]
    public required Figure Figure { get; init; }
}

/// <summary>Plots component spectra (channels × K) on the calibrated spectral axis.</summary>
[Method("plot.spectra", 1,
    Summary = "Line plot of component spectra on the calibrated energy axis.",
    Remarks = "x axis: the channel axis of the optional image (value = offset + index·scale, in its units; EELS in eV is " +
              "labelled 'Energy loss (eV)'), else channel indices. Display scaling follows malspy's plot_spectra " +
              "(unit L2 norm) when scaling = unit-norm. Non-finite values are left out of the lines.")]
public sealed class PlotSpectraMethod : IMethod<PlotSpectraParameters, PlotSpectraInputs, PlotSpectraOutputs>
{
    public ValueTask<MethodResult<PlotSpectraOutputs>> RunAsync(
        PlotSpectraInputs inputs, PlotSpectraParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        var spectra = inputs.Spectra;
        if (spectra.Rank is not (1 or 2) || spectra.Length == 0)
        {
            throw MethodException.InvalidInput("spectra", $"expected a non-empty (channels, K) array; got {AxisLabel.Shape(spectra)}.");
        }

        var channels = spectra.Shape[0];
        var k = spectra.Rank == 2 ? spectra.Shape[1] : 1;
        var data = spectra.ToDoubleArray();
        double[] x;
        string xLabel;
        if (inputs.Image is { } image)
        {
            if (image.Channels != channels)
            {
                throw MethodException.InvalidInput(
                    "image", $"its channel axis has {image.Channels} channels but the spectra have {channels}.");
            }

            x = AxisLabel.Values(image.ChannelAxis);
            xLabel = AxisLabel.Of(image.ChannelAxis, image.Signal);
        }
        else
        {
            x = Enumerable.Range(0, channels).Select(i => (double)i).ToArray();
            xLabel = "Channel";
        }

        var series = new PlotSeries[k];
        for (var j = 0; j < k; j++)
        {
            var y = new double[channels];
            for (var i = 0; i < channels; i++)
            {
                y[i] = data[(i * k) + j];
            }

            Scale(y, parameters.Scaling);
            series[j] = new PlotSeries("component " + j.ToString(CultureInfo.InvariantCulture), y);
        }

        var yLabel = parameters.Scaling == SpectrumDisplayScaling.None ? "Intensity" : "Intensity (normalised)";
        var figure = PlotRenderer.Lines(
            parameters.Title, xLabel, yLabel, x, series, new PlotOptions { Width = parameters.Width, Height = parameters.Height });
        return ValueTask.FromResult(MethodResult.Success(new PlotSpectraOutputs { Figure = figure }));
    }

    private static void Scale(double[] y, SpectrumDisplayScaling scaling)
    {
        var finite = y.Where(double.IsFinite).ToArray();
        var divisor = scaling switch
        {
            SpectrumDisplayScaling.UnitNorm => Math.Sqrt(finite.Sum(v => v * v)),
            SpectrumDisplayScaling.UnitMax => finite.Length == 0 ? 0 : finite.Max(Math.Abs),
            _ => 1,
        };
        if (divisor > 0)
        {
            for (var i = 0; i < y.Length; i++)
            {
                y[i] /= divisor;
            }
        }
    }
}
