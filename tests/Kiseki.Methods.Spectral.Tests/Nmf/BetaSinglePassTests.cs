using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Methods;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Nmf;
using Kiseki.Methods.Spectral.Nmf.Beta;
using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Tests.Nmf;

/// <summary>β-NMF with one pass over X per sweep: the two-pass iterates up to summation order, for any thread count.</summary>
public sealed class BetaSinglePassTests
{
    // 37 × 29 = 1073 pixels: three row blocks of odd length (a single row after the KL pairs); 45 channels: a scalar tail.
    private static readonly NmfPhantom Phantom = NmfPhantom.Create(37, 29, 45, k: 4, counts: 30, seed: 5);

    /// <summary>The phantom's counts plus 1/2 (no zeros, so Itakura–Saito applies; exact in float32).</summary>
    private static NmfMatrix Matrix()
        => NmfMatrix.FromDoubles(Phantom.Image.Data.GetData<double>().Select(v => v + 0.5).ToArray(), 37 * 29, 45);

    private static NmfSolverOptions Options(int k, bool singlePass, int threads, int sweeps = 12)
        => new()
        {
            Components = k, Restarts = 2, MaxIterations = sweeps, MinIterations = sweeps, Tolerance = 0, SinglePass = singlePass,
            Threads = threads,
        };

    // β in malspy's convention: −1 Itakura–Saito (β_std 0), 0 KL (1), 1 Euclidean (2), −0.5 and 0.5 (β_std 0.5 and 1.5,
    // exponent γ = 2/3 and 1), 2 (β_std 3, γ = 1/2); K = 4 takes the fused KL kernels, K = 3 the general ones.
    [Theory]
    [InlineData(-1.0, 3)]
    [InlineData(0.0, 4)]
    [InlineData(0.0, 3)]
    [InlineData(1.0, 3)]
    [InlineData(-0.5, 3)]
    [InlineData(0.5, 4)]
    [InlineData(2.0, 3)]
    public void SinglePass_SameIteratesAsTwoPassWithinRounding(double beta, int k)
    {
        var x = Matrix();
        var one = BetaNmfSolver.Fit(x, beta, Options(k, true, 2), new Xoshiro256StarStar(3), default);
        var two = BetaNmfSolver.Fit(x, beta, Options(k, false, 2), new Xoshiro256StarStar(3), default);

        Assert.Equal(two.Objective.Length, one.Objective.Length);
        Assert.Equal(beta == 0 ? 3 : 12, one.Objective.Length);
        Assert.Equal(two.BestRestart, one.BestRestart);
        Assert.Equal(two.UpdatesPerRestart, one.UpdatesPerRestart);
        for (var t = 0; t < one.Objective.Length; t++)
        {
            Assert.True(Math.Abs(one.Objective[t] - two.Objective[t]) <= 1e-9 * two.Objective[t], $"objective {t}: {one.Objective[t]} vs {two.Objective[t]}");
        }

        HalsSinglePassTests.AssertClose(two.C, one.C, 1e-9);
        HalsSinglePassTests.AssertClose(two.S, one.S, 1e-9);
        HalsSinglePassTests.AssertClose(two.PixelDivergence, one.PixelDivergence, 1e-9);
        Assert.Equal(two.Deviance, one.Deviance, 1e-9 * two.Deviance);
        Assert.NotEqual(two.S, one.S); // another summation order: the two paths are really distinct
        Assert.True(one.Objective[^1] < one.Objective[0]);
    }

    [Theory]
    [InlineData(0.0, 4)]
    [InlineData(0.5, 3)]
    public void SinglePass_SameBitsForAnyThreadCount(double beta, int k)
    {
        var x = Matrix();
        var a = BetaNmfSolver.Fit(x, beta, Options(k, true, 1, 9), new Xoshiro256StarStar(8), default);
        var b = BetaNmfSolver.Fit(x, beta, Options(k, true, 3, 9), new Xoshiro256StarStar(8), default);

        Assert.Equal(a.C, b.C);
        Assert.Equal(a.S, b.S);
        Assert.Equal(a.Objective, b.Objective);
        Assert.Equal(a.PixelDivergence, b.PixelDivergence);
    }

