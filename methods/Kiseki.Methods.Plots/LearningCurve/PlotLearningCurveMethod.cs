using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Plots.Rendering;

namespace Kiseki.Methods.Plots.LearningCurve;

/// <summary>Parameters of <see cref="PlotLearningCurveMethod"/>.</summary>
public sealed record PlotLearningCurveParameters
{
    [Description("Figure title.")]
    public string Title { get; init; } = "Learning curve";

    [Description("Label of the y axis.")]
    public string YLabel { get; init; } = "Objective";

    [Description("Logarithmic y axis (only for positive objectives).")]
    public bool LogY { get; init; }

    [Description("Figure width in pixels.")]
    [Range(200, 4000)]
    public int Width { get; init; } = 800;

    [Description("Figure height in pixels.")]
    [Range(150, 4000)]
    public int Height { get; init; } = 500;
}

/// <summary>Inputs of <see cref="PlotLearningCurveMethod"/>.</summary>
public sealed record PlotLearningCurveInputs
{
    [Description("Objective per iteration: 1-D, or 2-D (restarts, iterations) padded with NaN after each restart stops.")]
    public required NdArray Objective { get; init; }
}

/// <summary>Outputs of <see cref="PlotLearningCurveMethod"/>.</summary>
public sealed record PlotLearningCurveOutputs
{
    [Description("PNG line plot of the objective against the iteration index, one line per restart.")]
    public required Figure Figure { get; init; }
}

/// <summary>Plots an objective (learning curve) per iteration, one line per restart.</summary>
[Method("plot.learning-curve", 1,
    Summary = "Objective against iteration, one line per restart.",
    Remarks = "x: 0-based iteration index. NaN entries (padding after a restart stopped) are left out. With log_y the " +
              "y axis is base-10 logarithmic and non-positive values are refused.")]
public sealed class PlotLearningCurveMethod
    : IMethod<PlotLearningCurveParameters, PlotLearningCurveInputs, PlotLearningCurveOutputs>
{
    public ValueTask<MethodResult<PlotLearningCurveOutputs>> RunAsync(
        PlotLearningCurveInputs inputs, PlotLearningCurveParameters parameters, MethodContext context,
        CancellationToken cancellationToken)
        => Render(inputs, parameters, LogTickStyle.DecadesOnly);

    /// <summary>The figure of both versions; they differ only in the ticks of a logarithmic y axis.</summary>
    internal static ValueTask<MethodResult<PlotLearningCurveOutputs>> Render(
        PlotLearningCurveInputs inputs, PlotLearningCurveParameters parameters, LogTickStyle ticks)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        var objective = inputs.Objective;
        if (objective.Rank is not (1 or 2) || objective.Length == 0)
        {
            throw MethodException.InvalidInput(
                "objective", $"expected a non-empty 1-D or (restarts, iterations) array; got {AxisLabel.Shape(objective)}.");
        }

        var data = objective.ToDoubleArray();
        if (!data.Any(double.IsFinite))
        {
            throw MethodException.InvalidInput("objective", "it holds no finite value.");
        }

        if (parameters.LogY && data.Any(v => double.IsFinite(v) && v <= 0))
        {
            throw MethodException.InvalidParameter(
                "log_y", "the objective has zero or negative values; use a linear axis (log_y: false).");
        }

        int restarts = objective.Rank == 2 ? objective.Shape[0] : 1;
        var iterations = objective.Rank == 2 ? objective.Shape[1] : objective.Shape[0];
        var x = Enumerable.Range(0, iterations).Select(i => (double)i).ToArray();
        var series = new PlotSeries[restarts];
        for (var r = 0; r < restarts; r++)
        {
            var name = restarts == 1 ? "objective" : "restart " + r.ToString(CultureInfo.InvariantCulture);
            series[r] = new PlotSeries(name, data.AsSpan(r * iterations, iterations).ToArray());
        }

        var figure = PlotRenderer.Lines(
            parameters.Title, "Iteration", parameters.YLabel, x, series,
            new PlotOptions { Width = parameters.Width, Height = parameters.Height, LogY = parameters.LogY, LogTicks = ticks });
        return ValueTask.FromResult(MethodResult.Success(new PlotLearningCurveOutputs { Figure = figure }));
    }
}

/// <summary>Version 2 of <see cref="PlotLearningCurveMethod"/>: a logarithmic y axis is labelled however few decades it spans.</summary>
[Method("plot.learning-curve", 2,
    Summary = "Objective against iteration, one line per restart; a log y axis has labelled ticks.",
    Remarks = "As plot.learning-curve@1 (x: 0-based iteration; NaN padding left out; log_y refuses non-positive values), " +
              "with log_y ticks labelled at decades, 1-2-5 or 1…9 times a power of ten, or linear steps, whichever gives " +
              "at least three labels (version 1 labels whole decades only, so an objective within one decade has none).")]
public sealed class PlotLearningCurve2Method
    : IMethod<PlotLearningCurveParameters, PlotLearningCurveInputs, PlotLearningCurveOutputs>
{
    public ValueTask<MethodResult<PlotLearningCurveOutputs>> RunAsync(
        PlotLearningCurveInputs inputs, PlotLearningCurveParameters parameters, MethodContext context,
        CancellationToken cancellationToken)
        => PlotLearningCurveMethod.Render(inputs, parameters, LogTickStyle.Labelled);
}
