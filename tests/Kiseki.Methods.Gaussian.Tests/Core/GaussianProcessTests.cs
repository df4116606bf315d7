using Kiseki.Abstractions.Randomness;
using MathNet.Numerics.LinearAlgebra;

namespace Kiseki.Methods.Gaussian.Tests.Core;

public sealed class GaussianProcessTests
{
    private static (double[][] X, double[] Y) Smooth(int n, int dim, ulong seed)
    {
        var random = new Xoshiro256StarStar(seed);
        var x = new double[n][];
        var y = new double[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = new double[dim];
            for (var d = 0; d < dim; d++)
            {
                x[i][d] = 4 * random.NextDouble();
            }

            y[i] = Math.Sin(x[i][0]) + (dim > 1 ? 0.5 * Math.Cos(2 * x[i][1]) : 0);
        }

        return (x, y);
    }

    [Fact]
    public void Condition_NoiseFreeData_PosteriorMeanInterpolates()
    {
        var (x, y) = Smooth(15, 2, 1);
        var model = GaussianProcess.Condition(x, y, new GpHyperparameters(0, 1, 1e-5, [1.0]));
        var prediction = model.Predict(x);
        for (var i = 0; i < x.Length; i++)
        {
            Assert.Equal(y[i], prediction.Mean[i], 4);
            Assert.True(prediction.Variance[i] < 1e-6, $"variance {prediction.Variance[i]} at a training point");
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void LikelihoodGradient_MatchesFiniteDifferences(bool ard)
    {
        var (x, y) = Smooth(12, 2, 2);
        var h = new GpHyperparameters(0.3, 0.8, 0.1, ard ? [0.7, 1.3] : [0.9]);
        var gradient = new double[3 + h.Widths.Count];
        GpLikelihood.Evaluate(x, y, h, gradient);
        const double step = 1e-6;
        for (var p = 0; p < gradient.Length; p++)
        {
            var plus = GpLikelihood.Evaluate(x, y, Perturb(h, p, step));
            var minus = GpLikelihood.Evaluate(x, y, Perturb(h, p, -step));
            var numeric = (plus - minus) / (2 * step);
            Assert.True(Math.Abs(numeric - gradient[p]) < 1e-5 * Math.Max(1, Math.Abs(numeric)),
                $"parameter {p}: analytic {gradient[p]}, numeric {numeric}");
        }
    }

    private static GpHyperparameters Perturb(GpHyperparameters h, int p, double step)
    {
        var widths = h.Widths.ToArray();
        return p switch
        {
            0 => h with { Noise = h.Noise * Math.Exp(step) },
            1 => h with { Scale = h.Scale * Math.Exp(step) },
            _ when p < 2 + widths.Length => h with { Widths = widths.Select((w, i) => i == p - 2 ? w * Math.Exp(step) : w).ToArray() },
            _ => h with { Mean = h.Mean + step },
        };
    }

    [Fact]
    public void SampleJoint_SampleCovariance_MatchesPosterior()
    {
        var (x, y) = Smooth(6, 1, 3);
        var model = GaussianProcess.Condition(x, y, new GpHyperparameters(0, 1, 0.05, [0.8]));
        double[][] points = [[0.3], [1.1], [2.0], [3.7], [5.0]];
        var covariance = model.PosteriorCovariance(points);
        var mean = model.PredictMean(points);
        const int count = 20000;
        var samples = model.SampleJoint(points, count, new Xoshiro256StarStar(7));
        for (var a = 0; a < points.Length; a++)
        {
            var sampleMean = samples.Average(s => s[a]);
            Assert.True(Math.Abs(sampleMean - mean[a]) < 5 * Math.Sqrt(covariance[a, a] / count) + 1e-9,
                $"mean at {a}: {sampleMean} vs {mean[a]}");
            for (var b = 0; b <= a; b++)
            {
                var c = samples.Sum(s => (s[a] - mean[a]) * (s[b] - mean[b])) / count;
                var tolerance = 5 * Math.Sqrt((covariance[a, a] * covariance[b, b] + covariance[a, b] * covariance[a, b]) / count);
                Assert.True(Math.Abs(c - covariance[a, b]) < tolerance + 1e-9, $"cov[{a},{b}]: {c} vs {covariance[a, b]}");
            }
        }
    }

    [Fact]
    public void Fit_SmoothFunction_LearnsHyperparametersThatPredictHeldOutPoints()
    {
        var (x, y) = Smooth(40, 2, 4);
        var model = GaussianProcess.Fit(x, y, GpOptions.Default with { Ard = true }, new Xoshiro256StarStar(5));
        var (xt, yt) = Smooth(50, 2, 99);
        var prediction = model.Predict(xt);
        var rmse = Math.Sqrt(yt.Select((t, i) => (t - prediction.Mean[i]) * (t - prediction.Mean[i])).Average());
        Assert.True(rmse < 0.05, $"held-out RMSE {rmse} with {model.Hyperparameters}");
        Assert.True(model.NegativeLogMarginalLikelihood < GpLikelihood.Evaluate(x, y, new GpHyperparameters(0, 1, 0.1, [1.0, 1.0])));
    }

    [Fact]
    public void Fit_SameSeed_SameHyperparameters()
    {
        var (x, y) = Smooth(25, 2, 6);
        var a = GaussianProcess.Fit(x, y, GpOptions.Default, new Xoshiro256StarStar(8));
        var b = GaussianProcess.Fit(x, y, GpOptions.Default, new Xoshiro256StarStar(8));
        Assert.Equal(a.Hyperparameters.ToString(), b.Hyperparameters.ToString());
        Assert.Equal(a.NegativeLogMarginalLikelihood, b.NegativeLogMarginalLikelihood);
    }

    [Fact]
    public void Fit_AnyDegreeOfParallelism_BitIdenticalFit()
    {
        var (x, y) = Smooth(40, 2, 9);
        var options = GpOptions.Default with { Ard = true, InitialCandidates = 12, Restarts = 4 };
        var one = GaussianProcess.Fit(x, y, options, new Xoshiro256StarStar(3));
        foreach (var threads in new[] { 2, 3, 8 })
        {
            var many = GaussianProcess.Fit(x, y, options with { MaxDegreeOfParallelism = threads }, new Xoshiro256StarStar(3));
            Assert.Equal(BitConverter.DoubleToInt64Bits(one.NegativeLogMarginalLikelihood), BitConverter.DoubleToInt64Bits(many.NegativeLogMarginalLikelihood));
            Assert.Equal(one.Hyperparameters.ToString(), many.Hyperparameters.ToString());
            Assert.Equal(one.Diagnostics, many.Diagnostics);
        }
    }

    [Fact]
    public void Fit_DuplicateInputsWithDifferentTargets_GivesFiniteNoisyModel()
    {
        double[][] x = [[0.0], [0.0], [0.0], [1.0], [1.0], [2.0]];
        double[] y = [0.0, 0.2, -0.2, 1.0, 1.1, 0.5];
        var model = GaussianProcess.Fit(x, y, GpOptions.Default, new Xoshiro256StarStar(1));
        var prediction = model.Predict([[0.0], [0.5], [3.0]]);
        Assert.All(prediction.Mean, m => Assert.True(double.IsFinite(m)));
        Assert.All(prediction.Variance, v => Assert.True(double.IsFinite(v) && v >= 0));
        Assert.True(model.Hyperparameters.Noise > 0.01, $"noise {model.Hyperparameters.Noise} for inconsistent duplicates");
    }

    [Fact]
    public void Fit_ConstantTargets_PredictsTheConstantAndSaysSo()
    {
        double[][] x = [[0.0], [1.0], [2.0]];
        var model = GaussianProcess.Fit(x, [4.0, 4.0, 4.0], GpOptions.Default, new Xoshiro256StarStar(1));
        Assert.Contains("constant", model.Diagnostics.Reason);
        var prediction = model.Predict([[0.5], [10.0]]);
        Assert.All(prediction.Mean, m => Assert.Equal(4.0, m, 9));
        Assert.All(prediction.Variance, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Condition_CoincidentInputs_StaysFinite()
    {
        double[][] x = [.. Enumerable.Range(0, 50).Select(i => new[] { i * 1e-12 })];
        var model = GaussianProcess.Condition(x, [.. Enumerable.Repeat(1.0, 50)], new GpHyperparameters(0, 1, 1e-9, [10.0]));
        Assert.True(model.Jitter >= RbfKernel.BaseJitter);
        Assert.All(model.Predict([[0.5]]).Mean, m => Assert.True(double.IsFinite(m)));
    }

    [Fact]
    public void CholeskyWithJitter_SlightlyIndefinite_EscalatesAndIndefinite_Throws()
    {
        var slightly = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 1.0 }, { 1.0, 1.0 - 1e-6 } });
        var (_, jitter) = RbfKernel.CholeskyWithJitter(slightly, 1e-8, 1e-3);
        Assert.True(jitter > 1e-8);
        var indefinite = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 2.0 }, { 2.0, 1.0 } });
        var error = Assert.Throws<GaussianProcessException>(() => RbfKernel.CholeskyWithJitter(indefinite, 1e-8, 1e-3));
        Assert.Contains("not positive definite", error.Message);
    }

    [Fact]
    public void Fit_NonFiniteOrEmptyData_Throws()
    {
        Assert.Throws<ArgumentException>(() => GaussianProcess.Fit([], [], GpOptions.Default, new Xoshiro256StarStar(1)));
        Assert.Throws<ArgumentException>(() =>
            GaussianProcess.Fit([[0.0], [double.NaN]], [1.0, 2.0], GpOptions.Default, new Xoshiro256StarStar(1)));
        Assert.Throws<ArgumentException>(() =>
            GaussianProcess.Condition([[0.0]], [1.0], new GpHyperparameters(0, -1, 0.1, [1.0])));
    }

    [Fact]
    public void RandomFeatureModel_ManyFeatures_ApproximatesExactPosterior()
    {
        var (x, y) = Smooth(20, 1, 10);
        var h = new GpHyperparameters(0, 1, 0.05, [0.8]);
        var exact = GaussianProcess.Condition(x, y, h);
        var rff = RandomFeatureModel.Create(h, 1, 1000, new Xoshiro256StarStar(11), x, y);
        double[][] points = [.. Enumerable.Range(0, 21).Select(i => new[] { 0.2 * i })];
        var exactMean = exact.PredictMean(points);
        var rffMean = rff.PredictMean(points);
        for (var j = 0; j < points.Length; j++)
        {
            Assert.True(Math.Abs(exactMean[j] - rffMean[j]) < 0.05, $"mean at {points[j][0]}: {rffMean[j]} vs {exactMean[j]}");
        }
    }

    [Fact]
    public void RandomFeatureModel_RankOneUpdates_EqualBatchFit()
    {
        var (x, y) = Smooth(30, 2, 12);
        var h = new GpHyperparameters(0.1, 1, 0.1, [0.9, 1.2]);
        var batch = RandomFeatureModel.Create(h, 2, 64, new Xoshiro256StarStar(13), x, y);
        var incremental = RandomFeatureModel.Create(h, 2, 64, new Xoshiro256StarStar(13));
        Assert.True(x.Length >= 64 / 4, "the batch model must take the refactorising path");
        for (var i = 0; i < x.Length; i++)
        {
            incremental.AddObservation(x[i], y[i]);
        }

        var a = batch.MeanWeights();
        var b = incremental.MeanWeights();
        for (var f = 0; f < a.Length; f++)
        {
            Assert.Equal(a[f], b[f], 8);
        }

        var pa = batch.PredictVariance(x);
        var pb = incremental.PredictVariance(x);
        for (var j = 0; j < pa.Length; j++)
        {
            Assert.Equal(pa[j], pb[j], 8);
        }
    }

    [Fact]
    public void RandomFeatureModel_FunctionSamples_IndependentOfThreadCount()
    {
        var (x, y) = Smooth(10, 2, 14);
        var h = new GpHyperparameters(0, 1, 0.1, [1.0]);
        var rff = RandomFeatureModel.Create(h, 2, 100, new Xoshiro256StarStar(15), x, y);
        var (points, _) = Smooth(5000, 2, 16);
        var one = rff.SampleFunctions(points, 3, new Xoshiro256StarStar(17), maxDegreeOfParallelism: 1);
        var four = rff.SampleFunctions(points, 3, new Xoshiro256StarStar(17), maxDegreeOfParallelism: 4);
        for (var s = 0; s < 3; s++)
        {
            Assert.Equal(one[s], four[s]);
        }
    }
}
