namespace Kiseki.Methods.Transport.DominantPointSearch;

/// <summary>How the next grid point is chosen.</summary>
public enum SearchStrategy
{
    /// <summary>The unevaluated point most likely to be the minimum or the bottleneck (p_min + p_bottleneck over posterior samples).</summary>
    Dominant,

    /// <summary>Uniformly random unevaluated points until the budget (baseline).</summary>
    Random,

    /// <summary>Every grid point (ground truth).</summary>
    Exhaustive,
}

/// <summary>How the GP hyperparameters are learnt (both maximise the marginal likelihood).</summary>
public enum HyperparameterFitting
{
    /// <summary>The shared GP core (Kiseki.Methods.Gaussian) on the periodic embedding.</summary>
    GpCore,

    /// <summary>Profile likelihood: mean and scale in closed form, length by golden-section search.</summary>
    Profile,
}
