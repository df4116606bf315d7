using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Nmf.Ard;
using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Tests.Nmf;

public sealed class SolverParityTests
{
    private const double Tolerance = 1e-9;

    [SkippableTheory]
    [InlineData("malspy_NMF_K2_reps3_itr50", 0.0, 50)]
    [InlineData("malspy_NMF_K2_defaults", 0.0, 100)]
    [InlineData("malspy_NMF_SO_K2_wo0.05_reps3_itr50", 0.05, 50)]
    public void HalsSolver_MalspyMode_MatchesReference(string name, double wo, int maxIterations)
    {
        var x = NmfMatrix.FromArray(MalspyReference.LoadSiData());
        var options = new NmfSolverOptions
        {
            Components = 2, Orthogonality = wo, Restarts = 3, MaxIterations = maxIterations, MinIterations = 10,
            Tolerance = 1e-10, MalspyCompatible = true, MalspySeed = 0, Threads = 2,
        };
        var fit = HalsSolver.Fit(x, options, new Xoshiro256StarStar(1), CancellationToken.None);
        Assert.Equal(new[] { 11, 11, 11 }, fit.UpdatesPerRestart);
        var c = MalspyReference.Csv(name + "_C.csv");
        var s = MalspyReference.Csv(name + "_S.csv");
        var obj = MalspyReference.Csv(name + "_obj.csv")[0];
        Assert.Equal(obj.Length, fit.Objective.Length);
        Assert.True(MalspyReference.RelativeError(c, (i, j) => fit.C[(i * 2) + j]) <= Tolerance);
        Assert.True(MalspyReference.RelativeError(s, (i, j) => fit.S[(i * 2) + j]) <= Tolerance);
        Assert.True(MalspyReference.RelativeError([obj], (_, j) => fit.Objective[j]) <= Tolerance);
    }

    [SkippableFact]
    public void ArdSoSolver_MalspyMode_MatchesReference()
    {
        const string name = "malspy_NMF_ARD_SO_K3_wo0.5_reps5_itr50";
        var x = NmfMatrix.FromArray(MalspyReference.LoadSiData());
        var options = new NmfSolverOptions
        {
            Components = 3, Orthogonality = 0.5, Restarts = 5, MaxIterations = 50, MinIterations = 10,
            Tolerance = 1e-10, MalspyCompatible = true, MalspySeed = 0, Threads = 2,
        };
        var fit = ArdSoSolver.Fit(x, options, new Xoshiro256StarStar(1), CancellationToken.None);
        Assert.Equal(new[] { 11, 11, 11, 11, 49 }, fit.UpdatesPerRestart);
        Assert.Equal(2, fit.ComponentsFound);
        var c = MalspyReference.Csv(name + "_C.csv");
        var s = MalspyReference.Csv(name + "_S.csv");
        var obj = MalspyReference.Csv(name + "_obj.csv")[0];
        var lambdas = MalspyReference.Csv(name + "_lambdas.csv");
        Assert.Equal(obj.Length, fit.Objective.Length);
        Assert.True(MalspyReference.RelativeError(c, (i, j) => fit.C[(i * 2) + j]) <= Tolerance, "C");
        Assert.True(MalspyReference.RelativeError(s, (i, j) => fit.S[(i * 2) + j]) <= Tolerance, "S");
        Assert.True(MalspyReference.RelativeError([obj], (_, j) => fit.Objective[j]) <= Tolerance, "obj");
        Assert.True(MalspyReference.RelativeError(lambdas, (t, q) => fit.LambdaTrace[(t * 3) + q]) <= Tolerance, "lambdas");
        Assert.Equal(9.251974114915001e-05, fit.Lambdas[0], 9.251974114915001e-05 * Tolerance);
        Assert.Equal(4.7921871505433315e-05, fit.Lambdas[1], 4.7921871505433315e-05 * Tolerance);
        Assert.Equal(1.2345047667442915e-11, fit.Sigma2, 1.2345047667442915e-11 * Tolerance);
        Assert.Equal(2.6685766718735564e-20, fit.Beta, 2.6685766718735564e-20 * Tolerance);
    }
}
