using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Nmf.Ard;
using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Tests.Nmf;

public sealed class IntegerInputTests
{
    [Fact]
    public void FromArray_UInt16Counts_StoredAsFloat32WithTheSameValues()
    {
        var counts = new ushort[] { 0, 1, 65535, 300, 7, 12 };
        var x = NmfMatrix.FromArray(NdArray.Create(counts, 2, 3));

        Assert.Null(x.Doubles);
        Assert.Equal(counts.Select(c => (float)c), x.Singles!);
        Assert.Equal(65535.0, x[0, 2]);
    }

    [Theory]
    [InlineData(0.0, false)]
    [InlineData(0.1, false)]
    [InlineData(0.1, true)]
    public void Solvers_UInt16Data_BitIdenticalToTheSameValuesAsFloat64(double orthogonality, bool ard)
    {
        const int n = 300, m = 37;
        var random = new Xoshiro256StarStar(5);
        var counts = new ushort[n * m];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = (ushort)random.NextPoisson(20 + (30 * ((i / m) % 3 == 0 ? 1 : 0)) + (i % m));
        }

        var asUInt16 = NmfMatrix.FromArray(NdArray.Create(counts, 10, 30, m));
        var asDouble = NmfMatrix.FromArray(NdArray.Create(counts.Select(c => (double)c).ToArray(), 10, 30, m));
        var options = new NmfSolverOptions
        {
            Components = 3, Orthogonality = orthogonality, Restarts = 2, MaxIterations = 25, MinIterations = 25, Tolerance = 0, Threads = 2,
        };
        var a = ard ? ArdSoSolver.Fit(asUInt16, options, new Xoshiro256StarStar(9), default).C : HalsSolver.Fit(asUInt16, options, new Xoshiro256StarStar(9), default).C;
        var b = ard ? ArdSoSolver.Fit(asDouble, options, new Xoshiro256StarStar(9), default).C : HalsSolver.Fit(asDouble, options, new Xoshiro256StarStar(9), default).C;

        Assert.NotNull(asUInt16.Singles);
        Assert.Equal(b, a);
        Assert.Contains(a, v => v > 0);
    }
}
