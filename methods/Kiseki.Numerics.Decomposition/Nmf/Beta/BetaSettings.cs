namespace Kiseki.Methods.Spectral.Nmf.Beta;

/// <summary>
/// What every β-NMF pass needs besides X and the factors: the number of components K, β in malspy's convention
/// (−1 IS, 0 KL, 1 Euclidean), the floor under the model values and the thread count (results do not depend on it).
/// </summary>
internal sealed record BetaSettings(int Components, double Beta, double Floor, int Threads)
{
    /// <summary>The MM exponent γ of the multiplicative updates.</summary>
    public double Gamma { get; } = BetaDivergence.Exponent(Beta);

    /// <summary>Whether this is the generalised Kullback–Leibler divergence (β = 0), whose denominators are sums of one factor.</summary>
    public bool IsKl => Beta == 0;
}
