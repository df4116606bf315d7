using System.Runtime.CompilerServices;

namespace Kiseki.Methods.Spectral.Nmf.Beta;

/// <summary>The majorisation–minimisation step of β-NMF on a factor: v ← v·(num/den)^γ.</summary>
/// <remarks>Févotte and Idier, Neural Comput. 23 (2011) 2421, eq. (35)–(36) with γ from <see cref="BetaDivergence.Exponent"/>.</remarks>
internal static class MultiplicativeUpdate
{
    /// <summary>
    /// v[i] ← v[i]·(max(num[i], 0)/den[i])^γ; entries with v = 0 (fixed points) or den ≤ 0 are kept. The spans have the
    /// same length.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(Span<double> v, ReadOnlySpan<double> num, ReadOnlySpan<double> den, double gamma)
    {
        for (var i = 0; i < v.Length; i++)
        {
            var d = den[i];
            if (v[i] == 0 || d <= 0)
            {
                continue;
            }

            var ratio = Math.Max(num[i], 0) / d;
            v[i] *= gamma == 1 ? ratio : Math.Pow(ratio, gamma);
        }
    }
}
