using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Statistics.Scree;

namespace Kiseki.Methods.Statistics.Tests.Scree;

public sealed class ScreeMethodTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task RunAsync_PoissonPhantom_FindsTrueComponentCount(int components)
    {
        var (image, _) = PhantomImages.Make(components, counts: 500, seed: 7, rows: 48, cols: 48, channels: 128);
        var result = await new ScreeMethod().RunAsync(
            new ScreeInputs { Image = image }, new ScreeParameters(), MethodContext.CreateStandalone(), default);

        Assert.Equal(components, result.Outputs.ComponentsFound.Value.GetValue<long>());
        var ratios = result.Outputs.Table["explained_variance_ratio"].Numbers!;
        Assert.True(ratios.Zip(ratios.Skip(1)).All(p => p.First >= p.Second), "ratios must be descending");
        Assert.True(ratios.Sum() <= 1 + 1e-9);
    }

    [Fact]
    public void Position_SharpDropAfterThree_ReturnsThree()
    {
        double[] ratios = [0.5, 0.3, 0.15, 1e-4, 9e-5, 8e-5, 7e-5, 6e-5, 5e-5, 4e-5];
        Assert.Equal(3, ScreeElbow.Position(ratios));
    }

    [Fact]
    public async Task RunAsync_NegativeCountsWithPoissonScaling_RefusesNamingThePixel()
    {
        var data = new double[3 * 3 * 4];
        Array.Fill(data, 1.0);
        data[5] = -2;
        var image = SpectrumImage.FromArray(NdArray.Create(data, 3, 3, 4));
        var error = await Assert.ThrowsAsync<MethodException>(async () => await new ScreeMethod().RunAsync(
            new ScreeInputs { Image = image }, new ScreeParameters(), MethodContext.CreateStandalone(), default));
        Assert.Contains("pixel 1, channel 1", error.Message);
        Assert.Contains("poisson_scaling: false", error.Message);
    }

    [Fact]
    public async Task RunAsync_ConstantImage_RefusesWithoutVariance()
    {
        var data = new double[4 * 4 * 8];
        Array.Fill(data, 3.0);
        var image = SpectrumImage.FromArray(NdArray.Create(data, 4, 4, 8));
        var error = await Assert.ThrowsAsync<MethodException>(async () => await new ScreeMethod().RunAsync(
            new ScreeInputs { Image = image }, new ScreeParameters { PoissonScaling = false, Centre = true },
            MethodContext.CreateStandalone(), default));
        Assert.Contains("no variance", error.Message);
    }
}

public sealed class ScreeElbowTests
{
    [Fact]
    public void Position_MarginalPointBeforeSlopingFloor_WalksBackToTheJump()
    {
        // A point 1.4× above a gently sloping floor: the chord rule alone picks index 3.
        double[] ratios = [0.587, 0.293, 2.39e-3, 1.73e-3, 1.67e-3, 1.64e-3, 1.62e-3, 1.61e-3, 1.6e-3, 1.59e-3];
        Assert.Equal(2, ScreeElbow.Position(ratios));
    }
}
