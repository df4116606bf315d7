using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Tests.Nmf;

public sealed class HalsSinglePassTests
{
    // 47 × 49 = 2303 pixels: five row blocks, none a multiple of four rows.
    private static readonly NmfPhantom Phantom = NmfPhantom.Create(47, 49, 72, k: 3, counts: 40, seed: 11);

    private static NmfMatrix Matrix(bool singles)
    {
        var x = NmfMatrix.FromArray(Phantom.Image.Data);
        return singles ? x.ExactSingles(1) : x;
    }

    private static NmfSolverOptions Options(bool singlePass, int threads, double orthogonality = 0, int iterations = 60)
        => new()
        {
            Components = 3, Restarts = 2, MaxIterations = iterations, MinIterations = iterations, Tolerance = 0,
            Orthogonality = orthogonality, SinglePass = singlePass, Threads = threads,
        };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SinglePass_EqualsTwoPassSweepsWithinRounding(bool singles)
    {
        var x = Matrix(singles);
        var one = HalsSolver.Fit(x, Options(true, 2), new Xoshiro256StarStar(3), default);
        var two = HalsSolver.Fit(x, Options(false, 2), new Xoshiro256StarStar(3), default);

        Assert.Equal(60, one.Objective.Length);
        Assert.Equal(two.BestRestart, one.BestRestart);
        AssertClose(two.Objective, one.Objective, 1e-12);
        AssertClose(two.C, one.C, 1e-12);
        AssertClose(two.S, one.S, 1e-12);
        Assert.NotEqual(two.C, one.C); // a different summation order: the two paths are really distinct
    }

    [Fact]
    public void SinglePass_SameBitsForAnyThreadCount()
    {
        var x = Matrix(false);
        var a = HalsSolver.Fit(x, Options(true, 1, iterations: 20), new Xoshiro256StarStar(8), default);
        var b = HalsSolver.Fit(x, Options(true, 3, iterations: 20), new Xoshiro256StarStar(8), default);

        Assert.Equal(a.C, b.C);
        Assert.Equal(a.S, b.S);
        Assert.Equal(a.Objective, b.Objective);
    }

    [Fact]
    public void SinglePass_IgnoredWithSoftOrthogonality()
    {
        var x = Matrix(false);
        var a = HalsSolver.Fit(x, Options(true, 2, 0.1, 15), new Xoshiro256StarStar(4), default);
        var b = HalsSolver.Fit(x, Options(false, 2, 0.1, 15), new Xoshiro256StarStar(4), default);

        Assert.Equal(b.C, a.C);
        Assert.Equal(b.Objective, a.Objective);
    }

    [Fact]
    public void LaggedOrthogonality_FirstSweepIsPlainHals_ThenTheOverlapApplies_SameBitsForAnyThreadCount()
    {
        var x = Matrix(false);
        var lagged = Options(true, 1, 0.3, 12) with { LaggedOrthogonality = true, Restarts = 1 };
        var a = HalsSolver.Fit(x, lagged, new Xoshiro256StarStar(5), default);
        var b = HalsSolver.Fit(x, lagged with { Threads = 3 }, new Xoshiro256StarStar(5), default);
        var plain = HalsSolver.Fit(x, Options(true, 1, 0, 12) with { Restarts = 1 }, new Xoshiro256StarStar(5), default);
        var exact = HalsSolver.Fit(x, Options(false, 1, 0.3, 12) with { Restarts = 1 }, new Xoshiro256StarStar(5), default);

        Assert.Equal(a.C, b.C);
        Assert.Equal(a.Objective, b.Objective);
        Assert.Equal(plain.Objective[0], a.Objective[0]); // no coefficients before the first sweep
        Assert.NotEqual(plain.Objective[1], a.Objective[1]);
        Assert.NotEqual(exact.Objective[^1], a.Objective[^1]); // an approximation, not the exact NMF-SO update
    }

    [Fact]
    public void SweepFinished_ReportsEverySweepOfEveryRestartInOrder()
    {
        var seen = new List<(int Sweep, double Objective)>();
        var options = Options(true, 2, iterations: 7) with { SweepFinished = (i, v) => seen.Add((i, v)) };
        var fit = HalsSolver.Fit(Matrix(false), options, new Xoshiro256StarStar(2), default);

        Assert.Equal(14, seen.Count);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 0, 1, 2, 3, 4, 5, 6], seen.Select(s => s.Sweep));
        Assert.Equal(fit.Objective, seen.Skip(7 * fit.BestRestart).Take(7).Select(s => s.Objective));
    }

    /// <summary>Every difference within <paramref name="relative"/> times the largest magnitude of <paramref name="expected"/>.</summary>
    internal static void AssertClose(double[] expected, double[] actual, double relative)
    {
        Assert.Equal(expected.Length, actual.Length);
        var scale = expected.Max(Math.Abs);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(worst <= relative * scale, $"largest difference {worst:G3} exceeds {relative:G3} × {scale:G3}");
    }
}
