using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Synthetic;
using Kiseki.Methods.Statistics.BootstrapLrt;
using Kiseki.Methods.Statistics.Compare;

namespace Kiseki.Methods.Statistics.Tests.BootstrapLrt;

public sealed class BootstrapLrtConvergenceTests
{
    private static readonly BootstrapLrtParameters Base = new() { Alpha = 0.1, Replicates = 19, MaxComponents = 4 };

    [Fact]
    public async Task RunAsync_IterationsDoubledOrToleranceTightened_SameDecisionsAndPValues()
    {
        var (image, _) = PhantomImages.Make(2, counts: 100, seed: 31, rows: 12, cols: 12, channels: 48);
        var reference = await BootstrapLrtMethodTests.Run(image, Base, 7);
        var doubled = await BootstrapLrtMethodTests.Run(image, Base with { MaxIterations = 2 * Base.MaxIterations }, 7);
        var tighter = await BootstrapLrtMethodTests.Run(image, Base with { Tolerance = Base.Tolerance / 100, MaxIterations = 4 * Base.MaxIterations }, 7);
        foreach (var other in new[] { doubled, tighter })
        {
            Assert.Equal(reference.Outputs.ComponentsFound.Value.ToJsonString(), other.Outputs.ComponentsFound.Value.ToJsonString());
            Assert.Equal(reference.Outputs.Table["p_value"].Numbers!, other.Outputs.Table["p_value"].Numbers!);
            Assert.Equal(reference.Outputs.Table["rejected"].Numbers!, other.Outputs.Table["rejected"].Numbers!);
            var t0 = reference.Outputs.Table["statistic"].Numbers!;
            var t1 = other.Outputs.Table["statistic"].Numbers!;
            for (var i = 0; i < t0.Length; i++)
            {
                Assert.True(Math.Abs(t0[i] - t1[i]) <= 1e-3 * Math.Max(1, Math.Abs(t0[i])), $"T at K={i + 2}: {t0[i]} vs {t1[i]}");
            }
        }
    }

    [Fact]
    public async Task RunAsync_DetectorGainFive_QuasiPoissonFindsTrueCountWherePoissonOvercounts()
    {
        var image = GainPhantom(components: 2, gain: 5, seed: 41);
        var quasi = await BootstrapLrtMethodTests.Run(image, Base with { MaxComponents = 3 }, 3);
        var poisson = await BootstrapLrtMethodTests.Run(image, Base with { MaxComponents = 3, Noise = CountNoise.Poisson }, 3);

        Assert.Equal("2", quasi.Outputs.ComponentsFound.Value.ToJsonString());
        var gain = quasi.Outputs.Table["dispersion"].Numbers![^1];
        Assert.InRange(gain, 4.5, 5.5); // plain Pearson X² / df gives 3.7 here (a sixth of the entries are empty)

        // Ignoring the gain inflates T fivefold against pure-Poisson replicates: every test rejects.
        Assert.Equal(3, BootstrapLrtMethodTests.Found(poisson).Value);
        Assert.True(BootstrapLrtMethodTests.Found(poisson).AtLeast);
    }

    [Fact]
    public async Task RunAsync_EveryTestRejects_AnswersAtLeastMaxComponentsAndCompareShowsIt()
    {
        var (image, _) = PhantomImages.Make(4, counts: 200, seed: 8, rows: 12, cols: 12, channels: 48);
        var result = await BootstrapLrtMethodTests.Run(image, Base with { MaxComponents = 2 }, 5);

        var bound = Assert.IsType<JsonObject>(result.Outputs.ComponentsFound.Value);
        Assert.Equal(2L, bound["at_least"]!.GetValue<long>());
        Assert.False(result.Convergence.Converged);
        var compare = await new CountCompareMethod().RunAsync(
            new CountCompareInputs { Lrt1 = result.Outputs.ComponentsFound, Lrt2 = JsonArtifact.Integer(3) },
            new CountCompareParameters { Labels = ["never stopped", "stopped"] },
            MethodContext.CreateStandalone(1, 1), default);
        Assert.Equal(["≥ 2", "3"], compare.Outputs.Table["bootstrap_lrt"].Texts!);
    }

    [Fact]
    public async Task RunAsync_AcceptingTest_StopsAtTheHthExceedanceWithBesagCliffordPValue()
    {
        var (image, _) = PhantomImages.Make(2, counts: 100, seed: 12, rows: 12, cols: 12, channels: 48);
        var parameters = Base with { Alpha = 0.05, Replicates = 39, MaxComponents = 3 };
        var result = await BootstrapLrtMethodTests.Run(image, parameters, 4);
        var table = result.Outputs.Table;
        var drawn = table["replicates"].Numbers!;
        var exceed = table["exceedances"].Numbers!;
        var p = table["p_value"].Numbers!;

        // The 1-vs-2 test rejects: it needs every replicate and none may exceed more than h - 1 = 1 time.
        Assert.Equal(39, drawn[0]);
        Assert.True(exceed[0] <= 1);
        Assert.Equal((1 + exceed[0]) / 40, p[0], 12);
        if (drawn[^1] < 39)
        {
            // h = floor(0.05 * 40) = 2 exceedances decided it early: p = h / l > alpha.
            Assert.Equal(2, exceed[^1]);
            Assert.Equal(2 / drawn[^1], p[^1], 12);
            Assert.True(p[^1] > parameters.Alpha);
        }
    }

    [Fact]
    public async Task RunAsync_TooFewEventsPerEntry_RefusesNamingTheDose()
    {
        var (image, _) = PhantomImages.Make(2, counts: 5, seed: 9, rows: 8, cols: 8, channels: 32);
        var error = await Assert.ThrowsAsync<MethodException>(() => BootstrapLrtMethodTests.Run(image, Base, 1).AsTask());
        Assert.Equal("image", error.Subject);
        Assert.Contains("events per pixel and channel", error.Message);
    }

    [Fact]
    public async Task RunAsync_NegativeValuesWithQuasiPoisson_RefusesNamingTheEntry()
    {
        var data = Enumerable.Range(0, 4 * 4 * 8).Select(i => i == 5 ? -1.0 : 3.0).ToArray();
        var image = SpectrumImage.FromArray(NdArray.Create(data, 4, 4, 8));
        var error = await Assert.ThrowsAsync<MethodException>(() => BootstrapLrtMethodTests.Run(image, Base with { MaxComponents = 2 }, 1).AsTask());
        Assert.Contains("pixel 0, channel 5", error.Message);
    }

    private static SpectrumImage GainPhantom(int components, double gain, ulong seed)
    {
        var phantom = PhantomGenerator.Generate(
            new PhantomOptions { Rows = 8, Cols = 8, Channels = 32, Components = components, Counts = 400, Noise = PhantomNoise.None },
            new Xoshiro256StarStar(seed));
        var noise = new Xoshiro256StarStar(seed + 1);
        var data = phantom.Data.Select(mu => gain * noise.NextPoisson(mu)).ToArray();
        return SpectrumImage.FromArray(NdArray.Create(data, 8, 8, 32), SignalKind.Eels);
    }
}
