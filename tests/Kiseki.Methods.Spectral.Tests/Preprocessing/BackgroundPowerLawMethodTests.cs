using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Preprocessing.BackgroundPowerLaw;

namespace Kiseki.Methods.Spectral.Tests.Preprocessing;

public sealed class BackgroundPowerLawMethodTests
{
    private static readonly Axis Energy = new("Energy loss", 200, 350, 1, "eV");

    private static double Amplitude(int p) => 1e7 * (1 + p);

    private static double Exponent(int p) => 2.5 + (0.1 * p);

    private static double Edge(double e) => e >= 450 ? 50 * Math.Exp(-(e - 450) / 40) : 0;

    private static async Task<MethodResult<BackgroundPowerLawOutputs>> Run(
        SpectrumImage image, double start, double end, BackgroundRange range = BackgroundRange.FromWindowStart,
        NegativeHandling negatives = NegativeHandling.Keep) =>
        await new BackgroundPowerLawMethod().RunAsync(
            new BackgroundPowerLawInputs { Image = image },
            new BackgroundPowerLawParameters { FitStart = start, FitEnd = end, Subtract = range, Negatives = negatives },
            PreprocessingData.Context, default);

    [Fact]
    public async Task Background_NoiseFreePowerLaw_RecoveredWithin1e6()
    {
        var image = PreprocessingData.FromFunction(2, 3, Energy, (p, e) => (Amplitude(p) * Math.Pow(e, -Exponent(p))) + Edge(e));
        var r = await Run(image, 380, 440);
        var exponent = r.Outputs.Exponent.GetData<double>();
        var x = r.Outputs.Image.Data.GetData<double>();
        var background = r.Outputs.Background.Data.GetData<double>();
        for (var p = 0; p < 6; p++)
        {
            Assert.Equal(Exponent(p), exponent[p], 1e-9);
            for (var c = 30; c < 200; c++)
            {
                var e = Energy.ValueAt(c);
                var truth = Amplitude(p) * Math.Pow(e, -Exponent(p));
                Assert.True(Math.Abs(background[(p * 200) + c] - truth) <= 1e-6 * truth, $"pixel {p} channel {c}");
                Assert.Equal(Edge(e), x[(p * 200) + c], 1e-6);
            }

            // Below the window: untouched, background 0.
            Assert.Equal(image.Data.GetData<double>()[p * 200], x[p * 200]);
            Assert.Equal(0, background[p * 200]);
        }
    }

    [Fact]
    public async Task Background_Whole_SubtractsBelowWindowToo()
    {
        var image = PreprocessingData.FromFunction(1, 1, Energy, (_, e) => 1e6 * Math.Pow(e, -3));
        var r = await Run(image, 400, 450, BackgroundRange.Whole);
        Assert.All(r.Outputs.Image.Data.GetData<double>(), v => Assert.True(Math.Abs(v) < 1e-9));
    }

    [Fact]
    public async Task Background_ClipNegatives_NoNegativeValues()
    {
        var image = PreprocessingData.FromFunction(1, 2, Energy, (p, e) => (1e6 * Math.Pow(e, -3)) + (((int)e % 2 == 0) ? 0.5 : -0.5));
        var keep = await Run(image, 360, 440);
        var clip = await Run(image, 360, 440, negatives: NegativeHandling.Clip);
        Assert.Contains(keep.Outputs.Image.Data.GetData<double>(), v => v < 0);
        Assert.All(clip.Outputs.Image.Data.GetData<double>(), v => Assert.True(v >= 0));
    }

    [Fact]
    public async Task Background_ZeroPixel_LeftUnchangedAndCounted()
    {
        var image = PreprocessingData.FromFunction(1, 2, Energy, (p, e) => p == 0 ? 0 : 1e6 * Math.Pow(e, -3));
        var r = await Run(image, 360, 440);
        Assert.Equal(1, r.Metrics["failed_pixels"]);
        Assert.All(r.Outputs.Image.Data.GetData<double>(), v => Assert.True(double.IsFinite(v)));
    }

    [Theory]
    [InlineData(100, 200, "fit_start")]
    [InlineData(420, 410, "fit_end")]
    [InlineData(400.2, 400.7, "fit_end")]
    public async Task Background_BadWindow_InvalidParameter(double start, double end, string name)
    {
        var image = PreprocessingData.FromFunction(1, 1, Energy, (_, e) => 1e6 * Math.Pow(e, -3));
        var e = await Assert.ThrowsAsync<MethodException>(() => Run(image, start, end));
        Assert.Equal(name, e.Subject);
    }

    [Fact]
    public async Task Background_NonPositiveEnergies_InvalidParameter()
    {
        var axis = new Axis("Energy loss", 100, -10, 1, "eV");
        var image = PreprocessingData.FromFunction(1, 1, axis, (_, e) => 5);
        var e = await Assert.ThrowsAsync<MethodException>(() => Run(image, -5, 20));
        Assert.Contains("positive energies", e.Message);
    }
}
