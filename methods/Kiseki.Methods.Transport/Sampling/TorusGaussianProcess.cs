using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Transport.Grid;

namespace Kiseki.Methods.Transport.Sampling;

/// <summary>
/// An exact GP posterior on a periodic grid with the periodic kernel of <see cref="SurfaceHyperparameters"/>,
/// conditioned on energies at grid points. Because the prior covariance over the whole grid is circulant, its
/// eigenvalues are the product of the axes' 1-D spectra; prior surfaces are drawn by FFT and turned into posterior
/// surfaces by pathwise conditioning (Matheron's rule, Wilson et al., ICML 2020):
/// f_post = f_prior + K(·, X)(K_XX + σ²I)⁻¹(y − m − f_prior(X) − ε), where K(·, X)v is a circular convolution (FFT).
/// Cost per pair of samples: 3 grid FFTs plus two O(n²) triangular solves.
/// </summary>
internal sealed class TorusGaussianProcess
{
    private readonly PeriodicGrid _grid;
    private readonly double[][] _axisKernel;
    private readonly double[] _spectrum;
    private readonly double[] _sqrtSpectrum;
    private readonly Cholesky _cholesky = new();
    private readonly List<int> _points = [];
    private readonly List<double> _values = [];
    private readonly List<double> _attempted = [];
    private readonly double _variance;
    private readonly double _nugget;

    public TorusGaussianProcess(PeriodicGrid grid, SurfaceHyperparameters hyperparameters)
    {
        _grid = grid;
        Hyperparameters = hyperparameters;
        _variance = hyperparameters.Scale * hyperparameters.Scale;
        _nugget = hyperparameters.Noise * hyperparameters.Noise;
        int[] sizes = [grid.N0, grid.N1, grid.N2];
        var axes = grid.Rank;
        _axisKernel = new double[3][];
        var axisSpectrum = new double[3][];
        var ell2 = 2 * Math.PI * Math.PI * hyperparameters.Length * hyperparameters.Length;
        for (var a = 0; a < 3; a++)
        {
            var n = sizes[a];
            _axisKernel[a] = new double[n];
            for (var d = 0; d < n; d++)
            {
                var s = Math.Sin(Math.PI * d / n);
                _axisKernel[a][d] = a < axes ? Math.Exp(-(s * s) / ell2) : 1.0;
            }

            var re = (double[])_axisKernel[a].Clone();
            var im = new double[n];
            new Fft1D(n).Transform(re, im, inverse: false);
            axisSpectrum[a] = [.. re.Select(x => Math.Max(0.0, x))];
        }

        _spectrum = new double[grid.Count];
        _sqrtSpectrum = new double[grid.Count];
        var scaleN = (double)grid.Count;
        for (var index = 0; index < grid.Count; index++)
        {
            var (i, j, k) = grid.CoordinatesOf(index);
            var lambda = _variance * axisSpectrum[0][i] * axisSpectrum[1][j] * axisSpectrum[2][k];
            _spectrum[index] = lambda;
            _sqrtSpectrum[index] = Math.Sqrt(lambda * scaleN);
        }
    }

    public SurfaceHyperparameters Hyperparameters { get; }

    /// <summary>The Cholesky factor of K_XX + σ²I.</summary>
    public Cholesky Factor => _cholesky;

    /// <summary>Number of conditioning points.</summary>
    public int Count => _points.Count;

    /// <summary>Number of points passed to <see cref="Add"/> (including skipped, numerically redundant ones).</summary>
    public int Attempted => _attempted.Count;

    /// <summary>Target passed in the <paramref name="t"/>-th call of <see cref="Add"/>.</summary>
    public double AttemptedTarget(int t) => _attempted[t];

    /// <summary>Prior covariance between two grid points.</summary>
    public double Kernel(int p, int q)
    {
        var (pi, pj, pk) = _grid.CoordinatesOf(p);
        var (qi, qj, qk) = _grid.CoordinatesOf(q);
        return _variance
            * _axisKernel[0][Math.Abs(pi - qi)]
            * _axisKernel[1][Math.Abs(pj - qj)]
            * _axisKernel[2][Math.Abs(pk - qk)];
    }

