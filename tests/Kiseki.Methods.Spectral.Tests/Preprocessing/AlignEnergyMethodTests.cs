using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Preprocessing.Align;

namespace Kiseki.Methods.Spectral.Tests.Preprocessing;

public sealed class AlignEnergyMethodTests
{
    private static readonly Axis Energy = new("Energy loss", 200, 400, 0.5, "eV");

    /// <summary>Known drift of pixel p, in eV: −1.3 … +1.6, not a multiple of the 0.5 eV channel.</summary>
    private static double Drift(int p) => -1.3 + (0.37 * p) - (0.2 * (p % 3));

    private static double Gaussian(double e, double centre, double sigma) => Math.Exp(-0.5 * Math.Pow((e - centre) / sigma, 2));

    private static double Edge(double e, double onset) => 1 / (1 + Math.Exp(-(e - onset) / 0.8));

    /// <summary>A white line at 450 eV + drift on a slowly falling background, and an edge at 470 eV + drift.</summary>
    private static SpectrumImage Drifted(int rows = 3, int cols = 3) => PreprocessingData.FromFunction(
        rows, cols, Energy,
        (p, e) => 20 + (0.01 * (500 - e)) + (100 * Gaussian(e, 450 + Drift(p), 1.5)) + (40 * Edge(e, 470 + Drift(p))));

    private static async Task<AlignEnergyOutputs> Run(
        SpectrumImage image, AlignEnergyParameters parameters, SpectrumImage? also = null)
        => (await new AlignEnergyMethod().RunAsync(
            new AlignEnergyInputs { Image = image, Also = also }, parameters, PreprocessingData.Context, default)).Outputs;

    private static double MeanDrift(int pixels) => Enumerable.Range(0, pixels).Average(Drift);

    [Theory]
    [InlineData(AlignFeature.Peak, 440.0, 460.0, 2e-3)]
    [InlineData(AlignFeature.Onset, 462.0, 478.0, 0.02)]
    [InlineData(AlignFeature.Correlation, 440.0, 460.0, 0.01)]
    public async Task AlignEnergy_KnownSubChannelDrift_RecoversShiftsWithSign(AlignFeature feature, double start, double end, double tolerance)
    {
        var r = await Run(Drifted(), new AlignEnergyParameters { Window = [start, end], Feature = feature, MaxShift = 3 });
        var shifts = r.Shifts.GetData<double>();
        Assert.Equal([3, 3], r.Shifts.Shape);
        for (var p = 0; p < 9; p++)
        {
            // aligned(E) = image(E + shift): a feature displaced by +d from the mean position has shift +d.
            Assert.Equal(Drift(p) - MeanDrift(9), shifts[p], tolerance);
        }
    }

    [Fact]
    public async Task AlignEnergy_Aligned_EqualsImageAtShiftedEnergyAndCropsLikeHyperSpy()
    {
        var image = Drifted();
        var r = await Run(image, new AlignEnergyParameters { Window = [440, 460] });
        var shifts = r.Shifts.GetData<double>();
        var aligned = r.Aligned;

        // Kept channels: those every shifted spectrum can fill (HyperSpy crop=True).
        var first = (int)Math.Ceiling(-shifts.Min() / 0.5);
        var last = (int)Math.Floor(199 - (shifts.Max() / 0.5));
        Assert.Equal(last - first + 1, aligned.Channels);
        Assert.Equal(400 + (0.5 * first), aligned.ChannelAxis.Offset, 12);
        var data = aligned.Data.GetData<double>();
        var source = image.Data.ToDoubleArray();
        for (var p = 0; p < 9; p++)
        {
            for (var c = 0; c < aligned.Channels; c += 17)
            {
                var position = first + c + (shifts[p] / 0.5);
                var i = (int)Math.Floor(position);
                var t = position - i;
                var expected = ((1 - t) * source[(p * 200) + i]) + (t * source[(p * 200) + Math.Min(i + 1, 199)]);
                Assert.Equal(expected, data[(p * aligned.Channels) + c], 9);
            }
        }

        // After alignment every pixel's white line sits at the same energy (the mean position) to the interpolation error.
        var peaks = Enumerable.Range(0, 9).Select(p =>
        {
            var row = data.AsSpan(p * aligned.Channels, aligned.Channels);
            var best = 0;
            for (var c = 1; c < row.Length; c++)
            {
                best = row[c] > row[best] ? c : best;
            }

            return best;
        }).Distinct().ToList();
        Assert.Single(peaks);
    }

    [Fact]
    public async Task AlignEnergy_IntegerZeroLossPeaks_CalibrateToZero_LikeExspy()
    {
        // A one-channel zero-loss peak of height 10 on a background of 2 at integer channel shifts (mean −2), scale 0.1 eV.
        int[] channelShifts = [0, 4, 2, -2, 5, -2, -5, -9, -9, -4];
        var axis = new Axis("Energy loss", 100, 98, 0.1, "eV");
        var image = PreprocessingData.FromFunction(1, 10, axis, (p, e) => 2 + (Math.Abs(e - 98 - (0.1 * (20 + channelShifts[p]))) < 1e-6 ? 10 : 0));
        var r = await Run(image, new AlignEnergyParameters { Window = [98, 107.9], CalibrateTo = 0 });
        var aligned = r.Aligned;
        Assert.Equal(100 - 14, aligned.Channels);
        Assert.Equal(channelShifts.Select(c => Math.Round(0.1 * (c + 2), 12)), r.Shifts.GetData<double>().Select(v => Math.Round(v, 12)));
        var data = aligned.Data.GetData<double>();
        for (var p = 0; p < 10; p++)
        {
            var row = data.AsSpan(p * aligned.Channels, aligned.Channels).ToArray();
            var peak = Array.IndexOf(row, row.Max());
            Assert.Equal(0, aligned.ChannelAxis.ValueAt(peak), 9);
            Assert.Equal(10 + 2, row[peak], 12);
        }
    }

