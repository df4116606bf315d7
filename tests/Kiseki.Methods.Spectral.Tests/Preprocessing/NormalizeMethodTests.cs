using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Preprocessing.Normalize;

namespace Kiseki.Methods.Spectral.Tests.Preprocessing;

public sealed class NormalizeMethodTests
{
    private static readonly double[] Data = [1, 2, 3, 4, 0, 0, 0, 0, 2, 2, 2, 2, -1, -2, 0, 1];

    private static async Task<MethodResult<NormalizeOutputs>> Run(NormalizeMode mode) =>
        await new NormalizeMethod().RunAsync(
            new NormalizeInputs { Image = SpectrumImage.FromArray(NdArray.Create((double[])Data.Clone(), 2, 2, 4)) },
            new NormalizeParameters { Mode = mode }, PreprocessingData.Context, default);

    [Theory]
    [InlineData(NormalizeMode.Mean, 2.5)]
    [InlineData(NormalizeMode.Max, 4.0)]
    [InlineData(NormalizeMode.Sum, 10.0)]
    public async Task Normalize_Mode_DividesByPixelStatistic(NormalizeMode mode, double divisor)
    {
        var r = await Run(mode);
        var x = r.Outputs.Image.Data.GetData<double>();
        Assert.Equal(1 / divisor, x[0], 14);
        Assert.Equal(4 / divisor, x[3], 14);
        Assert.Equal(divisor, r.Outputs.Factors.GetData<double>()[0]);
    }

    [Fact]
    public async Task Normalize_AllZeroAndNegativePixels_LeftUnchangedAndCounted()
    {
        var r = await Run(NormalizeMode.Sum);
        var x = r.Outputs.Image.Data.GetData<double>();
        Assert.Equal([0, 0, 0, 0], x[4..8]);
        Assert.Equal([-1, -2, 0, 1], x[12..16]);
        Assert.Equal(2, r.Metrics["unchanged_pixels"]);
        Assert.All(x, v => Assert.True(double.IsFinite(v)));
        Assert.Equal(1, r.Outputs.Factors.GetData<double>()[1]);
    }

    [Fact]
    public async Task Normalize_Infinity_InvalidInput()
    {
        var data = (double[])Data.Clone();
        data[2] = double.PositiveInfinity;
        await Assert.ThrowsAsync<MethodException>(async () => await new NormalizeMethod().RunAsync(
            new NormalizeInputs { Image = SpectrumImage.FromArray(NdArray.Create(data, 2, 2, 4)) },
            new NormalizeParameters(), PreprocessingData.Context, default));
    }
}
