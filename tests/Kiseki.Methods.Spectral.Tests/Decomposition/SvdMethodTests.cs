using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Decomposition.Svd;
using MathNet.Numerics.LinearAlgebra;

namespace Kiseki.Methods.Spectral.Tests.Decomposition;

public sealed class SvdMethodTests
{
    private static async Task<MethodResult<SvdOutputs>> Run(
        double[] data, int rows, int cols, int channels, SvdParameters parameters, int threads = 1) =>
        await new SvdMethod().RunAsync(
            new SvdInputs { Image = DecompositionData.Image(data, rows, cols, channels) }, parameters,
            MethodContext.CreateStandalone(1, threads), default);

    [Fact]
    public async Task Svd_RankTwoMatrix_RecoversSingularValuesAndVectors()
    {
        // X = 5 u1 v1ᵀ + 2 u2 v2ᵀ with orthonormal u (6 pixels) and v (4 channels).
        double[] u1 = [0.5, 0.5, 0.5, 0.5, 0, 0], u2 = [0, 0, 0.5, -0.5, 0.5, 0.5];
        double[] v1 = [0.6, 0.8, 0, 0], v2 = [0, 0, -0.8, 0.6];
        var x = new double[24];
        for (var i = 0; i < 6; i++)
        {
            for (var c = 0; c < 4; c++)
            {
                x[(i * 4) + c] = (5 * u1[i] * v1[c]) + (2 * u2[i] * v2[c]);
            }
        }

        var r = await Run(x, 2, 3, 4, new SvdParameters { Components = 2 });
        var sigma = r.Outputs.SingularValues.GetData<double>();
        Assert.Equal(5, sigma[0], 12);
        Assert.Equal(2, sigma[1], 12);
        var s = r.Outputs.Spectra.GetData<double>();
        var c0 = r.Outputs.Maps.GetData<double>();
        for (var ch = 0; ch < 4; ch++)
        {
            Assert.Equal(5 * v1[ch], s[ch * 2], 12);
            Assert.Equal(-2 * v2[ch], s[(ch * 2) + 1], 12); // largest |entry| (-0.8) made positive
        }

        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(u1[i], c0[i * 2], 12);
            Assert.Equal(-u2[i], c0[(i * 2) + 1], 12);
        }

