using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Statistics.BootstrapLrt;

namespace Kiseki.Methods.Statistics.Tests.BootstrapLrt;

public sealed class BootstrapLrtMethodTests
{
    private static readonly BootstrapLrtParameters Fast = new() { Alpha = 0.1, Replicates = 19, MaxComponents = 4, Restarts = 1, MaxIterations = 100 };

    [Theory]
    [InlineData(2, 11UL)]
    [InlineData(3, 12UL)]
    public async Task RunAsync_PoissonPhantom_FindsTrueComponentCount(int components, ulong seed)
    {
        var (image, _) = PhantomImages.Make(components, counts: 50, seed: seed, rows: 16, cols: 16, channels: 64);
        var result = await Run(image, Fast, seed);

        // Every test up to the true K must reject (power); the K_true vs K_true+1 test rejects wrongly with
        // probability about alpha, so one seed may stop one later (calibration is measured by bench/Count).
        var (found, atLeast) = Found(result);
        Assert.InRange(found, components, components + 1);
        Assert.Equal(atLeast, !result.Convergence.Converged);
        var table = result.Outputs.Table;
        var p = table["p_value"].Numbers!;
        Assert.All(p[..(components - 1)], v => Assert.True(v < Fast.Alpha, $"p = {v} should reject below the true K"));
        Assert.Equal(!atLeast, p[^1] > Fast.Alpha);
        Assert.All(table["statistic"].Numbers!, t => Assert.True(t >= -1e-6, $"T = {t} must be non-negative (warm start)"));
    }

    [Fact]
    public async Task RunAsync_SameSeedDifferentThreads_IdenticalTable()
    {
        var (image, _) = PhantomImages.Make(2, counts: 50, seed: 5, rows: 16, cols: 16, channels: 64);
        var one = await Run(image, Fast, 99, threads: 1);
        var two = await Run(image, Fast, 99, threads: 2);
        Assert.Equal(one.Outputs.Table.ToCsv(), two.Outputs.Table.ToCsv());
    }

    [Fact]
    public async Task RunAsync_NonIntegerCountsWithPoisson_RefusesSuggestingGaussian()
    {
        var data = Enumerable.Range(0, 4 * 4 * 8).Select(i => i * 0.5).ToArray();
        var image = SpectrumImage.FromArray(NdArray.Create(data, 4, 4, 8));
        var error = await Assert.ThrowsAsync<MethodException>(() => Run(image, Fast with { Noise = CountNoise.Poisson }, 1).AsTask());
        Assert.Contains("noise: gaussian", error.Message);
        Assert.Contains("noise: quasi-poisson", error.Message);
    }

    [Fact]
    public async Task RunAsync_TooFewReplicates_RefusesNamingTheParameter()
    {
        var (image, _) = PhantomImages.Make(2, counts: 50, seed: 5, rows: 8, cols: 8, channels: 32);
        var error = await Assert.ThrowsAsync<MethodException>(() => Run(image, Fast with { Replicates = 10 }, 1).AsTask());
        Assert.Equal("replicates", error.Subject);
    }

    [Fact]
    public async Task RunAsync_ReplicatesThatCannotReachAlpha_RefusesWithTheNeededCount()
    {
        var (image, _) = PhantomImages.Make(2, counts: 50, seed: 5, rows: 8, cols: 8, channels: 32);
        var error = await Assert.ThrowsAsync<MethodException>(
            () => Run(image, Fast with { Alpha = 0.04, Replicates = 19 }, 1).AsTask());
        Assert.Equal("replicates", error.Subject);
        Assert.Contains("at least 24 replicates", error.Message);
    }

    [Fact]
    public async Task RunAsync_MaxComponentsAboveMatrixRank_Refuses()
    {
        var data = Enumerable.Range(0, 2 * 2 * 3).Select(i => (double)(i % 5)).ToArray();
        var image = SpectrumImage.FromArray(NdArray.Create(data, 2, 2, 3));
        var error = await Assert.ThrowsAsync<MethodException>(() => Run(image, Fast with { MaxComponents = 4 }, 1).AsTask());
        Assert.Equal("max_components", error.Subject);
    }

    [Fact]
    public async Task RunAsync_GaussianNoiseOnScaledPhantom_FindsTrueComponentCount()
    {
        var phantom = Kiseki.Methods.Spectral.Synthetic.PhantomGenerator.Generate(
            new Kiseki.Methods.Spectral.Synthetic.PhantomOptions
            {
                Rows = 12, Cols = 12, Channels = 48, Components = 2, Counts = 400,
                Noise = Kiseki.Methods.Spectral.Synthetic.PhantomNoise.None,
            },
            new Kiseki.Abstractions.Randomness.Xoshiro256StarStar(21));
        var noise = new Kiseki.Abstractions.Randomness.Xoshiro256StarStar(22);
        var data = phantom.Data.Select(v => v + (0.5 * Kiseki.Abstractions.Randomness.RandomSourceExtensions.NextGaussian(noise))).ToArray();
        var input = SpectrumImage.FromArray(NdArray.Create(data, 12, 12, 48));
        var result = await Run(input, Fast with { Noise = CountNoise.Gaussian, MaxComponents = 3 }, 3);
        Assert.True(result.Outputs.Table["p_value"].Numbers![0] < Fast.Alpha, "the 1 vs 2 test must reject");
        Assert.InRange(Found(result).Value, 2, 3);
    }

    /// <summary>components_found: an integer, or {"at_least": n} when every test rejected.</summary>
    internal static (long Value, bool AtLeast) Found(MethodResult<BootstrapLrtOutputs> result)
        => result.Outputs.ComponentsFound.Value is System.Text.Json.Nodes.JsonObject bound
            ? (bound["at_least"]!.GetValue<long>(), true)
            : (result.Outputs.ComponentsFound.Value.GetValue<long>(), false);

    internal static ValueTask<MethodResult<BootstrapLrtOutputs>> Run(SpectrumImage image, BootstrapLrtParameters parameters, ulong seed, int threads = 2)
        => new BootstrapLrtMethod().RunAsync(
            new BootstrapLrtInputs { Image = image }, parameters, MethodContext.CreateStandalone(seed, threads), default);
}
