using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Plots.Ard;
using Kiseki.Methods.Plots.LearningCurve;
using Kiseki.Methods.Plots.Maps;
using Kiseki.Methods.Plots.Spectra;

namespace Kiseki.Methods.Plots.Tests;

public sealed class PlotMethodsTests
{
    internal static MethodContext Context => MethodContext.CreateStandalone(7);

    internal static NdArray Spectra(int channels, int k)
    {
        var data = new double[channels * k];
        for (var i = 0; i < channels; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var centre = channels * (j + 1) / (k + 1.0);
                data[(i * k) + j] = Math.Exp(-0.5 * Math.Pow((i - centre) / 6.0, 2)) * (j + 1);
            }
        }

        return NdArray.Create(data, channels, k);
    }

    internal static NdArray Maps(int rows, int cols, int k)
    {
        var data = new double[rows * cols * k];
        for (var p = 0; p < rows * cols; p++)
        {
            for (var j = 0; j < k; j++)
            {
                data[(p * k) + j] = Math.Sin(((p / cols) + 1.0) * (j + 1) / rows * 3) * ((p % cols) + 1);
            }
        }

        return NdArray.Create(data, rows, cols, k);
    }

    internal static SpectrumImage Image(int rows, int cols, int channels) => new(
        NdArray.Create(new double[rows * cols * channels], rows, cols, channels),
        new Axis("y", rows, 0, 0.5, "nm"), new Axis("x", cols, 0, 0.5, "nm"),
        new Axis("energy", channels, 400, 0.5, "eV"), SignalKind.Eels);

    [Fact]
    public async Task PlotSpectra_WithImage_DeterministicPng()
    {
        var inputs = new PlotSpectraInputs { Spectra = Spectra(100, 3), Image = Image(4, 5, 100) };
        var a = await new PlotSpectraMethod().RunAsync(inputs, new PlotSpectraParameters(), Context, default);
        var b = await new PlotSpectraMethod().RunAsync(inputs, new PlotSpectraParameters(), Context, default);
        Assert.Equal(a.Outputs.Figure.Png, b.Outputs.Figure.Png);
        var plain = await new PlotSpectraMethod().RunAsync(
            inputs with { Image = null }, new PlotSpectraParameters(), Context, default);
        Assert.NotEqual(a.Outputs.Figure.Png, plain.Outputs.Figure.Png);
    }

    [Fact]
    public async Task PlotSpectra_ChannelMismatch_InvalidInput()
    {
        var inputs = new PlotSpectraInputs { Spectra = Spectra(100, 2), Image = Image(2, 2, 90) };
        var e = await Assert.ThrowsAsync<MethodException>(
            async () => await new PlotSpectraMethod().RunAsync(inputs, new PlotSpectraParameters(), Context, default));
        Assert.Equal("image", e.Subject);
    }

    [Fact]
    public async Task PlotMaps_ThreeComponents_PanelSizedPng()
    {
        var result = await new PlotMapsMethod().RunAsync(
            new PlotMapsInputs { Maps = Maps(16, 20, 3), Image = Image(16, 20, 4) },
            new PlotMapsParameters { Columns = 3, PanelWidth = 300, PanelHeight = 260 }, Context, default);
        var (w, _) = PlotRendererTests.PngSize(result.Outputs.Figure.Png);
        Assert.Equal(900, w);
    }

    [Fact]
    public async Task PlotMaps_WrongRank_InvalidInput()
    {
        await Assert.ThrowsAsync<MethodException>(async () => await new PlotMapsMethod().RunAsync(
            new PlotMapsInputs { Maps = NdArray.Create(new double[4], 4) }, new PlotMapsParameters(), Context, default));
    }

    [Fact]
    public async Task PlotLearningCurve_NaNPaddedRestarts_Renders()
    {
        var data = new double[3 * 20];
        for (var r = 0; r < 3; r++)
        {
            for (var i = 0; i < 20; i++)
            {
                data[(r * 20) + i] = i < 10 + (4 * r) ? 1.0 / (i + 1 + r) : double.NaN;
            }
        }

        var result = await new PlotLearningCurveMethod().RunAsync(
            new PlotLearningCurveInputs { Objective = NdArray.Create(data, 3, 20) },
            new PlotLearningCurveParameters { LogY = true }, Context, default);
        Assert.Equal((800, 500), PlotRendererTests.PngSize(result.Outputs.Figure.Png));
    }

    [Fact]
    public async Task PlotLearningCurve_LogWithNegative_InvalidParameter()
    {
        var e = await Assert.ThrowsAsync<MethodException>(async () => await new PlotLearningCurveMethod().RunAsync(
            new PlotLearningCurveInputs { Objective = NdArray.Create(new[] { -3.0, -4.0 }, 2) },
            new PlotLearningCurveParameters { LogY = true }, Context, default));
        Assert.Equal("log_y", e.Subject);
    }

    [Fact]
    public async Task PlotArd_Trace_RendersAndRefusesAllZero()
    {
        var trace = new double[30 * 3];
        for (var i = 0; i < 30; i++)
        {
            trace[i * 3] = 1e-4;
            trace[(i * 3) + 1] = 5e-5 * Math.Exp(-i * 0.1);
            trace[(i * 3) + 2] = i < 20 ? 3e-5 * Math.Exp(-i) : 2.2e-16;
        }

        var result = await new PlotArdMethod().RunAsync(
            new PlotArdInputs { LambdaTrace = NdArray.Create(trace, 30, 3) }, new PlotArdParameters(), Context, default);
        Assert.NotEmpty(result.Outputs.Figure.Png);
        await Assert.ThrowsAsync<MethodException>(async () => await new PlotArdMethod().RunAsync(
            new PlotArdInputs { LambdaTrace = NdArray.Create(new double[6], 3, 2) }, new PlotArdParameters(), Context, default));
    }
}
