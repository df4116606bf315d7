using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Factorization;

namespace Kiseki.Methods.Gaussian;

/// <summary>The Gaussian (RBF) kernel with optional ARD and a jittered Cholesky factorisation of its Gram matrix.</summary>
public static class RbfKernel
{
    /// <summary>PHYSBO's fixed jitter added to the Gram matrix diagonal.</summary>
    public const double BaseJitter = 1e-8;

    /// <summary>Scaled squared distance Σ_d (a_d − b_d)² / η_d².</summary>
    public static double ScaledSquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b, GpHyperparameters h)
    {
        var sum = 0.0;
        if (!h.IsArd)
        {
            var inv = 1.0 / (h.Widths[0] * h.Widths[0]);
            for (var d = 0; d < a.Length; d++)
            {
                var diff = a[d] - b[d];
                sum += diff * diff;
            }

            return sum * inv;
        }

        for (var d = 0; d < a.Length; d++)
        {
            var diff = (a[d] - b[d]) / h.Widths[d];
            sum += diff * diff;
        }

        return sum;
    }

    /// <summary>k(a, b) = s² exp(−½ r²).</summary>
    public static double Evaluate(ReadOnlySpan<double> a, ReadOnlySpan<double> b, GpHyperparameters h)
        => h.Scale * h.Scale * Math.Exp(-0.5 * ScaledSquaredDistance(a, b, h));

    /// <summary>The cross-covariance matrix K(rows, columns) (rows.Length × columns.Length).</summary>
    public static Matrix<double> Cross(IReadOnlyList<double[]> rows, IReadOnlyList<double[]> columns, GpHyperparameters h)
    {
        var k = Matrix<double>.Build.Dense(rows.Count, columns.Count);
        for (var j = 0; j < columns.Count; j++)
        {
            for (var i = 0; i < rows.Count; i++)
            {
                k[i, j] = Evaluate(rows[i], columns[j], h);
            }
        }

        return k;
    }

    /// <summary>The prior covariance K(x, x) without noise.</summary>
    public static Matrix<double> Gram(IReadOnlyList<double[]> x, GpHyperparameters h)
    {
        var n = x.Count;
        var k = Matrix<double>.Build.Dense(n, n);
        for (var i = 0; i < n; i++)
        {
            k[i, i] = h.Scale * h.Scale;
            for (var j = 0; j < i; j++)
            {
                var v = Evaluate(x[i], x[j], h);
                k[i, j] = v;
                k[j, i] = v;
            }
        }

        return k;
    }

    /// <summary>
    /// Cholesky factor of <paramref name="matrix"/> + jitter·I, starting at <paramref name="jitter"/> and multiplying it
    /// by 10 until the factorisation succeeds (at most up to <paramref name="maxJitter"/>). The matrix is not modified.
    /// </summary>
    /// <returns>The factorisation and the jitter that was finally added.</returns>
    /// <exception cref="GaussianProcessException">The matrix is not positive definite even with the largest jitter.</exception>
    public static (Cholesky<double> Factor, double Jitter) CholeskyWithJitter(
        Matrix<double> matrix, double jitter, double maxJitter)
    {
        var current = jitter;
        while (true)
        {
            var trial = matrix.Clone();
            for (var i = 0; i < trial.RowCount; i++)
            {
                trial[i, i] += current;
            }

            try
            {
                var factor = trial.Cholesky();
                if (double.IsFinite(factor.DeterminantLn))
                {
                    return (factor, current);
                }
            }
            catch (ArgumentException)
            {
                // not positive definite: escalate the jitter below
            }

            if (current >= maxJitter)
            {
                throw new GaussianProcessException(
                    $"the covariance matrix ({matrix.RowCount}×{matrix.RowCount}) is not positive definite even with " +
                    $"jitter {current:G3} added to its diagonal; the kernel is singular for these inputs " +
                    "(check for non-finite inputs or extreme length scales).");
            }

            current = Math.Min(current * 10, maxJitter);
        }
    }
}
