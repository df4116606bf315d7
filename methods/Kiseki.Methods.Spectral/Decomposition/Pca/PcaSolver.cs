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
/// symmetric eigensolver. Memory O(M² + N·K).
/// </summary>
public static class PcaSolver
{
    /// <summary>Decomposes row-major X (n × m) into <paramref name="k"/> principal components.</summary>
    public static PcaResult Solve(
        double[] x, int n, int m, int k, bool poissonScaling, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(x);
        double[]? a = null, b = null;
        var work = x;
        if (poissonScaling)
        {
            (a, b) = PoissonScaling.Weights(x, n, m);
            work = PoissonScaling.Apply(x, n, m, a, b);
        }

        var eig = GramEigenSolver.Solve(work, n, m, k, centre: true, maxDegreeOfParallelism, cancellationToken);
        var mean = eig.Mean!;
        var scores = FactorModel.Project(work, n, m, eig.Vectors, k, mean);
        var loadings = (double[])eig.Vectors.Clone();
        var offsetSpectrum = (double[])mean.Clone();
        if (a is not null && b is not null)
        {
            for (var c = 0; c < m; c++)
            {
                offsetSpectrum[c] *= b[c];
                for (var j = 0; j < k; j++)
                {
                    loadings[(c * k) + j] *= b[c];
                }
            }

            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < k; j++)
                {
                    scores[(i * k) + j] *= a[i];
                }
            }
        }

        FactorModel.FixSigns(scores, loadings, n, m, k);
        var weights = a;
        var (rmse, mse) = FactorModel.Residual(
            x, n, m, scores, loadings, k, (i, c) => offsetSpectrum[c] * (weights?[i] ?? 1));
        var eigenvalues = eig.Eigenvalues.Select(l => l / n).ToArray();
        var ratio = eig.Eigenvalues.Select(l => eig.Trace > 0 ? l / eig.Trace : 0).ToArray();
        return new PcaResult(scores, loadings, offsetSpectrum, eigenvalues, ratio, rmse, mse);
    }
}
