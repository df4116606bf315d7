using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace Kiseki.Methods.Gaussian;

/// <summary>
/// The optimisation vector θ = (log σ_n [unless fixed], log s, log η_1…η_k, m) with box bounds, and the BFGS-B run on
/// it. Bounds: σ_n ∈ [sd·MinRelativeNoise, sd], s ∈ [0.05·sd, 1e3·sd], η ∈ [1e-2, 1e3]·(input span), m within
/// 10·sd of the target range (sd: target standard deviation). The lower scale and width bounds exclude the degenerate
/// "everything is noise" optimum that otherwise traps type-II ML on rugged data.
/// </summary>
internal sealed class GpParameterSpace
{
    private readonly double[][] _x;
    private readonly double[] _y;
    private readonly GpOptions _options;
    private readonly int _widths;
    private readonly int _offset;
    private readonly double[] _lower;
    private readonly double[] _upper;

    public GpParameterSpace(double[][] x, double[] y, double sd, GpOptions options)
    {
        _x = x;
        _y = y;
        _options = options;
        var dim = x[0].Length;
        _widths = options.Ard ? dim : 1;
        _offset = options.FixedNoise is null ? 1 : 0;
        var size = _offset + 2 + _widths;
        _lower = new double[size];
        _upper = new double[size];
        if (_offset == 1)
        {
            _lower[0] = Math.Log(sd * Math.Max(options.MinRelativeNoise, 1e-12));
            _upper[0] = Math.Log(sd);
        }

        _lower[_offset] = Math.Log(sd * 0.05);
        _upper[_offset] = Math.Log(sd * 1e3);
        for (var w = 0; w < _widths; w++)
        {
            var span = 0.0;
            for (var d = 0; d < dim; d++)
            {
                if (_widths == 1 || d == w)
                {
                    span = Math.Max(span, x.Max(p => p[d]) - x.Min(p => p[d]));
                }
            }

            span = span > 0 ? span : 1.0;
            _lower[_offset + 1 + w] = Math.Log(span * 1e-2);
            _upper[_offset + 1 + w] = Math.Log(span * 1e3);
        }

        _lower[^1] = y.Min() - 10 * sd;
        _upper[^1] = y.Max() + 10 * sd;
    }

    public double[] ToVector(GpHyperparameters h)
    {
        var theta = new double[_lower.Length];
        if (_offset == 1)
        {
            theta[0] = Math.Log(h.Noise);
        }

        theta[_offset] = Math.Log(h.Scale);
        for (var w = 0; w < _widths; w++)
        {
            theta[_offset + 1 + w] = Math.Log(h.Widths[w]);
        }

        theta[^1] = h.Mean;
        return theta;
    }

    public GpHyperparameters FromVector(IReadOnlyList<double> theta)
    {
        var widths = new double[_widths];
        for (var w = 0; w < _widths; w++)
        {
            widths[w] = Math.Exp(theta[_offset + 1 + w]);
        }

        var noise = _options.FixedNoise ?? Math.Exp(theta[0]);
        return new GpHyperparameters(theta[^1], Math.Exp(theta[_offset]), noise, widths);
    }

    public double[] Clamp(double[] theta)
    {
        var c = new double[theta.Length];
        for (var i = 0; i < theta.Length; i++)
        {
            c[i] = Math.Clamp(theta[i], _lower[i], _upper[i]);
        }

        return c;
    }

    /// <summary>NLML at θ, +∞ when the kernel is singular there.</summary>
    public double Value(double[] theta) => ValueAndGradient(theta, null);

    public (double Value, double[] Theta, int Iterations, bool Converged, string Reason) Minimize(double[] start, int maxIterations)
    {
        var bestValue = Value(start);
        var bestTheta = start;
        var objective = ObjectiveFunction.Gradient(v =>
        {
            var theta = v.ToArray();
            var g = new double[theta.Length];
            var f = ValueAndGradient(theta, g);
            if (!double.IsFinite(f))
            {
                return (1e300, Vector<double>.Build.Dense(theta.Length));
            }

            if (f < bestValue)
            {
                bestValue = f;
                bestTheta = theta;
            }

            return (f, Vector<double>.Build.DenseOfArray(g));
        });
        var minimizer = new BfgsBMinimizer(1e-5, 1e-8, 1e-9, Math.Max(1, maxIterations));
        try
        {
            var result = minimizer.FindMinimum(
                objective, Vector<double>.Build.DenseOfArray(_lower), Vector<double>.Build.DenseOfArray(_upper),
                Vector<double>.Build.DenseOfArray(start));
            var theta = result.MinimizingPoint.ToArray();
            var value = Value(theta);
            if (value <= bestValue)
            {
                return (value, theta, result.Iterations, true, $"BFGS-B: {result.ReasonForExit}");
            }

            return (bestValue, bestTheta, result.Iterations, true, $"BFGS-B: {result.ReasonForExit}");
        }
        catch (Exception ex) when (ex is OptimizationException or MathNet.Numerics.NonConvergenceException
                                       or ArgumentException)
        {
            return (bestValue, bestTheta, maxIterations, false, $"BFGS-B stopped early ({ex.Message}); best point kept");
        }
    }

    private double ValueAndGradient(double[] theta, double[]? gradient)
    {
        var h = FromVector(theta);
        try
        {
            if (gradient is null)
            {
                return GpLikelihood.Evaluate(_x, _y, h);
            }

            var full = new double[3 + _widths];
            var value = GpLikelihood.Evaluate(_x, _y, h, full);
            for (var i = 0; i < gradient.Length; i++)
            {
                gradient[i] = full[i + 1 - _offset];
            }

            return value;
        }
        catch (GaussianProcessException)
        {
            return double.PositiveInfinity;
        }
    }
}
