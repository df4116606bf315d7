using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Nmf.Beta;
using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Tests.Nmf;

public sealed class BetaParityTests
{
    [SkippableFact]
    public void BetaNmfSolver_MalspyModeKl_MatchesReference()
    {
        const string name = "malspy_BetaNMF_K2_beta0_reps3_itr50";
        var x = NmfMatrix.FromArray(MalspyReference.LoadSiData());
        var fit = BetaNmfSolver.Fit(x, 0.0, Options(0), new Xoshiro256StarStar(1), CancellationToken.None);
        Assert.Equal(new[] { 23, 22, 24 }, fit.UpdatesPerRestart);
        var obj = MalspyReference.Csv(name + "_obj.csv")[0];
        Assert.Equal(obj.Length, fit.Objective.Length);
        Assert.True(MalspyReference.RelativeError([obj], (_, j) => fit.Objective[j]) <= 1e-9, "obj");
        Assert.True(MalspyReference.RelativeError(MalspyReference.Csv(name + "_C.csv"), (i, j) => fit.C[(i * 2) + j]) <= 1e-9, "C");
        Assert.True(MalspyReference.RelativeError(MalspyReference.Csv(name + "_S.csv"), (i, j) => fit.S[(i * 2) + j]) <= 1e-9, "S");
        var e = MalspyReference.Csv(name + "_E.csv");
        Assert.True(MalspyReference.RelativeError(e, (i, j) => fit.PixelDivergence[(i * 22) + j]) <= 1e-9, "E");
    }

    [SkippableFact]
    public void BetaNmfSolver_MalspyModeKlWithOrthogonality_MatchesDigestLog()
    {
        var x = NmfMatrix.FromArray(MalspyReference.LoadSiData());
        var fit = BetaNmfSolver.Fit(x, 0.0, Options(0.1), new Xoshiro256StarStar(1), CancellationToken.None);
        Assert.Equal(new[] { 19, 49, 49 }, fit.UpdatesPerRestart);
        Assert.Equal(18, fit.Objective.Length);
        Assert.Equal(1.75611660e-06, fit.Objective[^1], 1e-14);
    }

    private static NmfSolverOptions Options(double wo) => new()
    {
        Components = 2, Orthogonality = wo, Restarts = 3, MaxIterations = 50, MinIterations = 10, Tolerance = 1e-10,
        MalspyCompatible = true, MalspySeed = 0, Threads = 2,
    };
}
