namespace Kiseki.Methods.Spectral.Decomposition;

/// <summary>Shared steps of the linear factor models X ≈ offset + C Sᵀ: sign convention and residual image.</summary>
public static class FactorModel
{
    /// <summary>
    /// Sign convention: for each component k the spectrum entry of largest absolute value (the first such channel on a
    /// tie) is made positive, flipping map k with it so C Sᵀ is unchanged. This is malspy's SVD rule.
    /// </summary>
    public static void FixSigns(double[] maps, double[] spectra, int n, int m, int k)
    {
        ArgumentNullException.ThrowIfNull(maps);
        ArgumentNullException.ThrowIfNull(spectra);
        var flips = SignFlips(spectra, m, k);
        for (var j = 0; j < k; j++)
        {
            if (flips[j])
            {
                for (var a = 0; a < m; a++)
                {
                    spectra[(a * k) + j] = -spectra[(a * k) + j];
                }

                for (var i = 0; i < n; i++)
                {
                    maps[(i * k) + j] = -maps[(i * k) + j];
                }
            }
        }
    }

    /// <summary>
    /// Which components <see cref="FixSigns"/> flips: those whose spectrum entry of largest absolute value (first on a
    /// tie) is negative.
    /// </summary>
    public static bool[] SignFlips(double[] spectra, int m, int k)
    {
        ArgumentNullException.ThrowIfNull(spectra);
        var flips = new bool[k];
        for (var j = 0; j < k; j++)
        {
            var best = 0.0;
            for (var a = 0; a < m; a++)
            {
                var v = spectra[(a * k) + j];
                if (Math.Abs(v) > best)
                {
                    best = Math.Abs(v);
                    flips[j] = v < 0;
                }
            }
        }

        return flips;
    }

    /// <summary>
    /// Per-pixel RMSE √(mean_j (X_ij − offset_ij − Σ_k C_ik S_jk)²) and the overall mean squared error.
    /// <paramref name="offset"/> (pixel, channel) is the model's constant part (PCA mean), or null.
    /// </summary>
    public static (double[] Rmse, double Mse) Residual(
        double[] x, int n, int m, double[] maps, double[] spectra, int k, Func<int, int, double>? offset)
    {
        ArgumentNullException.ThrowIfNull(x);
        var rmse = new double[n];
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            var s = 0.0;
            for (var a = 0; a < m; a++)
            {
                var model = offset?.Invoke(i, a) ?? 0.0;
                for (var j = 0; j < k; j++)
                {
                    model += maps[(i * k) + j] * spectra[(a * k) + j];
                }

                var d = x[(i * m) + a] - model;
                s += d * d;
            }

            total += s;
            rmse[i] = Math.Sqrt(s / m);
        }

        return (rmse, total / ((double)n * m));
    }

    /// <summary>Y = X V for row-major X (n × m) and V (m × k): row i of Y is Σ_a X_ia V_a·.</summary>
    public static double[] Project(double[] x, int n, int m, double[] v, int k, double[]? mean = null)
    {
        ArgumentNullException.ThrowIfNull(x);
        var y = new double[n * k];
        for (var i = 0; i < n; i++)
        {
            for (var a = 0; a < m; a++)
            {
                var xa = x[(i * m) + a] - (mean?[a] ?? 0);
                if (xa == 0)
                {
                    continue;
                }

                for (var j = 0; j < k; j++)
                {
                    y[(i * k) + j] += xa * v[(a * k) + j];
                }
            }
        }

        return y;
    }
}
