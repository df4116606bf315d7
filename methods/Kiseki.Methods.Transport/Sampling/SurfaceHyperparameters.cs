namespace Kiseki.Methods.Transport.Sampling;

/// <summary>
/// Hyperparameters of the periodic GP prior on the unit cell:
/// k(u, u') = s² Π_a exp(−sin²(π(u_a − u'_a)) / (2π²ℓ²)), which is the squared-exponential kernel of width ℓ on the
/// embedding e(u) = (cos 2πu_a, sin 2πu_a)_a / 2π and behaves like exp(−|Δu|²/2ℓ²) for small steps.
/// </summary>
/// <param name="Mean">Constant prior mean (energy units).</param>
/// <param name="Scale">Prior standard deviation s (energy units).</param>
/// <param name="Noise">Noise standard deviation σ_n (energy units; a small nugget for noise-free energies).</param>
/// <param name="Length">Length scale ℓ in fractional coordinates.</param>
public sealed record SurfaceHyperparameters(double Mean, double Scale, double Noise, double Length)
{
    /// <summary>The periodic embedding of fractional coordinates on which the kernel is squared-exponential with width ℓ.</summary>
    public static double[] Embed(IReadOnlyList<double> fractional)
    {
        var e = new double[2 * fractional.Count];
        for (var a = 0; a < fractional.Count; a++)
        {
            e[2 * a] = Math.Cos(2 * Math.PI * fractional[a]) / (2 * Math.PI);
            e[(2 * a) + 1] = Math.Sin(2 * Math.PI * fractional[a]) / (2 * Math.PI);
        }

        return e;
    }
}
