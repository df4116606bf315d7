namespace Kiseki.Methods.Spectral.Decomposition;

/// <summary>
/// Keenan–Kotula scaling for Poisson (count) data: X̃_ij = X_ij / (a_i · b_j) with a_i = √(mean over channels of
/// pixel i) and b_j = √(mean over pixels of channel j), i.e. division by √(outer(mean image, mean spectrum)).
/// This equals HyperSpy's X / (√(Σ_j X_ij) · √(Σ_i X_ij)) times the constant √(N·M). A factor model of X̃ maps back
/// to X by multiplying maps by a and spectra by b. Pixels or channels whose mean is 0 get weight 0 (their scaled
/// values are 0). Refuses negative data: the scaling assumes counts.
/// </summary>
/// <remarks>M. R. Keenan and P. G. Kotula, Surf. Interface Anal. 36 (2004) 203–212.</remarks>
public static class PoissonScaling
{
    /// <summary>Pixel weights a (length n) and channel weights b (length m) of row-major X (n × m).</summary>
    public static (double[] PixelWeights, double[] ChannelWeights) Weights(double[] x, int n, int m)
    {
        ArgumentNullException.ThrowIfNull(x);
        var scan = SpectrumScan.Of(SpectrumRows.FromArray(x, n, m), rowSums: true, CancellationToken.None);
        if (scan.FirstNegative >= 0)
        {
            throw new ArgumentException(
                $"Poisson scaling needs non-negative counts; pixel {scan.FirstNegative / m}, channel {scan.FirstNegative % m} is {scan.NegativeValue}.",
                nameof(x));
        }

        return scan.PoissonWeights();
    }

    /// <summary>X̃ = X / (a bᵀ) elementwise, 0 where a_i·b_j = 0.</summary>
    public static double[] Apply(double[] x, int n, int m, double[] a, double[] b)
    {
        ArgumentNullException.ThrowIfNull(x);
        var scaled = new double[x.Length];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                var w = a[i] * b[j];
                scaled[(i * m) + j] = w > 0 ? x[(i * m) + j] / w : 0;
            }
        }

        return scaled;
    }
}
