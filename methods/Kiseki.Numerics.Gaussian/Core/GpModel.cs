using Kiseki.Abstractions.Randomness;
using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Kiseki.Methods.Gaussian;

/// <summary>
/// A GP conditioned on training data with fixed hyperparameters: posterior mean μ(x) = m + k(x)ᵀα,
/// latent variance σ²(x) = s² − k(x)ᵀA⁻¹k(x) (noise excluded, as PHYSBO's <c>get_post_fcov</c>) and joint samples.
/// Immutable; create with <see cref="GaussianProcess.Fit"/> or <see cref="GaussianProcess.Condition"/>.
/// </summary>
public sealed class GpModel
{
    private const int Chunk = 2048;
    private readonly double[][] _x;
    private readonly double[] _y;
    private readonly Cholesky<double> _factor;
    private readonly Vector<double> _alpha;

    internal GpModel(double[][] x, double[] y, GpHyperparameters hyperparameters, GpFitDiagnostics diagnostics)
    {
        _x = x;
        _y = y;
        Hyperparameters = hyperparameters;
        var a = RbfKernel.Gram(x, hyperparameters);
        for (var i = 0; i < x.Length; i++)
        {
            a[i, i] += hyperparameters.Noise * hyperparameters.Noise;
        }

        (_factor, Jitter) = RbfKernel.CholeskyWithJitter(a, RbfKernel.BaseJitter, GpLikelihood.MaxJitter(hyperparameters));
        var r = Vector<double>.Build.Dense(y.Length, i => y[i] - hyperparameters.Mean);
        _alpha = _factor.Solve(r);
        NegativeLogMarginalLikelihood =
            0.5 * y.Length * Math.Log(2 * Math.PI) + 0.5 * _factor.DeterminantLn + 0.5 * r.DotProduct(_alpha);
        Diagnostics = diagnostics with { NegativeLogMarginalLikelihood = NegativeLogMarginalLikelihood };
    }

    /// <summary>The hyperparameters this model uses.</summary>
    public GpHyperparameters Hyperparameters { get; }

    /// <summary>How the hyperparameters were obtained.</summary>
    public GpFitDiagnostics Diagnostics { get; }

    /// <summary>NLML of the training data under <see cref="Hyperparameters"/>.</summary>
    public double NegativeLogMarginalLikelihood { get; }

    /// <summary>Jitter added to the Gram diagonal (at least <see cref="RbfKernel.BaseJitter"/>).</summary>
    public double Jitter { get; }

    /// <summary>Number of training points.</summary>
    public int Count => _x.Length;

    /// <summary>Input dimension.</summary>
    public int Dimension => _x[0].Length;

    /// <summary>The training inputs (do not modify).</summary>
    public IReadOnlyList<double[]> Inputs => _x;

    /// <summary>The training targets (do not modify).</summary>
    public IReadOnlyList<double> Targets => _y;

    /// <summary>Posterior mean and latent variance at <paramref name="points"/>, computed in fixed chunks.</summary>
    public GpPrediction Predict(IReadOnlyList<double[]> points)
    {
        var mean = new double[points.Count];
        var variance = new double[points.Count];
        var s2 = Hyperparameters.Scale * Hyperparameters.Scale;
        for (var start = 0; start < points.Count; start += Chunk)
        {
            var count = Math.Min(Chunk, points.Count - start);
            var block = Slice(points, start, count);
            var ks = RbfKernel.Cross(_x, block, Hyperparameters);
            var z = _factor.Solve(ks);
            for (var j = 0; j < count; j++)
            {
                var m = 0.0;
                var q = 0.0;
                for (var i = 0; i < _x.Length; i++)
                {
                    var kij = ks[i, j];
                    m += kij * _alpha[i];
                    q += kij * z[i, j];
                }

                mean[start + j] = Hyperparameters.Mean + m;
                variance[start + j] = Math.Max(s2 - q, 0.0);
            }
        }

        return new GpPrediction(mean, variance);
    }

    /// <summary>Posterior mean only (O(n) per point).</summary>
    public double[] PredictMean(IReadOnlyList<double[]> points)
    {
        var mean = new double[points.Count];
        for (var j = 0; j < points.Count; j++)
        {
            var m = 0.0;
            for (var i = 0; i < _x.Length; i++)
            {
                m += RbfKernel.Evaluate(_x[i], points[j], Hyperparameters) * _alpha[i];
            }

            mean[j] = Hyperparameters.Mean + m;
        }

        return mean;
    }

    /// <summary>Posterior latent covariance matrix at <paramref name="points"/> (N × N).</summary>
    public Matrix<double> PosteriorCovariance(IReadOnlyList<double[]> points)
    {
        var ks = RbfKernel.Cross(_x, points, Hyperparameters);
        var cov = RbfKernel.Gram(points, Hyperparameters) - ks.TransposeThisAndMultiply(_factor.Solve(ks));
        return (cov + cov.Transpose()) * 0.5;
    }

    /// <summary>
    /// <paramref name="count"/> joint draws of the latent function at <paramref name="points"/> from N(μ, α²Σ)
    /// (α = <paramref name="alphaScale"/>, PHYSBO's <c>config.search.alpha</c> = 1). Cost O(N³): keep N ≲ a few
    /// thousand and use <see cref="RandomFeatureModel"/> beyond that.
    /// </summary>
    /// <returns>samples[s][j]: draw s at point j.</returns>
    public double[][] SampleJoint(IReadOnlyList<double[]> points, int count, IRandomSource random, double alphaScale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(random);
        var mean = PredictMean(points);
        var cov = PosteriorCovariance(points);
        var s2 = Hyperparameters.Scale * Hyperparameters.Scale;
        var (chol, _) = RbfKernel.CholeskyWithJitter(cov, 1e-10 * s2, 1e-2 * s2);
        var l = chol.Factor;
        var samples = new double[count][];
        var z = new double[points.Count];
        for (var s = 0; s < count; s++)
        {
            for (var j = 0; j < z.Length; j++)
            {
                z[j] = random.NextGaussian() * alphaScale;
            }

            var draw = new double[points.Count];
            for (var i = 0; i < draw.Length; i++)
            {
                var sum = mean[i];
                for (var j = 0; j <= i; j++)
                {
                    sum += l[i, j] * z[j];
                }

                draw[i] = sum;
            }

            samples[s] = draw;
        }

        return samples;
    }

    /// <summary>A model with one more observation and the same hyperparameters (re-factorised, O(n³)).</summary>
    public GpModel WithObservation(double[] x, double y)
        => GaussianProcess.Condition([.. _x, x], [.. _y, y], Hyperparameters);

    private static double[][] Slice(IReadOnlyList<double[]> points, int start, int count)
    {
        var block = new double[count][];
        for (var j = 0; j < count; j++)
        {
            block[j] = points[start + j];
        }

        return block;
    }
}
