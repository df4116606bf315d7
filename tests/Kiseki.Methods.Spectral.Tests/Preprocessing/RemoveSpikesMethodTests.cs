using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Preprocessing.Spikes;
using Kiseki.Methods.Spectral.Tests.Nmf;

namespace Kiseki.Methods.Spectral.Tests.Preprocessing;

public sealed class RemoveSpikesMethodTests
{
    /// <summary>(pixel, channel) of the injected spikes; two are in corner/edge pixels.</summary>
    private static readonly (int Pixel, int Channel)[] Hits = [(0, 10), (37, 30), (55, 31), (479, 63), (64, 0)];

    private static SpectrumImage Clean => NmfPhantom.Create(24, 20, 64, 3, 200, 5).Image;

    private static SpectrumImage Spiked(out double[] truth)
    {
        var image = Clean;
        truth = image.Data.ToDoubleArray();
        var data = (double[])truth.Clone();
        foreach (var (p, j) in Hits)
        {
            data[(p * 64) + j] += 3000;
        }

        return image.WithData(NdArray.Create(data, 24, 20, 64));
    }

    private static Task<MethodResult<RemoveSpikesOutputs>> Run(SpectrumImage image, RemoveSpikesParameters? p = null)
        => new RemoveSpikesMethod().RunAsync(new RemoveSpikesInputs { Image = image }, p ?? new RemoveSpikesParameters(), PreprocessingData.Context, default).AsTask();

    [Fact]
    public async Task RemoveSpikes_InjectedSpikes_AllFoundAndReplacedNearTruth()
    {
        var r = await Run(Spiked(out var truth), new RemoveSpikesParameters { Width = 0 });
        Assert.Equal(Hits.Length, r.Metrics["spikes"]);
        var map = r.Outputs.Spikes.GetData<double>();
        foreach (var (p, _) in Hits)
        {
            Assert.Equal(1, map[p]);
        }

        var cleaned = r.Outputs.Image.Data.GetData<double>();
        foreach (var (p, j) in Hits)
        {
            var i = (p * 64) + j;
            Assert.InRange(cleaned[i], truth[i] - (6 * Math.Sqrt(truth[i] + 25)), truth[i] + (6 * Math.Sqrt(truth[i] + 25)));
        }

        // Every other value is untouched.
        var input = Spiked(out _).Data.ToDoubleArray();
        var changed = Enumerable.Range(0, cleaned.Length).Count(i => cleaned[i] != input[i]);
        Assert.Equal(Hits.Length, changed);
    }

    [Fact]
    public async Task RemoveSpikes_CleanPoissonImage_NothingReplaced()
    {
        var r = await Run(Clean);
        Assert.Equal(0, r.Metrics["spikes"]);
        Assert.Equal(Clean.Data.ToDoubleArray(), r.Outputs.Image.Data.GetData<double>());
    }

    [Fact]
    public async Task RemoveSpikes_Width_ReplacesNeighbouringChannelsOnce()
    {
        var r = await Run(Spiked(out _), new RemoveSpikesParameters { Width = 2 });
        var map = r.Outputs.Spikes.GetData<double>();
        Assert.Equal(5, map[0]);    // channel 10 ± 2: channels 8–12
        Assert.Equal(3, map[64]);   // channel 0 + 2: channels 0–2 (clipped at the axis start)
        Assert.Equal(5, map[37]);   // channels 28–32 (37 has one spike at 30)
        Assert.Equal(3, map[479]);  // channel 63 − 2: channels 61–63
    }

    [Fact]
    public async Task RemoveSpikes_TooFewPixels_InvalidInput()
    {
        var tiny = SpectrumImage.FromArray(NdArray.Create(new double[2 * 8], 1, 2, 8));
        var e = await Assert.ThrowsAsync<MethodException>(() => Run(tiny));
        Assert.Equal("image", e.Subject);
    }

    [Fact]
    public async Task RemoveSpikes_ThresholdBelowOne_InvalidParameter()
    {
        var e = await Assert.ThrowsAsync<MethodException>(() => Run(Clean, new RemoveSpikesParameters { Threshold = 0.5 }));
        Assert.Equal("threshold", e.Subject);
    }
}