    /// <summary>Adds an observation (O(n²)); false when the covariance became numerically singular (point skipped).</summary>
    public bool Add(int index, double value)
    {
        _attempted.Add(value);
        var column = new double[_points.Count];
        for (var t = 0; t < column.Length; t++)
        {
            column[t] = Kernel(_points[t], index);
        }

        if (!_cholesky.Append(column, _variance + _nugget))
        {
            return false;
        }

        _points.Add(index);
        _values.Add(value);
        return true;
    }

    /// <summary>Posterior mean on the whole grid.</summary>
    public double[] Mean()
    {
        var alpha = new double[_points.Count];
        for (var t = 0; t < alpha.Length; t++)
        {
            alpha[t] = _values[t] - Hyperparameters.Mean;
        }

        _cholesky.Solve(alpha);
        var re = new double[_grid.Count];
        var im = new double[_grid.Count];
        for (var t = 0; t < alpha.Length; t++)
        {
            re[_points[t]] += alpha[t];
        }

        Convolve(new GridFft(_grid), re, im);
        for (var i = 0; i < re.Length; i++)
        {
            re[i] += Hyperparameters.Mean;
        }

        return re;
    }

    /// <summary>Buffers for <see cref="SamplePair"/> (one per thread).</summary>
    public sealed class Workspace(PeriodicGrid grid)
    {
        public GridFft Fft { get; } = new(grid);

        public double[] Re { get; } = new double[grid.Count];

        public double[] Im { get; } = new double[grid.Count];
    }

    /// <summary>Draws two independent posterior surfaces into <paramref name="first"/> and <paramref name="second"/>.</summary>
    public void SamplePair(IRandomSource random, Workspace workspace, double[] first, double[] second)
    {
        var re = workspace.Re;
        var im = workspace.Im;
        for (var i = 0; i < re.Length; i++)
        {
            // Box–Muller with both outputs: one pair of uniforms gives the real and imaginary parts.
            var u1 = ((random.NextUInt64() >> 11) + 1) * (1.0 / (1UL << 53));
            var u2 = (random.NextUInt64() >> 11) * (1.0 / (1UL << 53));
            var radius = _sqrtSpectrum[i] * Math.Sqrt(-2.0 * Math.Log(u1));
            var (sin, cos) = Math.SinCos(2.0 * Math.PI * u2);
            re[i] = radius * cos;
            im[i] = radius * sin;
        }

        workspace.Fft.Transform(re, im, inverse: true);
        Array.Copy(re, first, re.Length);
        Array.Copy(im, second, im.Length);
        var n = _points.Count;
        var va = new double[n];
        var vb = new double[n];
        for (var t = 0; t < n; t++)
        {
            var p = _points[t];
            va[t] = _values[t] - Hyperparameters.Mean - first[p] - (Hyperparameters.Noise * random.NextGaussian());
            vb[t] = _values[t] - Hyperparameters.Mean - second[p] - (Hyperparameters.Noise * random.NextGaussian());
        }

        _cholesky.Solve(va);
        _cholesky.Solve(vb);
        Array.Clear(re);
        Array.Clear(im);
        for (var t = 0; t < n; t++)
        {
            re[_points[t]] += va[t];
            im[_points[t]] += vb[t];
        }

        Convolve(workspace.Fft, re, im);
        for (var i = 0; i < re.Length; i++)
        {
            first[i] += re[i] + Hyperparameters.Mean;
            second[i] += im[i] + Hyperparameters.Mean;
        }
    }

    /// <summary>(re, im) ← K (re, im): circular convolution with the kernel via the spectrum.</summary>
    private void Convolve(GridFft fft, double[] re, double[] im)
    {
        fft.Transform(re, im, inverse: false);
        for (var i = 0; i < re.Length; i++)
        {
            re[i] *= _spectrum[i];
            im[i] *= _spectrum[i];
        }

        fft.Transform(re, im, inverse: true);
    }
}