        Assert.Equal(1.0, r.Outputs.ExplainedVariance.GetData<double>().Sum(), 12);
        Assert.True(r.Metrics["mse"] < 1e-24);
    }

    [Fact]
    public async Task Svd_RandomMatrix_MatchesMathNetSvd()
    {
        var x = DecompositionData.Random(5 * 6 * 12, 3);
        var r = await Run(x, 5, 6, 12, new SvdParameters { Components = 12 });
        var expected = Matrix<double>.Build.Dense(30, 12, (i, j) => x[(i * 12) + j]).Svd().S;
        var sigma = r.Outputs.SingularValues.GetData<double>();
        for (var j = 0; j < 12; j++)
        {
            Assert.Equal(expected[j], sigma[j], 1e-9 * expected[0]);
        }

        Assert.Equal(1.0, r.Outputs.ExplainedVariance.GetData<double>().Sum(), 12);
        Assert.True(r.Metrics["mse"] < 1e-20, $"full-rank reconstruction mse {r.Metrics["mse"]}");
    }

    [Fact]
    public async Task Svd_PoissonScalingFullRank_ReconstructsData()
    {
        var x = DecompositionData.Random(4 * 5 * 8, 5).Select(v => Math.Floor(v * 20)).ToArray();
        var r = await Run(x, 4, 5, 8, new SvdParameters { Components = 8, PoissonScaling = true });
        Assert.True(r.Metrics["mse"] < 1e-20, $"mse {r.Metrics["mse"]}");
        Assert.Equal(1.0, r.Outputs.ExplainedVariance.GetData<double>().Sum(), 12);
    }

    [Fact]
    public async Task Svd_ThreadCount_ByteIdenticalOutputs()
    {
        var x = DecompositionData.Random(30 * 30 * 16, 9);
        var one = await Run(x, 30, 30, 16, new SvdParameters { Components = 3 }, threads: 1);
        var four = await Run(x, 30, 30, 16, new SvdParameters { Components = 3 }, threads: 4);
        Assert.Equal(one.Outputs.Maps.AsBytes().ToArray(), four.Outputs.Maps.AsBytes().ToArray());
        Assert.Equal(one.Outputs.Spectra.AsBytes().ToArray(), four.Outputs.Spectra.AsBytes().ToArray());
        Assert.Equal(one.Outputs.Residual.AsBytes().ToArray(), four.Outputs.Residual.AsBytes().ToArray());
    }

    [Fact]
    public async Task Svd_TooManyComponents_InvalidParameter()
    {
        var e = await Assert.ThrowsAsync<MethodException>(
            () => Run(new double[2 * 2 * 10], 2, 2, 10, new SvdParameters { Components = 5 }));
        Assert.Equal("components", e.Subject);
        Assert.Contains("at most 4", e.Message);
    }

    [Fact]
    public async Task Svd_NaNInData_InvalidInput()
    {
        var x = DecompositionData.Random(2 * 2 * 3, 1);
        x[7] = double.NaN;
        var e = await Assert.ThrowsAsync<MethodException>(
            () => Run(x, 2, 2, 3, new SvdParameters { Components = 1 }));
        Assert.Equal("image", e.Subject);
        Assert.Contains("channel 1", e.Message);
    }

    [Fact]
    public async Task Svd_NegativeWithPoissonScaling_InvalidInput()
    {
        var x = DecompositionData.Random(2 * 2 * 3, 1);
        x[4] = -1;
        var e = await Assert.ThrowsAsync<MethodException>(
            () => Run(x, 2, 2, 3, new SvdParameters { Components = 1, PoissonScaling = true }));
        Assert.Contains("non-negative", e.Message);
    }

    [Fact]
    public async Task Svd_AllZero_InvalidInput()
    {
        await Assert.ThrowsAsync<MethodException>(
            () => Run(new double[12], 2, 2, 3, new SvdParameters { Components = 1 }));
    }

    [Fact]
    public async Task Svd_RankDeficientData_ZeroMapsNotNaN()
    {
        var x = new double[3 * 3 * 4];
        for (var i = 0; i < 9; i++)
        {
            for (var c = 0; c < 4; c++)
            {
                x[(i * 4) + c] = (i + 1) * (c + 1);
            }
        }

        var r = await Run(x, 3, 3, 4, new SvdParameters { Components = 3 });
        Assert.All(r.Outputs.Maps.GetData<double>(), v => Assert.True(double.IsFinite(v)));
        Assert.Equal(2, r.Metrics["null_components"]);
    }

    [SkippableFact]
    public async Task Svd_SiData_MatchesMalspyReference()
    {
        var image = DecompositionData.SiData(Kiseki.Testing.SharedData.Require("malspy/SI_data.npz"));
        var reference = Kiseki.Testing.SharedData.Require("reference/malspy/malspy_SVD_K2_S.csv");
        var r = await new SvdMethod().RunAsync(
            new SvdInputs { Image = image }, new SvdParameters { Components = 2 }, MethodContext.CreateStandalone(), default);
        var s = DecompositionData.Csv(reference);
        var c = DecompositionData.Csv(reference.Replace("_S.csv", "_C.csv", StringComparison.Ordinal));
        var e = DecompositionData.Csv(reference.Replace("_S.csv", "_E.csv", StringComparison.Ordinal)).SelectMany(row => row).Select(v => new[] { v }).ToArray();
        Assert.True(DecompositionData.MaxRelativeErrorUpToSign(r.Outputs.Spectra.GetData<double>(), s, 2) < 1e-8);
        Assert.True(DecompositionData.MaxRelativeErrorUpToSign(r.Outputs.Maps.GetData<double>(), c, 2) < 1e-8);
        Assert.True(DecompositionData.MaxRelativeErrorUpToSign(r.Outputs.Residual.GetData<double>(), e, 1) < 1e-8);
        Assert.Equal(1.1624632171586079e-11, r.Metrics["mse"], 1e-11 * 1e-8);
    }
}
