using Kiseki.Abstractions.Randomness;
using MathNet.Numerics.LinearAlgebra;

namespace Kiseki.Methods.Gaussian;

/// <summary>
/// Bayesian linear model on random Fourier features (Rahimi and Recht, NIPS 2007; PHYSBO's <c>blm</c>):
/// φ(x) = √(2s²/l)·cos(Wx + b), W rows ~ N(0, diag(1/η²)), b ~ U[0, 2π), weight prior w ~ N(0, I),
/// posterior precision A_w = ΦᵀΦ/σ_n² + I = UᵀU (U upper triangular), μ_w = A_w⁻¹Φᵀ(t − m)/σ_n².
/// Posterior function draws f*(x) = m + φ(x)ᵀ(μ_w + U⁻¹z), z ~ N(0, α²I), cost O(N·l) per draw, so it scales to
/// candidate sets of 10⁴–10⁶ points. Each new observation is a rank-1 Cholesky update, O(l²).
/// Mutable (observations are added in place); not thread-safe.
/// </summary>
public sealed class RandomFeatureModel
{
    private const int Chunk = 1024;
    private readonly double[] _w; // l × d, row-major
    private readonly double[] _b;
    private readonly double[] _u; // l × l upper factor, row-major
    private readonly double[] _rhs; // Φᵀ(t − m)
    private readonly double _amplitude;
    private double[]? _meanWeights;

    private RandomFeatureModel(GpHyperparameters h, int dimension, int features, IRandomSource random)
    {
        Hyperparameters = h;
        Dimension = dimension;
        FeatureCount = features;
        _w = new double[features * dimension];
        _b = new double[features];
        for (var f = 0; f < features; f++)
        {
            for (var d = 0; d < dimension; d++)
            {
                _w[f * dimension + d] = random.NextGaussian() / h.WidthOf(d);
            }

            _b[f] = 2 * Math.PI * random.NextDouble();
        }

        _amplitude = Math.Sqrt(2 * h.Scale * h.Scale / features);
        _u = new double[features * features];
        for (var f = 0; f < features; f++)
        {
            _u[f * features + f] = 1.0;
        }

        _rhs = new double[features];
    }

    /// <summary>The GP hyperparameters the features approximate.</summary>
    public GpHyperparameters Hyperparameters { get; }

    /// <summary>Input dimension d.</summary>
    public int Dimension { get; }

    /// <summary>Number of random features l.</summary>
    public int FeatureCount { get; }

    /// <summary>Number of observations absorbed so far.</summary>
    public int Count { get; private set; }

    /// <summary>
    /// A model with <paramref name="features"/> random features drawn from <paramref name="random"/> for the kernel
    /// of <paramref name="hyperparameters"/>, conditioned on (<paramref name="x"/>, <paramref name="y"/>) when given.
    /// </summary>
    public static RandomFeatureModel Create(
        GpHyperparameters hyperparameters, int dimension, int features, IRandomSource random,
        IReadOnlyList<double[]>? x = null, IReadOnlyList<double>? y = null)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(dimension, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(features, 1);
        hyperparameters.Validate(dimension);
        var model = new RandomFeatureModel(hyperparameters, dimension, features, random);
        if (x is not null && y is not null && x.Count > 0)
        {
            model.Fit(x, y);
        }

        return model;
    }

    /// <summary>φ(x): the feature vector of one point.</summary>
    public double[] Features(ReadOnlySpan<double> x)
    {
        var phi = new double[FeatureCount];
        FillFeatures(x, phi);
        return phi;
    }

    /// <summary>
/// Adds observations: A_w += ΦᵀΦ/σ_n², refactorised with MathNet's Cholesky, or by rank-1 updates when there are
/// fewer than l/4 observations.
/// </summary>
    public void Fit(IReadOnlyList<double[]> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
        {
            throw new ArgumentException("x and y must have the same length.");
        }

        var l = FeatureCount;
        if (x.Count < l / 4)
        {
            // few observations: n rank-1 updates (O(n·l²)) beat refactorising the l × l precision (O(l³))
            for (var i = 0; i < x.Count; i++)
            {
                AddObservation(x[i], y[i]);
            }

            return;
        }

        var s2 = Hyperparameters.Noise * Hyperparameters.Noise;
        var phi = Matrix<double>.Build.Dense(x.Count, l);
        var row = new double[l];
        for (var i = 0; i < x.Count; i++)
        {
            FillFeatures(x[i], row);
            var r = y[i] - Hyperparameters.Mean;
            for (var f = 0; f < l; f++)
            {
                phi[i, f] = row[f];
                _rhs[f] += row[f] * r;
            }
        }

        var a = phi.TransposeThisAndMultiply(phi) / s2;
        if (Count == 0)
        {
            for (var i = 0; i < l; i++)
            {
                a[i, i] += 1.0;
            }
        }
        else
        {
            var u = Matrix<double>.Build.Dense(l, l, (i, j) => _u[i * l + j]);
            a += u.TransposeThisAndMultiply(u);
        }
        var factor = a.Cholesky().Factor; // lower L, A = LLᵀ, U = Lᵀ
        for (var i = 0; i < l; i++)
        {
            for (var j = 0; j < l; j++)
            {
                _u[i * l + j] = j >= i ? factor[j, i] : 0.0;
            }
        }

        Count += x.Count;
        _meanWeights = null;
    }

