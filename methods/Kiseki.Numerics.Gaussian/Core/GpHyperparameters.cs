namespace Kiseki.Methods.Gaussian;

/// <summary>
/// Hyperparameters of the GP prior k(x, x') = s² exp(−½ Σ_d (x_d − x'_d)² / η_d²) with constant mean m and Gaussian
/// noise of standard deviation σ_n (PHYSBO's <c>cov.Gauss</c>, <c>mean.Const</c>, <c>lik.Gauss</c>).
/// </summary>
/// <param name="Mean">Constant prior mean m (target units).</param>
/// <param name="Scale">Kernel amplitude s (target units; the prior standard deviation of f).</param>
/// <param name="Noise">Observation noise standard deviation σ_n (target units).</param>
/// <param name="Widths">
/// Length scales η (input units): one entry for an isotropic kernel, one per input dimension for ARD.
/// </param>
public sealed record GpHyperparameters(double Mean, double Scale, double Noise, IReadOnlyList<double> Widths)
{
    /// <summary>True when every input dimension has its own length scale.</summary>
    public bool IsArd => Widths.Count > 1;

    /// <summary>The length scale used for input dimension <paramref name="dimension"/>.</summary>
    public double WidthOf(int dimension) => Widths.Count == 1 ? Widths[0] : Widths[dimension];

    /// <summary>Checks that every value is finite and the positive ones are positive.</summary>
    /// <exception cref="ArgumentException">A value is not finite or not positive.</exception>
    public void Validate(int dimension)
    {
        if (!double.IsFinite(Mean))
        {
            throw new ArgumentException($"GP mean must be finite, got {Mean}.");
        }

        if (!(Scale > 0) || !double.IsFinite(Scale) || !(Noise > 0) || !double.IsFinite(Noise))
        {
            throw new ArgumentException($"GP scale and noise must be finite and positive, got s={Scale}, σn={Noise}.");
        }

        if (Widths.Count != 1 && Widths.Count != dimension)
        {
            throw new ArgumentException($"GP widths must have 1 or {dimension} entries, got {Widths.Count}.");
        }

        foreach (var w in Widths)
        {
            if (!(w > 0) || !double.IsFinite(w))
            {
                throw new ArgumentException($"GP widths must be finite and positive, got {w}.");
            }
        }
    }

    /// <inheritdoc />
    public override string ToString()
        => FormattableString.Invariant(
            $"m={Mean:G6}, s={Scale:G6}, σn={Noise:G6}, η=[{string.Join(", ", Widths.Select(w => w.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)))}]");
}
