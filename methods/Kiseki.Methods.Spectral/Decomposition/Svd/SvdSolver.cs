namespace Kiseki.Methods.Spectral.Decomposition.Svd;

/// <summary>Truncated SVD X ≈ U Σ Vᵀ with maps C = U (unit-norm columns) and spectra S = V Σ (malspy's layout).</summary>
/// <param name="Maps">C, row-major (n × k).</param>
/// <param name="Spectra">S, row-major (m × k).</param>
/// <param name="SingularValues">σ_1 ≥ … ≥ σ_k (of the scaled data when Poisson-scaled).</param>
/// <param name="ExplainedVarianceRatio">σ_k² / ‖X‖²_F (of the scaled data when Poisson-scaled).</param>
/// <param name="Residual">Per-pixel RMSE of X − C Sᵀ in data units.</param>
/// <param name="Mse">Mean of the squared residual over all entries.</param>
/// <param name="NullComponents">Components whose σ is numerically 0 (their maps are set to 0).</param>
public sealed record SvdResult(
    double[] Maps, double[] Spectra, double[] SingularValues, double[] ExplainedVarianceRatio, double[] Residual,
    double Mse, int NullComponents);

/// <summary>
/// SVD through the channels × channels Gram matrix: XᵀX = V Σ² Vᵀ (symmetric eigensolver), U = X V Σ⁻¹. Memory
/// O(M² + N·K); no N × N matrix. Accuracy: singular values below about 1e-7·σ₁ are resolved only to ~√eps·σ₁
/// (the Gram matrix squares the condition number); the leading components are accurate to near machine precision.
/// </summary>
public static class SvdSolver
{
    /// <summary>Relative eigenvalue (σ²) below which a component counts as numerically zero.</summary>
    public const double NullThreshold = 1e-13;

    /// <summary>Decomposes row-major X (n × m) into <paramref name="k"/> components.</summary>
    public static SvdResult Solve(
        double[] x, int n, int m, int k, bool poissonScaling, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        var rows = SpectrumRows.FromArray(x, n, m);
        return Solve(rows, SpectrumScan.Of(rows, poissonScaling, cancellationToken), k, poissonScaling, maxDegreeOfParallelism, cancellationToken);
    }

    /// <summary>
    /// Decomposes the rows of X into <paramref name="k"/> components; <paramref name="scan"/> is
    /// <see cref="SpectrumScan.Of"/> of the same rows (with row sums when Poisson-scaled). Passes over X after the scan:
    /// the Gram matrix, the maps with the residual.
    /// </summary>
    public static SvdResult Solve(
        SpectrumRows x, SpectrumScan scan, int k, bool poissonScaling, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(scan);
        var m = x.Columns;
        double[]? a = null, b = null;
        var work = x;
        if (poissonScaling)
        {
            (a, b) = scan.PoissonWeights();
            work = x.Scaled(a, b);
        }

        var eig = GramEigenSolver.Solve(work, k, null, maxDegreeOfParallelism, cancellationToken);
        var sigma = eig.Eigenvalues.Select(Math.Sqrt).ToArray();
        var divisors = new double[k];
        var nulls = 0;
        for (var j = 0; j < k; j++)
        {
            var isNull = eig.Eigenvalues[j] <= NullThreshold * eig.Eigenvalues[0] || sigma[j] == 0;
            nulls += isNull ? 1 : 0;
            divisors[j] = isNull ? 0 : sigma[j];
        }

        var spectra = new double[m * k];
        for (var c = 0; c < m; c++)
        {
            for (var j = 0; j < k; j++)
            {
                spectra[(c * k) + j] = eig.Vectors[(c * k) + j] * sigma[j] * (b?[c] ?? 1);
            }
        }

        var flips = FactorModel.SignFlips(spectra, m, k);
        FactorModel.FixSigns([], spectra, 0, m, k);
        var (u, rmse, mse) = FactorScores.Compute(
            work, new FactorProjection(eig.Vectors, null, divisors, a, flips, spectra, null), k, maxDegreeOfParallelism,
            cancellationToken);
        var ratio = eig.Eigenvalues.Select(l => eig.Trace > 0 ? l / eig.Trace : 0).ToArray();
        return new SvdResult(u, spectra, sigma, ratio, rmse, mse, nulls);
    }
}
