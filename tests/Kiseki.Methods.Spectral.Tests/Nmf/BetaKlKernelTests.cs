using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Nmf;
using Kiseki.Methods.Spectral.Nmf.Beta;
using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Tests.Nmf;

/// <summary>The fused KL kernels (four components, two rows per sweep), the objective cadence and the float32 copy.</summary>
public sealed class BetaKlKernelTests
{
    [Theory]
    [InlineData(1.0, false, 37)]
    [InlineData(0.3, false, 37)]
    [InlineData(1.0, true, 37)]
    [InlineData(1.0, false, 5)]
    [InlineData(1.0, false, 300)]
    public void BetaNmfSolver_KlFourComponents_MatchesDenseMultiplicativeUpdates(double scale, bool subnormal, int m)
    {
        // odd pixel count (a single row after the pairs); channels: a scalar tail after the vectors (37), no vectors
        // at all (5), or several stretches of kept models and ratios (300)
        const int n = 35, k = 4, sweeps = 12;
        var random = new Xoshiro256StarStar(5);
        var x = new double[n * m];
        for (var i = 0; i < x.Length; i++)
        {
            x[i] = random.NextPoisson(6) * scale;
        }

        if (subnormal)
        {
            // ratios below the normal range: the fused pass hands those rows' divergence to the general kernel
            x[3] = 1e-310;
            x[(20 * m) + 9] = 4e-320;
        }

        var c0 = new double[n * k];
        var s0 = new double[m * k];
        for (var i = 0; i < c0.Length; i++)
        {
            c0[i] = 0.2 + random.NextDouble();
        }

        for (var i = 0; i < s0.Length; i++)
        {
            s0[i] = 0.2 + random.NextDouble();
        }

        var options = new NmfSolverOptions { Components = k, MaxIterations = sweeps, MinIterations = sweeps, Tolerance = 0, Restarts = 1, Threads = 1 };
        var fit = BetaNmfSolver.Fit(NmfMatrix.FromDoubles(x, n, m), k, 0.0, (double[])c0.Clone(), (double[])s0.Clone(), options,
            new Xoshiro256StarStar(1), CancellationToken.None);
        var (c, s, deviance) = DenseKl(x, n, m, k, c0, s0, sweeps);
        for (var i = 0; i < c.Length; i++)
        {
            Assert.Equal(c[i], fit.C[i], 1e-10 * Math.Max(1, Math.Abs(c[i])));
        }

        for (var i = 0; i < s.Length; i++)
        {
            Assert.True(Math.Abs(s[i] - fit.S[i]) <= 1e-9 * Math.Max(1, Math.Abs(s[i])), $"S[{i}]: {fit.S[i]} vs {s[i]}");
        }

        Assert.True(Math.Abs(deviance - fit.Deviance) <= 1e-10 * deviance, $"deviance {fit.Deviance} vs {deviance}");
        Assert.Equal([sweeps], fit.UpdatesPerRestart);
        Assert.Equal(3, fit.Objective.Length); // after sweeps 5 and 10, and after the last
        Assert.Equal(fit.Deviance / (n * m), fit.Objective[^1]);
    }

    [Fact]
    public async Task BetaNmf_KlFourComponentsOddBlocksOneOrTwoThreads_IdenticalBytes()
    {
        // 1023 pixels: two row blocks of odd length; 21 channels: a scalar tail
        var image = NmfPhantom.Create(33, 31, 21, 4, 20, 3).Image;
        var p = new BetaNmfParameters { Components = 4, Beta = 0, MaxIterations = 12, Restarts = 2 };
        var one = await new BetaNmfMethod().RunAsync(new NmfInputs { Image = image }, p, MethodContext.CreateStandalone(9, 1), CancellationToken.None);
        var two = await new BetaNmfMethod().RunAsync(new NmfInputs { Image = image }, p, MethodContext.CreateStandalone(9, 2), CancellationToken.None);
        Assert.Equal(NpyFormat.ToBytes(one.Outputs.Maps), NpyFormat.ToBytes(two.Outputs.Maps));
        Assert.Equal(NpyFormat.ToBytes(one.Outputs.Spectra), NpyFormat.ToBytes(two.Outputs.Spectra));
        Assert.Equal(NpyFormat.ToBytes(one.Outputs.Objective), NpyFormat.ToBytes(two.Outputs.Objective));
        Assert.Equal(NpyFormat.ToBytes(one.Outputs.Residual), NpyFormat.ToBytes(two.Outputs.Residual));
    }

