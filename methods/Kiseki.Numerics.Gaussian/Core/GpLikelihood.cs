using MathNet.Numerics.LinearAlgebra;

namespace Kiseki.Methods.Gaussian;

/// <summary>
/// Negative log marginal likelihood of the GP and its gradient (PHYSBO's form):
/// NLML = ½ n log 2π + ½ log det A + ½ (t − m)ᵀ A⁻¹ (t − m), A = K + σ_n² I + jitter·I.
/// </summary>
public static class GpLikelihood
{
    /// <summary>
    /// NLML of <paramref name="y"/> at inputs <paramref name="x"/>. When <paramref name="gradient"/> is given it receives
    /// ∂NLML/∂(log σ_n, log s, log η_1 … log η_k, m), k = number of widths.
    /// </summary>
    /// <exception cref="GaussianProcessException">The Gram matrix is singular even after jitter escalation.</exception>
    public static double Evaluate(IReadOnlyList<double[]> x, IReadOnlyList<double> y, GpHyperparameters h, double[]? gradient = null)
    {
        var n = x.Count;
        var k = RbfKernel.Gram(x, h);
        var a = k.Clone();
        var noise2 = h.Noise * h.Noise;
        for (var i = 0; i < n; i++)
        {
            a[i, i] += noise2;
        }

        var (chol, _) = RbfKernel.CholeskyWithJitter(a, RbfKernel.BaseJitter, MaxJitter(h));
        var r = Vector<double>.Build.Dense(n, i => y[i] - h.Mean);
        var alpha = chol.Solve(r);
        var nlml = 0.5 * n * Math.Log(2 * Math.PI) + 0.5 * chol.DeterminantLn + 0.5 * r.DotProduct(alpha);
        if (gradient is null)
        {
            return nlml;
        }

        var widths = h.Widths.Count;
        if (gradient.Length != 3 + widths)
        {
            throw new ArgumentException($"gradient must have {3 + widths} entries.", nameof(gradient));
        }

        var q = chol.Solve(Matrix<double>.Build.DenseIdentity(n));
        var gNoise = 0.0;
        var gScale = 0.0;
        var gWidth = new double[widths];
        var dim = x[0].Length;
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                var qij = q[i, j] - alpha[i] * alpha[j];
                var kij = k[i, j];
                gScale += qij * kij;
                if (i == j)
                {
                    gNoise += qij * noise2;
                    continue;
                }

                var w = qij * kij;
                if (widths == 1)
                {
                    gWidth[0] += 0.5 * w * RbfKernel.ScaledSquaredDistance(x[i], x[j], h);
                }
                else
                {
                    for (var d = 0; d < dim; d++)
                    {
                        var diff = (x[i][d] - x[j][d]) / h.Widths[d];
                        gWidth[d] += 0.5 * w * diff * diff;
                    }
                }
            }
        }

        gradient[0] = gNoise;
        gradient[1] = gScale;
        gWidth.CopyTo(gradient, 2);
        gradient[2 + widths] = -alpha.Sum();
        return nlml;
    }

    /// <summary>The largest jitter tried before the kernel is declared singular: 1e-4·(s² + σ_n²).</summary>
    internal static double MaxJitter(GpHyperparameters h) => Math.Max(1e-4 * (h.Scale * h.Scale + h.Noise * h.Noise), RbfKernel.BaseJitter);
}