    /// <summary>Adds one observation by a rank-1 Cholesky update of U (O(l²)).</summary>
    public void AddObservation(ReadOnlySpan<double> x, double y)
    {
        var l = FeatureCount;
        var v = Features(x);
        var r = y - Hyperparameters.Mean;
        for (var f = 0; f < l; f++)
        {
            _rhs[f] += v[f] * r;
            v[f] /= Hyperparameters.Noise;
        }

        for (var k = 0; k < l; k++)
        {
            var ukk = _u[k * l + k];
            var rr = Math.Sqrt(ukk * ukk + v[k] * v[k]);
            var c = rr / ukk;
            var s = v[k] / ukk;
            _u[k * l + k] = rr;
            for (var i = k + 1; i < l; i++)
            {
                var uki = (_u[k * l + i] + s * v[i]) / c;
                _u[k * l + i] = uki;
                v[i] = c * v[i] - s * uki;
            }
        }

        Count++;
        _meanWeights = null;
    }

    /// <summary>Posterior mean weights μ_w.</summary>
    public double[] MeanWeights()
    {
        if (_meanWeights is null)
        {
            var s2 = Hyperparameters.Noise * Hyperparameters.Noise;
            var t = SolveUpperTransposed(Array.ConvertAll(_rhs, v => v / s2));
            _meanWeights = SolveUpper(t);
        }

        return (double[])_meanWeights.Clone();
    }

    /// <summary>Posterior mean m + φ(x)ᵀμ_w at each point.</summary>
    public double[] PredictMean(IReadOnlyList<double[]> points)
        => Evaluate(points, [MeanWeights()], 1)[0];

    /// <summary>Posterior latent variance φ(x)ᵀA_w⁻¹φ(x) at each point (O(l²) per point).</summary>
    public double[] PredictVariance(IReadOnlyList<double[]> points)
    {
        var result = new double[points.Count];
        for (var j = 0; j < points.Count; j++)
        {
            var z = SolveUpperTransposed(Features(points[j]));
            result[j] = z.Sum(v => v * v);
        }

        return result;
    }

    /// <summary>
    /// <paramref name="count"/> posterior weight draws w* = μ_w + U⁻¹z, z ~ N(0, α²I), α = <paramref name="alphaScale"/>.
    /// </summary>
    public double[][] SampleWeights(int count, IRandomSource random, double alphaScale = 1.0)
    {
        ArgumentNullException.ThrowIfNull(random);
        var mean = MeanWeights();
        var draws = new double[count][];
        for (var s = 0; s < count; s++)
        {
            var z = new double[FeatureCount];
            for (var f = 0; f < z.Length; f++)
            {
                z[f] = random.NextGaussian() * alphaScale;
            }

            var dw = SolveUpper(z);
            for (var f = 0; f < z.Length; f++)
            {
                dw[f] += mean[f];
            }

            draws[s] = dw;
        }

        return draws;
    }

    /// <summary>
    /// <paramref name="count"/> posterior function samples evaluated at every point, in one pass over the features
    /// (computed chunk by chunk, never stored whole). Results do not depend on <paramref name="maxDegreeOfParallelism"/>.
    /// </summary>
    /// <returns>samples[s][j]: draw s at point j.</returns>
    public double[][] SampleFunctions(
        IReadOnlyList<double[]> points, int count, IRandomSource random, double alphaScale = 1.0, int maxDegreeOfParallelism = 1)
        => Evaluate(points, SampleWeights(count, random, alphaScale), maxDegreeOfParallelism);

    /// <summary>m + φ(x_j)ᵀ weights[s] for every weight vector s and point j.</summary>
    public double[][] Evaluate(IReadOnlyList<double[]> points, IReadOnlyList<double[]> weights, int maxDegreeOfParallelism = 1)
    {
        ArgumentNullException.ThrowIfNull(points);
        var result = new double[weights.Count][];
        for (var s = 0; s < weights.Count; s++)
        {
            result[s] = new double[points.Count];
        }

        var chunks = (points.Count + Chunk - 1) / Chunk;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, maxDegreeOfParallelism) }, c =>
        {
            var phi = new double[FeatureCount];
            var end = Math.Min(points.Count, (c + 1) * Chunk);
            for (var j = c * Chunk; j < end; j++)
            {
                FillFeatures(points[j], phi);
                for (var s = 0; s < weights.Count; s++)
                {
                    var w = weights[s];
                    var sum = 0.0;
                    for (var f = 0; f < phi.Length; f++)
                    {
                        sum += phi[f] * w[f];
                    }

                    result[s][j] = Hyperparameters.Mean + sum;
                }
            }
        });
        return result;
    }

    private void FillFeatures(ReadOnlySpan<double> x, Span<double> phi)
    {
        if (x.Length != Dimension)
        {
            throw new ArgumentException($"point has {x.Length} coordinates, expected {Dimension}.");
        }

        for (var f = 0; f < FeatureCount; f++)
        {
            var arg = _b[f];
            for (var d = 0; d < Dimension; d++)
            {
                arg += _w[f * Dimension + d] * x[d];
            }

            phi[f] = _amplitude * Math.Cos(arg);
        }
    }

    // Solves Uᵀz = v (forward substitution; Uᵀ is lower triangular).
    private double[] SolveUpperTransposed(double[] v)
    {
        var l = FeatureCount;
        var z = (double[])v.Clone();
        for (var i = 0; i < l; i++)
        {
            z[i] /= _u[i * l + i];
            var zi = z[i];
            for (var j = i + 1; j < l; j++)
            {
                z[j] -= _u[i * l + j] * zi;
            }
        }

        return z;
    }

    // Solves Ux = v (back substitution).
    private double[] SolveUpper(double[] v)
    {
        var l = FeatureCount;
        var x = (double[])v.Clone();
        for (var i = l - 1; i >= 0; i--)
        {
            var sum = x[i];
            for (var j = i + 1; j < l; j++)
            {
                sum -= _u[i * l + j] * x[j];
            }

            x[i] = sum / _u[i * l + i];
        }

        return x;
    }
}
