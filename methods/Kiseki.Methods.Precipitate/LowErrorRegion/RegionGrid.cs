using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Precipitate.LowErrorRegion;

/// <summary>The (γ, ε_a) box and grid of the region methods after version 1.</summary>
public abstract record RegionBoxSettings
{
    [Description("Lower end of the interface energy γ range (J/m²).")]
    public double InterfaceEnergyMin { get; init; } = 0.02;

    [Description("Upper end of the interface energy γ range (J/m²).")]
    public double InterfaceEnergyMax { get; init; } = 0.5;

    [Description("Lower end of the basal misfit ε_a range.")]
    public double MisfitMin { get; init; } = 0.005;

    [Description("Upper end of the basal misfit ε_a range.")]
    public double MisfitMax { get; init; } = 0.08;

    [Description("Grid points per parameter axis (grid_size² candidates).")]
    [Range(2, 400)]
    public int GridSize { get; init; } = 50;

    /// <summary>The checked grid of these settings.</summary>
    public RegionGrid Grid() => new(InterfaceEnergyMin, InterfaceEnergyMax, MisfitMin, MisfitMax, GridSize);
}

/// <summary>The box, the grid and the search settings shared by every version of <c>precipitate.low-error-region</c>.</summary>
public abstract record RegionSearchParametersBase : RegionBoxSettings
{
    [Description("Threshold h on the discrepancy y = mean (ln ρ* − ln ρ_obs)²; the low-error region is y < h.")]
    public double Threshold { get; init; } = 0.01;

    [Description("Search strategy: lse, straddle, random or max-variance.")]
    public RegionStrategy Strategy { get; init; } = RegionStrategy.Lse;

    [Description("Random initial evaluations.")]
    [Range(1, 100000)]
    public int InitialPoints { get; init; } = 10;

    [Description("Maximum forward-model evaluations, failed ones included (default: 20 % of a 50×50 grid).")]
    [Range(1, 1000000)]
    public int Budget { get; init; } = 500;

    [Description("LSE confidence width β^{1/2}.")]
    [Range(0.01, 100.0)]
    public double BetaSqrt { get; init; } = 3;

    [Description("LSE accuracy ε on ln y.")]
    [Range(0.0, 100.0)]
    public double Accuracy { get; init; }

    [Description("Minimum steps between GP hyperparameter refits.")]
    [Range(1, 100000)]
    public int HyperparameterInterval { get; init; } = 10;

    [Description("F1 against the exhaustive (reference) region that counts as reached.")]
    [Range(0.0, 1.0)]
    public double TargetF1 { get; init; } = 0.95;

    [Description("Stop the search once the target F1 is reached.")]
    public bool StopAtTarget { get; init; }

    /// <summary>The solver settings of these parameters.</summary>
    public RegionSearchSettings SearchSettings() => new()
    {
        Strategy = Strategy, InitialPoints = InitialPoints, Budget = Budget, BetaSqrt = BetaSqrt, Accuracy = Accuracy,
        HyperparameterInterval = HyperparameterInterval, TargetF1 = TargetF1, StopAtTarget = StopAtTarget,
    };
}

/// <summary>
/// A square grid over (γ, ε_a): index i = r·n + c at γ = γ_c (column) and ε_a = ε_r (row), both linearly spaced; the
/// search sees unit-scaled coordinates (c/(n − 1), r/(n − 1)). Same layout as <c>precipitate.low-error-region@1</c>.
/// </summary>
public sealed class RegionGrid
{
    /// <summary>The grid of the box; throws an invalid-parameter error for an empty, inverted or non-positive box.</summary>
    public RegionGrid(double gammaMin, double gammaMax, double misfitMin, double misfitMax, int size)
    {
        CheckRange("interface_energy_min", gammaMin, gammaMax);
        CheckRange("misfit_min", misfitMin, misfitMax);
        Size = size;
        Gammas = Linspace(gammaMin, gammaMax, size);
        Misfits = Linspace(misfitMin, misfitMax, size);
        Points = [.. Enumerable.Range(0, size * size).Select(i => new[] { i % size / (size - 1.0), i / size / (size - 1.0) })];
    }

    /// <summary>Points per axis.</summary>
    public int Size { get; }

    /// <summary>Number of grid points.</summary>
    public int Count => Size * Size;

    /// <summary>γ of each column (J/m²).</summary>
    public double[] Gammas { get; }

    /// <summary>ε_a of each row.</summary>
    public double[] Misfits { get; }

    /// <summary>Unit-scaled coordinates of each index.</summary>
    public IReadOnlyList<double[]> Points { get; }

    /// <summary>γ at index <paramref name="i"/>.</summary>
    public double Gamma(int i) => Gammas[i % Size];

    /// <summary>ε_a at index <paramref name="i"/>.</summary>
    public double Misfit(int i) => Misfits[i / Size];

    /// <summary>The point of index <paramref name="i"/> as an evaluator sees it: interface_energy, misfit.</summary>
    public IReadOnlyDictionary<string, double> PointOf(int i)
        => new Dictionary<string, double>(StringComparer.Ordinal) { ["interface_energy"] = Gamma(i), ["misfit"] = Misfit(i) };

    private static void CheckRange(string name, double min, double max)
    {
        if (!(min > 0) || !double.IsFinite(max) || !(max > min))
        {
            throw MethodException.InvalidParameter(name,
                $"the box [{min}, {max}] is empty, inverted or not positive; expected 0 < min < max.");
        }
    }

    private static double[] Linspace(double a, double b, int n)
        => [.. Enumerable.Range(0, n).Select(i => a + (b - a) * i / (n - 1))];
}
