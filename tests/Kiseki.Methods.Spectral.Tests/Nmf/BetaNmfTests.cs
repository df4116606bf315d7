using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Methods;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Nmf;
using Kiseki.Methods.Spectral.Nmf.Beta;
using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Tests.Nmf;

public sealed class BetaNmfTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public async Task BetaNmf_Phantom_RecoversSpectraWithNonIncreasingDivergence(double beta)
    {
        var phantom = NmfPhantom.Create(32, 32, 128, 3, 50, 7);
        var result = await new BetaNmfMethod().RunAsync(
            new NmfInputs { Image = phantom.Image }, new BetaNmfParameters { Components = 3, Beta = beta, MaxIterations = 300, Restarts = 1 },
            MethodContext.CreateStandalone(4, 2), CancellationToken.None);
        Assert.True(NmfPhantom.WorstMatchedCosine(phantom.Spectra, result.Outputs.Spectra) >= 0.99);
        var curve = result.Outputs.Objective.GetData<double>();
        for (var t = 1; t < curve.Length; t++)
        {
            Assert.True(curve[t] <= curve[t - 1] * (1 + 1e-12), $"divergence rose at {t}");
        }
    }

    [Fact]
    public async Task BetaNmfSo_OneOrTwoThreads_IdenticalBytes()
    {
        var image = NmfMethodTests.Small(true);
        var p = new BetaNmfSoParameters { Components = 3, Beta = 0, MaxIterations = 25 };
        var one = await new BetaNmfSoMethod().RunAsync(new NmfInputs { Image = image }, p, MethodContext.CreateStandalone(9, 1), CancellationToken.None);
        var two = await new BetaNmfSoMethod().RunAsync(new NmfInputs { Image = image }, p, MethodContext.CreateStandalone(9, 2), CancellationToken.None);
        Assert.Equal(NpyFormat.ToBytes(one.Outputs.Spectra), NpyFormat.ToBytes(two.Outputs.Spectra));
        Assert.Equal(NpyFormat.ToBytes(one.Outputs.Residual), NpyFormat.ToBytes(two.Outputs.Residual));
    }

    [Fact]
    public void BetaNmfSolver_WarmStartFromFit_DevianceDoesNotIncrease()
    {
        var image = NmfMethodTests.Small(false);
        var x = NmfMatrix.FromArray(image.Data);
        var options = new NmfSolverOptions { Components = 3, MaxIterations = 30, Restarts = 1 };
        var first = BetaNmfSolver.Fit(x, 0.0, options, new Xoshiro256StarStar(3), CancellationToken.None);
        var again = BetaNmfSolver.Fit(x, 3, 0.0, first.C, first.S, options with { MaxIterations = 10 }, new Xoshiro256StarStar(4), CancellationToken.None);
        Assert.True(again.Deviance <= first.Deviance * (1 + 1e-12));
        Assert.True(again.Deviance > 0);
    }
}