    [Fact]
    public async Task AlignEnergy_Also_ShiftedBySameEnergiesOnItsOwnAxis()
    {
        var image = Drifted();
        var coreAxis = new Axis("Energy loss", 300, 500, 0.25, "eV");
        var core = PreprocessingData.FromFunction(3, 3, coreAxis, (p, e) => 5 + (50 * Gaussian(e, 530 + Drift(p), 1.0)));
        var r = await Run(image, new AlignEnergyParameters { Window = [440, 460], CalibrateTo = 450 }, core);
        var also = Assert.IsType<SpectrumImage>(r.AlsoAligned);
        Assert.Equal(0.25, also.ChannelAxis.Scale);
        var data = also.Data.GetData<double>();
        var positions = Enumerable.Range(0, 9).Select(p =>
        {
            var row = data.AsSpan(p * also.Channels, also.Channels).ToArray();
            return also.ChannelAxis.ValueAt(Array.IndexOf(row, row.Max()));
        }).ToList();

        // The O-K-like peak moves to 530 + (450 − (450 + mean drift)) in every pixel, to within a channel.
        Assert.All(positions, e => Assert.Equal(530, e, 0.26));
    }

    [Fact]
    public async Task AlignEnergy_NoCrop_KeepsAxisAndFillsNaN()
    {
        var r = await Run(Drifted(), new AlignEnergyParameters { Window = [440, 460], Crop = false });
        Assert.Equal(200, r.Aligned.Channels);
        Assert.Equal(400, r.Aligned.ChannelAxis.Offset);
        Assert.Contains(r.Aligned.Data.GetData<double>(), double.IsNaN);
    }

    [Fact]
    public async Task AlignEnergy_SameInputs_IdenticalBytes()
    {
        var a = await Run(Drifted(), new AlignEnergyParameters { Window = [440, 460], Feature = AlignFeature.Correlation });
        var b = await Run(Drifted(), new AlignEnergyParameters { Window = [440, 460], Feature = AlignFeature.Correlation });
        Assert.Equal(a.Aligned.Data.AsBytes().ToArray(), b.Aligned.Data.AsBytes().ToArray());
    }

    [Fact]
    public async Task AlignEnergy_FlatPixel_LeftUnshiftedAndCounted()
    {
        var image = PreprocessingData.FromFunction(1, 3, Energy, (p, e) => p == 1 ? 7 : 10 + (100 * Gaussian(e, 450 + p, 1.5)));
        var result = await new AlignEnergyMethod().RunAsync(
            new AlignEnergyInputs { Image = image }, new AlignEnergyParameters { Window = [440, 460] }, PreprocessingData.Context, default);
        Assert.Equal(1, result.Metrics["unaligned_pixels"]);
        Assert.Equal(0, result.Outputs.Shifts.GetData<double>()[1]);
        Assert.Equal(-1, result.Outputs.Shifts.GetData<double>()[0], 6);
    }

    [Theory]
    [InlineData(new[] { 440.0 }, "window")]
    [InlineData(new[] { 460.0, 440.0 }, "window")]
    [InlineData(new[] { 900.0, 950.0 }, "window")]
    [InlineData(new[] { 440.0, 440.6 }, "window")]
    public async Task AlignEnergy_BadWindow_InvalidParameter(double[] window, string subject)
    {
        var e = await Assert.ThrowsAsync<MethodException>(() => Run(Drifted(), new AlignEnergyParameters { Window = window }));
        Assert.Equal(subject, e.Subject);
    }

    [Fact]
    public async Task AlignEnergy_AlsoOfAnotherScan_InvalidInput()
    {
        var e = await Assert.ThrowsAsync<MethodException>(() => Run(Drifted(), new AlignEnergyParameters { Window = [440, 460] }, Drifted(2, 2)));
        Assert.Equal("also", e.Subject);
    }

    [Fact]
    public async Task AlignEnergy_AllFlat_InvalidInput()
    {
        var flat = SpectrumImage.FromArray(NdArray.Create(Enumerable.Repeat(3.0, 2 * 2 * 50).ToArray(), 2, 2, 50));
        var e = await Assert.ThrowsAsync<MethodException>(() => Run(flat, new AlignEnergyParameters { Window = [10, 30] }));
        Assert.Contains("flat", e.Message);
    }

    [Fact]
    public async Task AlignEnergy_NegativeMaxShift_InvalidParameter()
    {
        var e = await Assert.ThrowsAsync<MethodException>(() => Run(Drifted(), new AlignEnergyParameters { Window = [440, 460], MaxShift = -1 }));
        Assert.Equal("max_shift", e.Subject);
    }
}
