using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Decomposition;
using Kiseki.Methods.Spectral.Decomposition.Pca;
using Kiseki.Methods.Spectral.Decomposition.Svd;

namespace Kiseki.Methods.Spectral.Tests.Decomposition;

/// <summary>
/// PCA and SVD read X in fixed row chunks: the tiled Gram kernel gives the bits of a row-by-row update, the solvers give
/// the bits of the separate steps (scale, Gram, project, rescale, sign, residual), and rows read from a file give the
/// bits of memory, for any thread count.
/// </summary>
public sealed class DecompositionStreamingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kiseki-pca-rows-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(37, false, 1)]
    [InlineData(37, true, 3)]
    [InlineData(130, true, 2)]
    [InlineData(8, false, 2)]
    public void Gram_TiledKernel_SameBitsAsRowByRowUpdate(int m, bool centre, int threads)
    {
        const int n = 600;
        var x = Values(n, m, 11);
        var mean = centre ? GramEigenSolver.ColumnMeans(x, n, m) : null;

        var tiled = GramEigenSolver.Gram(x, n, m, mean, threads, default);
        var reference = RowByRowGram(x, n, m, mean);

        for (var a = 0; a < m; a++)
        {
            for (var b = a; b < m; b++)
            {
                Assert.Equal(BitConverter.DoubleToInt64Bits(reference[(a * m) + b]), BitConverter.DoubleToInt64Bits(tiled[(a * m) + b]));
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Pca_SameBitsAsTheSeparateSteps(bool poisson)
    {
        const int n = 700, m = 29, k = 4;
        var x = Counts(n, m, 3).Select(v => (double)v).ToArray();
        var result = PcaSolver.Solve(x, n, m, k, poisson, 2, default);

        double[]? a = null, b = null;
        var work = x;
        if (poisson)
        {
            (a, b) = PoissonScaling.Weights(x, n, m);
            work = PoissonScaling.Apply(x, n, m, a, b);
        }

        var eig = GramEigenSolver.Solve(work, n, m, k, centre: true, 1, default);
        var scores = FactorModel.Project(work, n, m, eig.Vectors, k, eig.Mean);
        var loadings = (double[])eig.Vectors.Clone();
        var offset = (double[])eig.Mean!.Clone();
        for (var c = 0; c < m; c++)
        {
            offset[c] *= b?[c] ?? 1;
            for (var j = 0; j < k; j++)
            {
                loadings[(c * k) + j] *= b?[c] ?? 1;
            }
        }

        for (var i = 0; i < n * k; i++)
        {
            scores[i] *= a?[i / k] ?? 1;
        }

        FactorModel.FixSigns(scores, loadings, n, m, k);
        var (rmse, mse) = FactorModel.Residual(x, n, m, scores, loadings, k, (i, c) => offset[c] * (a?[i] ?? 1));

        Assert.Equal(scores, result.Maps);
        Assert.Equal(loadings, result.Spectra);
        Assert.Equal(offset, result.Mean);
        Assert.Equal(rmse, result.Residual);
        Assert.Equal(mse, result.Mse);
        Assert.Contains(result.Spectra, v => v < 0);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Svd_SameBitsAsTheSeparateSteps(bool poisson)
    {
        const int n = 700, m = 29, k = 3;
        var x = Counts(n, m, 4).Select(v => (double)v).ToArray();
        var result = SvdSolver.Solve(x, n, m, k, poisson, 2, default);

        double[]? a = null, b = null;
        var work = x;
        if (poisson)
        {
            (a, b) = PoissonScaling.Weights(x, n, m);
            work = PoissonScaling.Apply(x, n, m, a, b);
        }

        var eig = GramEigenSolver.Solve(work, n, m, k, centre: false, 1, default);
        var sigma = eig.Eigenvalues.Select(Math.Sqrt).ToArray();
        var maps = FactorModel.Project(work, n, m, eig.Vectors, k);
        for (var i = 0; i < n * k; i++)
        {
            maps[i] = maps[i] / sigma[i % k] * (a?[i / k] ?? 1);
        }

        var spectra = new double[m * k];
        for (var i = 0; i < m * k; i++)
        {
            spectra[i] = eig.Vectors[i] * sigma[i % k] * (b?[i / k] ?? 1);
        }

        FactorModel.FixSigns(maps, spectra, n, m, k);
        var (rmse, mse) = FactorModel.Residual(x, n, m, maps, spectra, k, null);

        Assert.Equal(maps, result.Maps);
        Assert.Equal(spectra, result.Spectra);
        Assert.Equal(rmse, result.Residual);
        Assert.Equal(mse, result.Mse);
        Assert.Equal(0, result.NullComponents);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PcaAndSvd_RowsFromAFile_SameBitsAsMemory_AnyThreadCount(bool poisson)
    {
        // 1000 pixels: three full chunks of 256 rows and a ragged one.
        const int n = 1000, m = 37;
        var counts = Counts(n, m, 7);
        var path = Path.Combine(_folder, "x.npy");
        using (var stream = File.Create(path))
        {
            NpyFormat.Write(stream, NdArray.Create(counts, 40, 25, m));
        }

        var x = counts.Select(v => (double)v).ToArray();
        var pca = PcaSolver.Solve(x, n, m, 5, poisson, 1, default);
        var svd = SvdSolver.Solve(x, n, m, 5, poisson, 1, default);
        using var file = RowFile.OpenNpy(path);
        var rows = SpectrumRows.FromFile(file);
        var scan = SpectrumScan.Of(rows, poisson, default);
        var pcaFile = PcaSolver.Solve(rows, scan, 5, poisson, 3, default);
        var svdFile = SvdSolver.Solve(rows, scan, 5, poisson, 3, default);

        Assert.Equal(pca.Maps, pcaFile.Maps);
        Assert.Equal(pca.Spectra, pcaFile.Spectra);
        Assert.Equal(pca.Mean, pcaFile.Mean);
        Assert.Equal(pca.Eigenvalues, pcaFile.Eigenvalues);
        Assert.Equal(pca.Residual, pcaFile.Residual);
        Assert.Equal(svd.Maps, svdFile.Maps);
        Assert.Equal(svd.Spectra, svdFile.Spectra);
        Assert.Equal(svd.SingularValues, svdFile.SingularValues);
        Assert.Equal(svd.Residual, svdFile.Residual);
        Assert.True(pca.Eigenvalues[0] > pca.Eigenvalues[4]);
    }

    [Fact]
    public void Scan_FindsTheFirstNonFiniteAndNegativeValues_InRowMajorOrder()
    {
        const int n = 600, m = 5;
        var x = Values(n, m, 2).Select(Math.Abs).ToArray();
        x[(300 * m) + 2] = -4;
        x[(512 * m) + 1] = double.NaN;
        x[(550 * m) + 0] = -1;

        var scan = SpectrumScan.Of(SpectrumRows.FromArray(x, n, m), rowSums: true, default);

        Assert.Equal((300 * m) + 2, scan.FirstNegative);
        Assert.Equal(-4, scan.NegativeValue);
        Assert.Equal((512 * m) + 1, scan.FirstNonFinite);
        Assert.True(double.IsNaN(scan.NonFiniteValue));
        Assert.Equal(x.Skip(7 * m).Take(m).Sum(), scan.RowSums![7]);
    }

    /// <summary>The Gram matrix as a rank-one update per row, a partial per 256-row chunk added in chunk order.</summary>
    private static double[] RowByRowGram(double[] x, int n, int m, double[]? mean)
    {
        var total = new double[m * m];
        for (var start = 0; start < n; start += 256)
        {
            var partial = new double[m * m];
            for (var i = start; i < Math.Min(n, start + 256); i++)
            {
                var row = Enumerable.Range(0, m).Select(a => x[(i * m) + a] - (mean?[a] ?? 0)).ToArray();
                for (var a = 0; a < m; a++)
                {
                    for (var b = a; b < m; b++)
                    {
                        partial[(a * m) + b] += row[b] * row[a];
                    }
                }
            }

            for (var e = 0; e < total.Length; e++)
            {
                total[e] += partial[e];
            }
        }

        return total;
    }

    /// <summary>Reals of mixed sign and magnitude with exact zeros (the update skips zero factors).</summary>
    private static double[] Values(int n, int m, ulong seed)
    {
        var random = new Xoshiro256StarStar(seed);
        return Enumerable.Range(0, n * m)
            .Select(i => i % 7 == 3 ? 0 : (random.NextDouble() - 0.3) * Math.Pow(10, (i % 5) - 2)).ToArray();
    }

    /// <summary>Poisson counts from three spectral components with pixel-dependent weights (some pixels all zero).</summary>
    private static ushort[] Counts(int n, int m, ulong seed)
    {
        var random = new Xoshiro256StarStar(seed);
        var counts = new ushort[n * m];
        for (var i = 0; i < n; i++)
        {
            if (i % 97 == 5)
            {
                continue;
            }

            for (var j = 0; j < m; j++)
            {
                var rate = 2 + (20 * Math.Exp(-Math.Pow((j - 8) / 3.0, 2)) * (1 + Math.Sin(i * 0.05)))
                           + (15 * Math.Exp(-Math.Pow((j - 20) / 4.0, 2)) * (i % 3));
                counts[(i * m) + j] = (ushort)random.NextPoisson(rate);
            }
        }

        return counts;
    }
}
