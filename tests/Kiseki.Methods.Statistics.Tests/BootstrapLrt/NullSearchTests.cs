using Kiseki.Abstractions.Methods;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Synthetic;
using Kiseki.Methods.Statistics.BootstrapLrt;

namespace Kiseki.Methods.Statistics.Tests.BootstrapLrt;

public sealed class NullSearchTests
{
    // 8×8×32, 4 components, 20 counts per pixel: the greedy chain's rank-4 fit of this phantom is a local optimum whose
    // deviance lies about 50 above the fit started at the true factors (T inflated by about 100 against a typical 90).
    private static readonly Phantom Stuck = PhantomGenerator.Generate(
        new PhantomOptions { Rows = 8, Cols = 8, Channels = 32, Components = 4, Counts = 20 }, new Xoshiro256StarStar(1009));

    [Fact]
    public void Run_ChainStuckInALocalOptimum_TestsAgainstTheSearchedNull()
    {
        var fitter = new RankFitter(CountNoise.QuasiPoisson, 2000, 1e-8, 0);
        var set = fitter.Prepare(Stuck.Data, 64, 32);
        var oracle = fitter.Refit(set, new RankFit(Stuck.TrueMaps, Stuck.TrueSpectra, 4, 0, 0), default).Deviance;
        var parameters = new BootstrapLrtParameters { Alpha = 0.05, Replicates = 19, MaxComponents = 5 };

        var chained = BootstrapLrtSolver.Run(Stuck.Data, 64, 32, parameters with { Restarts = 0 }, new Xoshiro256StarStar(3), 1, null, default, firstTest: 5).Steps[^1];
        var searched = BootstrapLrtSolver.Run(Stuck.Data, 64, 32, parameters, new Xoshiro256StarStar(3), 1, null, default, firstTest: 5).Steps[^1];

        // Without the search the null sits in the worse optimum (the case is a real one); with it the null reaches the
        // true factors' optimum, and T falls by the gap.
        Assert.True(chained.NullDeviance - oracle > 20, $"chain {chained.NullDeviance}, oracle {oracle}");
        Assert.InRange(searched.NullDeviance - oracle, -1.0, 1.0);
        Assert.True(searched.Statistic < chained.Statistic - 40, $"T searched {searched.Statistic}, chained {chained.Statistic}");
    }

    [Fact]
    public void Search_EqualOptimumFromARandomStart_KeepsTheGrownFit()
    {
        // A well-determined rank: random starts reach the same optimum (components in another order). The grown fit is
        // kept, so the next alternative's coordinate-descent path, and T, do not depend on the restarts.
        var phantom = PhantomGenerator.Generate(new PhantomOptions { Rows = 12, Cols = 12, Channels = 48, Components = 2, Counts = 400 }, new Xoshiro256StarStar(4));
        var fitter = new RankFitter(CountNoise.QuasiPoisson, 2000, 1e-8, 3);
        var set = fitter.Prepare(phantom.Data, 144, 48);
        var grown = fitter.Next(set, fitter.First(set, new Xoshiro256StarStar(1), default), default);
        Assert.Same(grown, fitter.Search(set, grown, new Xoshiro256StarStar(2), default));
    }

    [Fact]
    public async Task RunAsync_AlternativeWithTooManyParametersPerEntry_RefusesNamingTheRatio()
    {
        // 8×8×32: the 5-vs-6 test's alternative has 6·(64+32−6)/2048 = 0.26 free parameters per entry, above the 0.25
        // where the calibration shows the size broken; the phantom has 6 components, so every earlier test rejects.
        var (image, _) = PhantomImages.Make(6, counts: 1000, seed: 3, rows: 8, cols: 8, channels: 32);
        var parameters = new BootstrapLrtParameters { Alpha = 0.05, Replicates = 19, MaxComponents = 7 };
        var error = await Assert.ThrowsAsync<MethodException>(() => BootstrapLrtMethodTests.Run(image, parameters, 1).AsTask());
        Assert.Equal("image", error.Subject);
        Assert.Contains("free parameters per pixel and channel", error.Message);
        Assert.Contains("rank-6 alternative has 0.264", error.Message);
    }
}