    [Fact]
    public async Task BetaNmf_Kl_ObjectiveEveryFifthSweepIterationsInSweeps()
    {
        var image = NmfPhantom.Create(12, 12, 40, 3, 30, 2).Image;
        var p = new BetaNmfParameters { Components = 3, Beta = 0, MaxIterations = 23, Restarts = 1, Tolerance = 1e-300 };
        var result = await new BetaNmfMethod().RunAsync(new NmfInputs { Image = image }, p, MethodContext.CreateStandalone(4, 1), CancellationToken.None);
        var curve = result.Outputs.Objective.GetData<double>();
        Assert.Equal(5, curve.Length); // sweeps 5, 10, 15, 20 and 23
        var record = result.Outputs.Convergence.Value.AsObject();
        Assert.Equal(23, (int)record["iterations"]!);
        Assert.Equal(5, (int)record["objective_interval"]!);
        Assert.Equal(23, result.Convergence.Iterations);
        Assert.Equal(curve[^1], result.Metrics["objective"]);
        for (var t = 1; t < curve.Length; t++)
        {
            Assert.True(curve[t] <= curve[t - 1] * (1 + 1e-12), $"divergence rose at {t}");
        }
    }

    [Fact]
    public async Task BetaNmf_Euclidean_ObjectiveEverySweep()
    {
        var image = NmfPhantom.Create(12, 12, 40, 3, 30, 2).Image;
        var p = new BetaNmfParameters { Components = 3, Beta = 1, MaxIterations = 23, Restarts = 1, Tolerance = 1e-300 };
        var result = await new BetaNmfMethod().RunAsync(new NmfInputs { Image = image }, p, MethodContext.CreateStandalone(4, 1), CancellationToken.None);
        Assert.Equal(23, result.Outputs.Objective.Shape[0]);
        Assert.Null(result.Outputs.Convergence.Value.AsObject()["objective_interval"]);
    }

    [Fact]
    public void NmfMatrix_ExactSingles_CountsCopiedAsFloat32OtherValuesKept()
    {
        var counts = new double[] { 0, 1, 2, 16777216, -0.0, 7, 3, 5, 1e30 * 0, 4 };
        var compact = NmfMatrix.FromDoubles(counts, 5, 2).ExactSingles(2);
        Assert.NotNull(compact.Singles);
        Assert.Equal(counts, compact.Singles!.Select(v => (double)v).ToArray());
        var fractional = NmfMatrix.FromDoubles([0, 1, 2, 0.1], 2, 2);
        Assert.Same(fractional, fractional.ExactSingles(1));
        var large = NmfMatrix.FromDoubles([0, 1, 2, 16777217], 2, 2);
        Assert.Same(large, large.ExactSingles(1));
    }

    /// <summary>The KL multiplicative updates written out densely: S first, then C, then unit-L2 map columns.</summary>
    private static (double[] C, double[] S, double Deviance) DenseKl(double[] x, int n, int m, int k, double[] c0, double[] s0, int sweeps)
    {
        var floor = Math.Max(x.Sum() / (n * m), double.Epsilon) * 1e-12;
        var c = (double[])c0.Clone();
        var s = (double[])s0.Clone();
        for (var t = 0; t < sweeps; t++)
        {
            var r = Ratios(x, c, s, n, m, k, floor);
            for (var q = 0; q < k; q++)
            {
                var den = 0.0;
                for (var i = 0; i < n; i++)
                {
                    den += c[(i * k) + q];
                }

                for (var j = 0; j < m; j++)
                {
                    var num = 0.0;
                    for (var i = 0; i < n; i++)
                    {
                        num += c[(i * k) + q] * r[(i * m) + j];
                    }

                    s[(j * k) + q] *= num / den;
                }
            }

            r = Ratios(x, c, s, n, m, k, floor);
            for (var q = 0; q < k; q++)
            {
                var den = 0.0;
                for (var j = 0; j < m; j++)
                {
                    den += s[(j * k) + q];
                }

                for (var i = 0; i < n; i++)
                {
                    var num = 0.0;
                    for (var j = 0; j < m; j++)
                    {
                        num += s[(j * k) + q] * r[(i * m) + j];
                    }

                    c[(i * k) + q] *= num / den;
                }
            }

            for (var q = 0; q < k; q++)
            {
                var norm = Math.Sqrt(Enumerable.Range(0, n).Sum(i => c[(i * k) + q] * c[(i * k) + q]));
                for (var i = 0; i < n; i++)
                {
                    c[(i * k) + q] /= norm;
                }

                for (var j = 0; j < m; j++)
                {
                    s[(j * k) + q] *= norm;
                }
            }
        }

        var deviance = 0.0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                deviance += BetaDivergence.Of(x[(i * m) + j], Model(c, s, i, j, k, floor), 0);
            }
        }

        return (c, s, deviance);
    }

    private static double[] Ratios(double[] x, double[] c, double[] s, int n, int m, int k, double floor)
    {
        var r = new double[n * m];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                r[(i * m) + j] = x[(i * m) + j] / Model(c, s, i, j, k, floor);
            }
        }

        return r;
    }

    private static double Model(double[] c, double[] s, int i, int j, int k, double floor)
    {
        var y = 0.0;
        for (var q = 0; q < k; q++)
        {
            y += c[(i * k) + q] * s[(j * k) + q];
        }

        return Math.Max(y, floor);
    }
}
