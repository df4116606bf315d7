namespace Kiseki.Methods.Spectral.Nmf.Beta;

/// <summary>
/// The β-divergence in malspy's convention (β = −1 Itakura–Saito, 0 Kullback–Leibler, 1 Euclidean; β_std = β + 1)
/// and the exponents of the multiplicative updates of Févotte and Idier (2011).
/// </summary>
public static class BetaDivergence
{
    /// <summary>d(x | y) for one entry; y must be &gt; 0 (x = 0 allowed for β &gt; −1).</summary>
    public static double Of(double x, double y, double beta)
    {
        if (beta == 0)
        {
            return x == 0 ? y : (x * Math.Log(x / y)) - x + y;
        }

        if (beta == -1)
        {
            return (x / y) - Math.Log(x / y) - 1;
        }

        if (beta == 1)
        {
            return (x - y) * (x - y);
        }

        var b = beta + 1;
        return (Math.Pow(x, b) - Math.Pow(y, b) - (b * Math.Pow(y, beta) * (x - y))) / (beta * b);
    }

    /// <summary>The MM exponent γ(β_std): 1/(2 − β_std) below 1, 1 on [1, 2], 1/(β_std − 1) above 2.</summary>
    public static double Exponent(double beta)
    {
        var b = beta + 1;
        return b < 1 ? 1 / (2 - b) : b > 2 ? 1 / (b - 1) : 1;
    }
}
