namespace Kiseki.Methods.Spectral.Decomposition.Pca;

/// <summary>PCA X ≈ 1·μᵀ + C Sᵀ with orthonormal loadings S and scores C = (X − 1·μᵀ) S (malspy's layout).</summary>
/// <param name="Maps">Scores C, row-major (n × k).</param>
/// <param name="Spectra">Loadings S, row-major (m × k); unit-norm columns without Poisson scaling.</param>
/// <param name="Mean">μ, the mean spectrum (length m); with Poisson scaling pixel i's offset is a_i·μ.</param>
/// <param name="Eigenvalues">Eigenvalues of the covariance X₀ᵀX₀ / n, descending (scaled data when Poisson-scaled).</param>
/// <param name="ExplainedVarianceRatio">Eigenvalue / total variance.</param>
/// <param name="Residual">Per-pixel RMSE of X − offset − C Sᵀ in data units.</param>
/// <param name="Mse">Mean of the squared residual over all entries.</param>
public sealed record PcaResult(
    double[] Maps, double[] Spectra, double[] Mean, double[] Eigenvalues, double[] ExplainedVarianceRatio,
    double[] Residual, double Mse);

/// <summary>
/// PCA through the channels × channels covariance (centred Gram matrix, fixed-chunk summation) and MathNet's
/// symmetric eigensolver. Memory O(M² + N·K). X is read in fixed row chunks (<see cref="SpectrumRows"/>), so an image
/// in memory and the same image read by rows from its file give the same bits. Passes over X: the scan, the
/// scaled means (Poisson scaling only), the Gram matrix, the scores with the residual.
/// </summary>
public static class PcaSolver
{
    /// <summary>Decomposes row-major X (n × m) into <paramref name="k"/> principal components.</summary>
    public static PcaResult Solve(
        double[] x, int n, int m, int k, bool poissonScaling, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        var rows = SpectrumRows.FromArray(x, n, m);
        return Solve(rows, SpectrumScan.Of(rows, poissonScaling, cancellationToken), k, poissonScaling, maxDegreeOfParallelism, cancellationToken);
    }

    /// <summary>
    /// Decomposes the rows of X into <paramref name="k"/> principal components; <paramref name="scan"/> is
    /// <see cref="SpectrumScan.Of"/> of the same rows (with row sums when Poisson-scaled).
    /// </summary>
    public static PcaResult Solve(
        SpectrumRows x, SpectrumScan scan, int k, bool poissonScaling, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(scan);
        int n = x.Rows, m = x.Columns;
        double[]? a = null, b = null;
        var work = x;
        if (poissonScaling)
        {
            (a, b) = scan.PoissonWeights();
            work = x.Scaled(a, b);
        }

        var mean = poissonScaling ? SpectrumScan.Of(work, rowSums: false, cancellationToken).ColumnMeans : scan.ColumnMeans;
        var eig = GramEigenSolver.Solve(work, k, mean, maxDegreeOfParallelism, cancellationToken);
        var loadings = (double[])eig.Vectors.Clone();
        var offsetSpectrum = (double[])mean.Clone();
        if (b is not null)
        {
            for (var c = 0; c < m; c++)
            {
                offsetSpectrum[c] *= b[c];
                for (var j = 0; j < k; j++)
                {
                    loadings[(c * k) + j] *= b[c];
                }
            }
        }

        var flips = FactorModel.SignFlips(loadings, m, k);
        FactorModel.FixSigns([], loadings, 0, m, k);
        var (scores, rmse, mse) = FactorScores.Compute(
            work, new FactorProjection(eig.Vectors, mean, null, a, flips, loadings, offsetSpectrum), k, maxDegreeOfParallelism,
            cancellationToken);
        var eigenvalues = eig.Eigenvalues.Select(l => l / n).ToArray();
        var ratio = eig.Eigenvalues.Select(l => eig.Trace > 0 ? l / eig.Trace : 0).ToArray();
        return new PcaResult(scores, loadings, offsetSpectrum, eigenvalues, ratio, rmse, mse);
    }
}
