using System.Numerics;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Transport.Grid;
using Kiseki.Methods.Transport.Sampling;

namespace Kiseki.Methods.Transport.Tests;

public sealed class SamplingTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(8)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(12)]
    public void Fft1D_MatchesNaiveDft(int n)
    {
        var random = new Xoshiro256StarStar((ulong)n);
        var x = Enumerable.Range(0, n).Select(_ => new Complex(random.NextGaussian(), random.NextGaussian())).ToArray();
        var re = x.Select(c => c.Real).ToArray();
        var im = x.Select(c => c.Imaginary).ToArray();
        new Fft1D(n).Transform(re, im, inverse: false);
        for (var k = 0; k < n; k++)
        {
            var expected = Complex.Zero;
            for (var j = 0; j < n; j++)
            {
                expected += x[j] * Complex.FromPolarCoordinates(1, -2 * Math.PI * j * k / n);
            }

            Assert.Equal(expected.Real, re[k], 10);
            Assert.Equal(expected.Imaginary, im[k], 10);
        }

        new Fft1D(n).Transform(re, im, inverse: true);
        for (var j = 0; j < n; j++)
        {
            Assert.Equal(x[j].Real, re[j], 10);
            Assert.Equal(x[j].Imaginary, im[j], 10);
        }
    }

    [Fact]
    public void TorusGp_OnePointMean_MatchesKernelFormula()
    {
        var grid = new PeriodicGrid([6, 5, 4]);
        var h = new SurfaceHyperparameters(0.3, 1.5, 1e-3, 0.2);
        var gp = new TorusGaussianProcess(grid, h);
        var at = grid.IndexOf(2, 3, 1);
        Assert.True(gp.Add(at, 2.0));
        var mean = gp.Mean();
        var alpha = (2.0 - 0.3) / ((1.5 * 1.5) + 1e-6);
        for (var p = 0; p < grid.Count; p++)
        {
            Assert.Equal(0.3 + (gp.Kernel(p, at) * alpha), mean[p], 10);
        }
    }

    [Fact]
    public void TorusGp_Kernel_IsPeriodicSquaredExponentialOnEmbedding()
    {
        var grid = new PeriodicGrid([8, 8]);
        var h = new SurfaceHyperparameters(0, 2, 1e-3, 0.15);
        var gp = new TorusGaussianProcess(grid, h);
        var p = grid.IndexOf(1, 7);
        var q = grid.IndexOf(6, 2);
        var ep = SurfaceHyperparameters.Embed(grid.FractionalOf(p));
        var eq = SurfaceHyperparameters.Embed(grid.FractionalOf(q));
        var d2 = ep.Zip(eq, (a, b) => (a - b) * (a - b)).Sum();
        Assert.Equal(4 * Math.Exp(-d2 / (2 * 0.15 * 0.15)), gp.Kernel(p, q), 12);
    }

    [Fact]
    public void TorusGp_Samples_InterpolateDataAndMatchPriorVariance()
    {
        var grid = new PeriodicGrid([16, 16]);
        var gp = new TorusGaussianProcess(grid, new SurfaceHyperparameters(0, 1, 1e-4, 0.1));
        var points = new[] { 0, 17, 100, 200 };
        foreach (var p in points)
        {
            gp.Add(p, p / 100.0);
        }

        var workspace = new TorusGaussianProcess.Workspace(grid);
        var a = new double[grid.Count];
        var b = new double[grid.Count];
        var random = new Xoshiro256StarStar(5);
        var far = grid.IndexOf(8, 12);
        double sum = 0, sum2 = 0;
        const int pairs = 400;
        for (var s = 0; s < pairs; s++)
        {
            gp.SamplePair(random, workspace, a, b);
            foreach (var p in points)
            {
                Assert.Equal(p / 100.0, a[p], 2);
                Assert.Equal(p / 100.0, b[p], 2);
            }

            sum += a[far] + b[far];
            sum2 += (a[far] * a[far]) + (b[far] * b[far]);
        }

        // Far from the data the posterior is close to the prior: variance ≈ s² = 1 (within sampling error).
        var mean = sum / (2 * pairs);
        var variance = (sum2 / (2 * pairs)) - (mean * mean);
        var expectedMean = gp.Mean()[far];
        Assert.InRange(mean - expectedMean, -0.15, 0.15);
        Assert.InRange(variance, 0.8, 1.2);
    }

    [Fact]
    public void ProfileLikelihoodFit_SmoothSurface_RecoversSensibleLength()
    {
        var grid = new PeriodicGrid([32, 32]);
        var energies = Kiseki.Methods.Transport.PesGrid.PesGridSolver.Fourier(grid, [[-1, 1, 0], [-1, 0, 1]]);
        var points = new Xoshiro256StarStar(2).SampleWithoutReplacement(grid.Count, 60);
        var h = ProfileLikelihoodFit.Fit(grid, points, [.. points.Select(p => energies[p])]);
        Assert.InRange(h.Length, 0.08, 1.0);
        var gp = new TorusGaussianProcess(grid, h);
        foreach (var p in points)
        {
            gp.Add(p, energies[p]);
        }

        var mean = gp.Mean();
        var error = Enumerable.Range(0, grid.Count).Max(i => Math.Abs(mean[i] - energies[i]));
        Assert.True(error < 0.05, $"max error {error}");
    }
}
