using Kiseki.Abstractions.Methods;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Decomposition.Svd;
using Kiseki.Methods.Spectral.Synthetic;

namespace Kiseki.Methods.Spectral.Tests.Synthetic;

public sealed class SyntheticSpectrumImageMethodTests
{
    private static async Task<SyntheticSpectrumImageOutputs> Run(SyntheticSpectrumImageParameters parameters, ulong seed = 5) =>
        (await new SyntheticSpectrumImageMethod().RunAsync(
            new NoInputs(), parameters, MethodContext.CreateStandalone(seed), default)).Outputs;

    private static double Cosine(double[] s, int m, int k, int a, int b)
    {
        double ab = 0, aa = 0, bb = 0;
        for (var c = 0; c < m; c++)
        {
            double x = s[(c * k) + a], y = s[(c * k) + b];
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }

        return ab / Math.Sqrt(aa * bb);
    }

    [Theory]
    [InlineData(3, 256)]
    [InlineData(8, 128)]
    [InlineData(2, 16)]
    public void Generate_Spectra_DistinctAndUnitSum(int k, int channels)
    {
        var p = PhantomGenerator.Generate(
            new PhantomOptions { Rows = 4, Cols = 4, Channels = channels, Components = k }, new Xoshiro256StarStar(3));
        for (var a = 0; a < k; a++)
        {
            Assert.Equal(1.0, Enumerable.Range(0, channels).Sum(c => p.TrueSpectra[(c * k) + a]), 12);
            for (var b = a + 1; b < k; b++)
            {
                Assert.True(Cosine(p.TrueSpectra, channels, k, a, b) < 0.8, $"cos({a},{b}) = {Cosine(p.TrueSpectra, channels, k, a, b)}");
            }
        }
    }

    [Fact]
    public async Task Run_NoNoise_DataEqualsMapsTimesSpectra()
    {
        var o = await Run(new SyntheticSpectrumImageParameters { Rows = 8, Cols = 9, Channels = 32, Noise = PhantomNoise.None });
        var data = o.Image.Data.GetData<double>();
        var maps = o.TrueMaps.GetData<double>();
        var spectra = o.TrueSpectra.GetData<double>();
        for (var i = 0; i < 72; i++)
        {
            for (var c = 0; c < 32; c++)
            {
                var expected = Enumerable.Range(0, 3).Sum(j => maps[(i * 3) + j] * spectra[(c * 3) + j]);
                Assert.Equal(expected, data[(i * 32) + c], 12);
            }
        }

        Assert.Equal(50.0, data.Sum() / 72, 9);
        Assert.Equal(400.0, o.Image.ChannelAxis.Offset);
        Assert.Equal("eV", o.Image.ChannelAxis.Units);
    }

    [Fact]
    public async Task Run_Poisson_IntegerCountsNearRequestedMean()
    {
        var o = await Run(new SyntheticSpectrumImageParameters());
        var data = o.Image.Data.GetData<double>();
        Assert.Equal(64 * 64 * 256, data.Length);
        Assert.All(data, v => Assert.True(v >= 0 && v == Math.Floor(v)));
        var mean = data.Sum() / (64 * 64);
        Assert.InRange(mean, 49.5, 50.5);
    }

    [Fact]
    public async Task Run_SameSeed_IdenticalAndDifferentSeed_Different()
    {
        var p = new SyntheticSpectrumImageParameters { Rows = 10, Cols = 10, Channels = 64 };
        var a = await Run(p, 9);
        var b = await Run(p, 9);
        var c = await Run(p, 10);
        Assert.Equal(a.Image.Data.AsBytes().ToArray(), b.Image.Data.AsBytes().ToArray());
        Assert.Equal(a.TrueSpectra.AsBytes().ToArray(), b.TrueSpectra.AsBytes().ToArray());
        Assert.NotEqual(a.Image.Data.AsBytes().ToArray(), c.Image.Data.AsBytes().ToArray());
    }

    [Fact]
    public async Task Generator_SameAsMethodForSameSeed()
    {
        var p = new SyntheticSpectrumImageParameters { Rows = 6, Cols = 7, Channels = 40, Components = 2 };
        var fromMethod = await Run(p, 21);
        var direct = PhantomGenerator.Generate(
            new PhantomOptions { Rows = 6, Cols = 7, Channels = 40, Components = 2 }, new Xoshiro256StarStar(21));
        Assert.Equal(direct.Data, fromMethod.Image.Data.GetData<double>());
    }

    [Fact]
    public async Task Run_NoNoise_SvdFindsRankK()
    {
        var o = await Run(new SyntheticSpectrumImageParameters { Rows = 16, Cols = 16, Channels = 64, Noise = PhantomNoise.None });
        var svd = await new SvdMethod().RunAsync(
            new SvdInputs { Image = o.Image }, new SvdParameters { Components = 4 }, MethodContext.CreateStandalone(), default);
        var ratio = svd.Outputs.ExplainedVariance.GetData<double>();
        Assert.Equal(1.0, ratio[0] + ratio[1] + ratio[2], 10);
        Assert.True(ratio[2] > 1e-4);
    }

    [Fact]
    public async Task Run_GaussianNoise_CanGoNegative()
    {
        var o = await Run(new SyntheticSpectrumImageParameters { Rows = 8, Cols = 8, Channels = 64, Counts = 5, Noise = PhantomNoise.Gaussian });
        Assert.Contains(o.Image.Data.GetData<double>(), v => v < 0);
    }

    [Theory]
    [InlineData(0, 3, 50.0, "rows")]
    [InlineData(4, 9, 50.0, "components")]
    [InlineData(4, 3, 0.0, "counts")]
    public async Task Run_BadParameters_InvalidParameter(int rows, int k, double counts, string parameter)
    {
        var e = await Assert.ThrowsAsync<MethodException>(
            () => Run(new SyntheticSpectrumImageParameters { Rows = rows, Components = k, Counts = counts }));
        Assert.Equal(parameter, e.Subject);
    }
}
