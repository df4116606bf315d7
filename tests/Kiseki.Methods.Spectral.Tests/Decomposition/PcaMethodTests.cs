using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Decomposition.Pca;
using MathNet.Numerics.LinearAlgebra;

namespace Kiseki.Methods.Spectral.Tests.Decomposition;

public sealed class PcaMethodTests
{
    private static async Task<MethodResult<PcaOutputs>> Run(
        double[] data, int rows, int cols, int channels, PcaParameters parameters, int threads = 1) =>
        await new PcaMethod().RunAsync(
            new PcaInputs { Image = DecompositionData.Image(data, rows, cols, channels) }, parameters,
            MethodContext.CreateStandalone(1, threads), default);

    [Fact]
    public async Task Pca_RandomMatrix_MatchesCovarianceEigenvalues()
    {
        var x = DecompositionData.Random(6 * 5 * 7, 11);
        var r = await Run(x, 6, 5, 7, new PcaParameters { Components = 7 });
        var m = Matrix<double>.Build.Dense(30, 7, (i, j) => x[(i * 7) + j]);
        var mean = m.ColumnSums() / 30;
        var centred = m - Matrix<double>.Build.Dense(30, 7, (_, j) => mean[j]);
        var cov = centred.TransposeThisAndMultiply(centred) / 30;
        var expected = cov.Evd().EigenValues.Select(v => v.Real).OrderByDescending(v => v).ToArray();
        var eig = r.Outputs.Eigenvalues.GetData<double>();
        for (var j = 0; j < 7; j++)
        {
            Assert.Equal(expected[j], eig[j], 1e-12);
        }

        Assert.Equal(1.0, r.Outputs.ExplainedVariance.GetData<double>().Sum(), 12);
        Assert.True(r.Metrics["mse"] < 1e-24);
        var meanSpectrum = r.Outputs.MeanSpectrum.GetData<double>();
        Assert.Equal(mean[3], meanSpectrum[3], 14);
    }

    [Fact]
    public async Task Pca_LoadingsOrthonormalAndSignFixed()
    {
        var x = DecompositionData.Random(8 * 8 * 10, 4);
        var r = await Run(x, 8, 8, 10, new PcaParameters { Components = 3 });
        var s = r.Outputs.Spectra.GetData<double>();
        for (var a = 0; a < 3; a++)
        {
            for (var b = 0; b < 3; b++)
            {
                var dot = Enumerable.Range(0, 10).Sum(c => s[(c * 3) + a] * s[(c * 3) + b]);
                Assert.Equal(a == b ? 1 : 0, dot, 12);
            }

            var column = Enumerable.Range(0, 10).Select(c => s[(c * 3) + a]).ToArray();
            Assert.True(column.Max() >= -column.Min());
        }
    }

    [Fact]
    public async Task Pca_PoissonScalingFullRank_ReconstructsData()
    {
        var x = DecompositionData.Random(4 * 4 * 6, 2).Select(v => Math.Floor(v * 30)).ToArray();
        var r = await Run(x, 4, 4, 6, new PcaParameters { Components = 6, PoissonScaling = true });
        Assert.True(r.Metrics["mse"] < 1e-20, $"mse {r.Metrics["mse"]}");
    }

    [Fact]
    public async Task Pca_ThreadCount_ByteIdenticalOutputs()
    {
        var x = DecompositionData.Random(25 * 30 * 12, 8);
        var one = await Run(x, 25, 30, 12, new PcaParameters { Components = 4 }, threads: 1);
        var three = await Run(x, 25, 30, 12, new PcaParameters { Components = 4 }, threads: 3);
        Assert.Equal(one.Outputs.Maps.AsBytes().ToArray(), three.Outputs.Maps.AsBytes().ToArray());
        Assert.Equal(one.Outputs.Eigenvalues.AsBytes().ToArray(), three.Outputs.Eigenvalues.AsBytes().ToArray());
    }

    [Fact]
    public async Task Pca_ComponentsAbovePixelsMinusOne_InvalidParameter()
    {
        var e = await Assert.ThrowsAsync<MethodException>(
            () => Run(DecompositionData.Random(2 * 2 * 10, 1), 2, 2, 10, new PcaParameters { Components = 4 }));
        Assert.Equal("components", e.Subject);
    }

    [Fact]
    public async Task Pca_IdenticalPixels_InvalidInput()
    {
        var x = Enumerable.Range(0, 4 * 5).Select(i => (double)(i % 5)).ToArray();
        await Assert.ThrowsAsync<MethodException>(() => Run(x, 2, 2, 5, new PcaParameters { Components = 1 }));
    }

    [SkippableFact]
    public async Task Pca_SiData_MatchesMalspyReference()
    {
        var image = DecompositionData.SiData(Kiseki.Testing.SharedData.Require("malspy/SI_data.npz"));
        var reference = Kiseki.Testing.SharedData.Require("reference/malspy/malspy_PCA_K2_S.csv");
        var r = await new PcaMethod().RunAsync(
            new PcaInputs { Image = image }, new PcaParameters { Components = 2 }, MethodContext.CreateStandalone(), default);
        var s = DecompositionData.Csv(reference);
        var c = DecompositionData.Csv(reference.Replace("_S.csv", "_C.csv", StringComparison.Ordinal));
        Assert.True(DecompositionData.MaxRelativeErrorUpToSign(r.Outputs.Spectra.GetData<double>(), s, 2) < 1e-8);
        Assert.True(DecompositionData.MaxRelativeErrorUpToSign(r.Outputs.Maps.GetData<double>(), c, 2) < 1e-8);
        Assert.Equal(1.1538147445768635e-11, r.Metrics["mse"], 1e-11 * 1e-8);
        var eig = r.Outputs.Eigenvalues.GetData<double>();
        Assert.Equal(1.5848e-9, eig[0], 1e-9 * 1e-4);
        Assert.Equal(1.6726e-10, eig[1], 1e-10 * 1e-4);
    }
}
