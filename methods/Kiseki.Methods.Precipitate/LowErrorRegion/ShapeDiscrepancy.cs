namespace Kiseki.Methods.Precipitate.LowErrorRegion;

/// <summary>
/// Discrepancy between observed and predicted shapes, y(γ, ε_a) = (1/J) Σ_j (ln ρ*(R_j; γ, ε_a) − ln ρ_j)²
/// (squared log error, so y is a relative measure). Counts its evaluations (the "expensive simulator" calls).
/// </summary>
public sealed class ShapeDiscrepancy(ShapeEnergyModel model, IReadOnlyList<double> radii, IReadOnlyList<double> aspectRatios)
{
    /// <summary>Number of forward-model evaluations so far.</summary>
    public int Evaluations { get; private set; }

    /// <summary>y at interface energy <paramref name="gamma"/> (J/m²) and misfit <paramref name="misfit"/>; counted.</summary>
    public double Evaluate(double gamma, double misfit)
    {
        Evaluations++;
        return Uncounted(gamma, misfit);
    }

    /// <summary>y without counting (used for the exhaustive ground truth).</summary>
    public double Uncounted(double gamma, double misfit)
    {
        var sum = 0.0;
        for (var j = 0; j < radii.Count; j++)
        {
            var rho = model.EquilibriumAspectRatio(radii[j], misfit, gamma);
            var d = Math.Log(rho) - Math.Log(aspectRatios[j]);
            sum += d * d;
        }

        return sum / radii.Count;
    }
}
