using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Methods.Transport.Grid;

namespace Kiseki.Methods.Transport.DominantPointSearch;

/// <summary>Parameters of <c>transport.dominant-point-search@1</c>.</summary>
public sealed record DominantPointSearchParameters : DominantPointSearchSettings;

/// <summary>The search settings shared by both versions of <c>transport.dominant-point-search</c>.</summary>
public abstract record DominantPointSearchSettings
{
    /// <summary>Random points before the first model.</summary>
    [Description("Random grid points evaluated before the first GP fit.")]
    [Range(1, 1_000_000)]
    public int InitialPoints { get; init; } = 20;

    /// <summary>Maximum evaluations.</summary>
    [Description("Maximum number of evaluations, initial points included (random strategy: exactly this many).")]
    [Range(1, 10_000_000)]
    public int Budget { get; init; } = 2000;

    /// <summary>Posterior samples per iteration.</summary>
    [Description("Posterior surface samples M drawn per iteration.")]
    [Range(2, 100_000)]
    public int Samples { get; init; } = 200;

    /// <summary>Stability window k.</summary>
    [Description("Stop when the most likely minimum and bottleneck are both evaluated and unchanged for this many iterations.")]
    [Range(1, 100_000)]
    public int StableIterations { get; init; } = 20;

    /// <summary>Threshold τ.</summary>
    [Description("Stop when the fraction of samples whose minimum or bottleneck lies on an unevaluated point falls below this.")]
    [Range(0.0, 1.0)]
    public double Threshold { get; init; } = 0.05;

    /// <summary>Refit interval.</summary>
    [Description("Re-fit the GP hyperparameters (type-II maximum likelihood) every this many iterations.")]
    [Range(1, 100_000)]
    public int HyperparameterInterval { get; init; } = 10;

    /// <summary>Selection strategy.</summary>
    [Description("dominant (active search), random (baseline: budget random points) or exhaustive (every point; ground truth).")]
    public SearchStrategy Strategy { get; init; } = SearchStrategy.Dominant;

    /// <summary>Grid edges.</summary>
    [Description("Grid edges of the barrier: face (4/6 neighbours) or full (8/26).")]
    public Connectivity Connectivity { get; init; } = Connectivity.Face;

    /// <summary>Path direction.</summary>
    [Description("Lattice translation of the path: any, a, b or c.")]
    public PathDirection Direction { get; init; } = PathDirection.Any;

    /// <summary>Hyperparameter learning.</summary>
    [Description("How the GP hyperparameters are learnt: gp-core (the shared GP core: BFGS-B on the marginal likelihood over mean, scale and length) or profile (mean and scale profiled out, length by golden-section search).")]
    public HyperparameterFitting HyperparameterFit { get; init; } = HyperparameterFitting.GpCore;

    /// <summary>Surrogate clipping.</summary>
    [Description("For the GP only, energies above (lowest evaluated + energy_cap) are clipped to that value so repulsive cores do not dominate the fit (energy units; 0 disables).")]
    [Range(0.0, 1e12)]
    public double EnergyCap { get; init; } = 3.0;
}
