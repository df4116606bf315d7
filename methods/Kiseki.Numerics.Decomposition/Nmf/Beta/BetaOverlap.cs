namespace Kiseki.Methods.Spectral.Nmf.Beta;

/// <summary>
/// The soft-orthogonality step of β-NMF-SO on the map numerators (as malspy's BetaNMF_SO): it needs ĉᵀnum_k and ĉᵀĉ
/// over all pixels before any map row is updated, which is why that sweep keeps two passes over X.
/// </summary>
/// <remarks>malspy's BetaNMF_SO (Shiga and Muto 2019); soft orthogonality as Shiga et al., Ultramicroscopy 170 (2016) 43–59.</remarks>
internal static class BetaOverlap
{
    /// <summary>num_k ← clip(num_k − w_o·(ĉᵀnum_k/ĉᵀĉ)·ĉ), ĉ = sum of the other maps (as malspy's BetaNMF_SO).</summary>
    public static void Remove(double[] c, double[] num, int n, int k, double weight)
    {
        var rowSums = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var q = 0; q < k; q++)
            {
                rowSums[i] += c[(i * k) + q];
            }
        }

        var adjusted = (double[])num.Clone();
        for (var q = 0; q < k; q++)
        {
            double dot = 0, norm = 0;
            for (var i = 0; i < n; i++)
            {
                var other = rowSums[i] - c[(i * k) + q];
                dot += other * num[(i * k) + q];
                norm += other * other;
            }

            if (norm == 0)
            {
                continue;
            }

            var f = weight * dot / norm;
            for (var i = 0; i < n; i++)
            {
                var value = num[(i * k) + q] - (f * (rowSums[i] - c[(i * k) + q]));
                adjusted[(i * k) + q] = value > 0 ? value : 0;
            }
        }

        Array.Copy(adjusted, num, num.Length);
    }
}