    [Fact]
    public void SinglePass_KlConvergence_StopsOnTheSameEvaluationAsTwoPass()
    {
        var options = Options(3, true, 2, 400) with { MinIterations = 10, Tolerance = 1e-5, Restarts = 1 };
        var one = BetaNmfSolver.Fit(Matrix(), 0, options, new Xoshiro256StarStar(2), default);
        var two = BetaNmfSolver.Fit(Matrix(), 0, options with { SinglePass = false }, new Xoshiro256StarStar(2), default);

        Assert.True(one.Converged);
        Assert.True(one.UpdatesPerRestart[0] < 400 && one.UpdatesPerRestart[0] % BetaNmfSolver.KlObjectiveInterval == 0);
        Assert.Equal(two.UpdatesPerRestart, one.UpdatesPerRestart);
        Assert.Equal(two.Converged, one.Converged);
    }

    [Fact]
    public void SpectraSums_Rescale_GivesTheSumsOfTheRescaledMaps()
    {
        // the sums of (C, S), rescaled afterwards, against the sums of (C/ν, S·ν) computed directly
        const int n = 300, m = 20, k = 3;
        var random = new Xoshiro256StarStar(4);
        var x = NmfMatrix.FromDoubles(Enumerable.Range(0, n * m).Select(_ => 1.0 + random.NextPoisson(5.0)).ToArray(), n, m);
        var c = Enumerable.Range(0, n * k).Select(_ => 0.1 + random.NextDouble()).ToArray();
        var sT = Enumerable.Range(0, k * m).Select(_ => 0.1 + random.NextDouble()).ToArray();
        var settings = new BetaSettings(k, 0.5, 1e-12, 2);
        var sums = new BetaSpectraSums(k, m, withDenominator: true);
        sums.SetToTotalOf([Sums(x, c, sT, settings)]);
        var rescaledC = (double[])c.Clone();
        var rescaledS = (double[])sT.Clone();
        sums.Rescale(rescaledC, rescaledS, n, 2);
        var direct = Sums(x, rescaledC, rescaledS, settings);

        for (var q = 0; q < k; q++)
        {
            Assert.Equal(1, Enumerable.Range(0, n).Sum(i => rescaledC[(i * k) + q] * rescaledC[(i * k) + q]), 1e-12);
        }

        HalsSinglePassTests.AssertClose(direct.Num, sums.Num, 1e-12);
        HalsSinglePassTests.AssertClose(direct.Den!, sums.Den!, 1e-12);
        Assert.True(Math.Abs(direct.Num[0] - Sums(x, c, sT, settings).Num[0]) > 1e-3 * direct.Num[0]); // the correction is not 1
    }

    private static BetaSpectraSums Sums(NmfMatrix x, double[] c, double[] sT, BetaSettings s)
    {
        var sums = new BetaSpectraSums(s.Components, x.Columns, withDenominator: true);
        BetaKernels.SpectraPass(x, c, sT, s.Components, s.Beta, s.Floor, sums.Num, sums.Den!, null, 1);
        for (var i = 0; i < x.Rows; i++)
        {
            sums.AddRow(c, i, 0, null);
        }

        return sums;
    }

    [Fact]
    public async Task Method_Version3_OneOrTwoThreads_IdenticalBytes_MalspyModeAsVersion2()
    {
        var image = NmfPhantom.Create(33, 31, 21, 4, 20, 3).Image;
        var p = new BetaNmfParameters { Components = 4, Beta = 0, MaxIterations = 12, Restarts = 2 };
        var one = await Run(new BetaNmfOnePassMethod(), image, p, 1);
        var two = await Run(new BetaNmfOnePassMethod(), image, p, 2);
        foreach (var (a, b) in Outputs(one).Zip(Outputs(two)))
        {
            Assert.Equal(NpyFormat.ToBytes(a), NpyFormat.ToBytes(b));
        }

        var malspy = p with { Compat = NmfCompat.Malspy040, MaxIterations = 5 };
        var v3 = await Run(new BetaNmfOnePassMethod(), image, malspy, 2);
        var v2 = await Run(new BetaNmfMethod(), image, malspy, 2);
        foreach (var (a, b) in Outputs(v2).Zip(Outputs(v3)))
        {
            Assert.Equal(NpyFormat.ToBytes(a), NpyFormat.ToBytes(b));
        }
    }

    private static Task<MethodResult<NmfOutputs>> Run<TMethod>(TMethod method, Abstractions.Artifacts.SpectrumImage image, BetaNmfParameters p, int threads)
        where TMethod : IMethod<BetaNmfParameters, NmfInputs, NmfOutputs>
        => method.RunAsync(new NmfInputs { Image = image }, p, MethodContext.CreateStandalone(9, threads), CancellationToken.None).AsTask();

    private static NdArray[] Outputs(MethodResult<NmfOutputs> r)
        => [r.Outputs.Maps, r.Outputs.Spectra, r.Outputs.Objective, r.Outputs.Residual];
}
