using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Plots.Rendering;

namespace Kiseki.Methods.Plots.Ard;

/// <summary>Parameters of <see cref="PlotArdMethod"/>.</summary>
public sealed record PlotArdParameters
{
    [Description("Figure title.")]
    public string Title { get; init; } = "ARD relevance λ";

    [Description("Figure width in pixels.")]
    [Range(200, 4000)]
    public int Width { get; init; } = 800;

    [Description("Figure height in pixels.")]
    [Range(150, 4000)]
    public int Height { get; init; } = 500;
}

/// <summary>Inputs of <see cref="PlotArdMethod"/>.</summary>
public sealed record PlotArdInputs
{
    [Description("λ per iteration and component, shape (iterations, K); NaN rows (padding) are left out.")]
    public required NdArray LambdaTrace { get; init; }
}

/// <summary>Outputs of <see cref="PlotArdMethod"/>.</summary>
public sealed record PlotArdOutputs
{
    [Description("PNG with one λ trajectory per component on a logarithmic y axis.")]
    public required Figure Figure { get; init; }
}

/// <summary>Plots the ARD relevance parameters λ_k against the iteration on a logarithmic axis.</summary>
[Method("plot.ard", 1,
    Summary = "ARD λ trajectories per component, logarithmic y axis.",
    Remarks = "Follows malspy's plot_ard (Shiga et al., Ultramicroscopy 170 (2016) 43): λ_k (data units, the mean of the " +
              "exponential prior on map k) against the 0-based iteration, base-10 log y axis. Components whose λ " +
              "collapses to ~eps are the pruned ones. Non-positive and NaN values are left out.")]
public sealed class PlotArdMethod : IMethod<PlotArdParameters, PlotArdInputs, PlotArdOutputs>
{
    public ValueTask<MethodResult<PlotArdOutputs>> RunAsync(
        PlotArdInputs inputs, PlotArdParameters parameters, MethodContext context, CancellationToken cancellationToken)
        => Render(inputs, parameters, LogTickStyle.DecadesOnly);

    /// <summary>The figure of both versions; they differ only in the y ticks.</summary>
    internal static ValueTask<MethodResult<PlotArdOutputs>> Render(PlotArdInputs inputs, PlotArdParameters parameters, LogTickStyle ticks)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        var trace = inputs.LambdaTrace;
        if (trace.Rank is not (1 or 2) || trace.Length == 0)
        {
            throw MethodException.InvalidInput(
                "lambda_trace", $"expected a non-empty (iterations, K) array; got {AxisLabel.Shape(trace)}.");
        }

        var data = trace.ToDoubleArray();
        if (!data.Any(v => double.IsFinite(v) && v > 0))
        {
            throw MethodException.InvalidInput("lambda_trace", "it holds no positive finite λ to plot on a log axis.");
        }

        var iterations = trace.Shape[0];
        var k = trace.Rank == 2 ? trace.Shape[1] : 1;
        var x = Enumerable.Range(0, iterations).Select(i => (double)i).ToArray();
        var series = new PlotSeries[k];
        for (var j = 0; j < k; j++)
        {
            var y = new double[iterations];
            for (var i = 0; i < iterations; i++)
            {
                y[i] = data[(i * k) + j];
            }

            series[j] = new PlotSeries("λ" + j.ToString(CultureInfo.InvariantCulture), y);
        }

        var figure = PlotRenderer.Lines(
            parameters.Title, "Iteration", "λ", x, series,
            new PlotOptions { Width = parameters.Width, Height = parameters.Height, LogY = true, LogTicks = ticks });
        return ValueTask.FromResult(MethodResult.Success(new PlotArdOutputs { Figure = figure }));
    }
}

/// <summary>Version 2 of <see cref="PlotArdMethod"/>: the logarithmic y axis is labelled however few decades λ spans.</summary>
[Method("plot.ard", 2,
    Summary = "ARD λ trajectories per component, logarithmic y axis with labelled ticks.",
    Remarks = "As plot.ard@1 (malspy's plot_ard, Shiga et al., Ultramicroscopy 170 (2016) 43: λ_k in data units against the " +
              "0-based iteration), with y ticks labelled at decades, 1-2-5 or 1…9 times a power of ten, or linear steps, " +
              "whichever gives at least three labels (version 1 labels whole decades only, so a range within one decade has none).")]
public sealed class PlotArd2Method : IMethod<PlotArdParameters, PlotArdInputs, PlotArdOutputs>
{
    public ValueTask<MethodResult<PlotArdOutputs>> RunAsync(
        PlotArdInputs inputs, PlotArdParameters parameters, MethodContext context, CancellationToken cancellationToken)
        => PlotArdMethod.Render(inputs, parameters, LogTickStyle.Labelled);
}
