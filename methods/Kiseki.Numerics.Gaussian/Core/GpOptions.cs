namespace Kiseki.Methods.Gaussian;

/// <summary>Settings of type-II maximum-likelihood fitting in <see cref="GaussianProcess.Fit"/>.</summary>
public sealed record GpOptions
{
    /// <summary>Default settings: isotropic kernel, 20 initial candidates, 3 quasi-Newton restarts.</summary>
    public static GpOptions Default { get; } = new();

    /// <summary>One length scale per input dimension (ARD) instead of a shared one.</summary>
    public bool Ard { get; init; }

    /// <summary>
    /// Number of PHYSBO-style random initial hyperparameter candidates whose NLML is evaluated (PHYSBO:
    /// <c>num_init_params_search</c> = 20).
    /// </summary>
    public int InitialCandidates { get; init; } = 20;

    /// <summary>How many of the best initial candidates are refined by bounded quasi-Newton (BFGS-B).</summary>
    public int Restarts { get; init; } = 3;

    /// <summary>Iteration limit of each BFGS-B run.</summary>
    public int MaxIterations { get; init; } = 200;

    /// <summary>
    /// When the data have more points than this, hyperparameters are learned on a seeded random subset of this size
    /// (PHYSBO's <c>Batch</c> learning subsamples likewise); the returned model still conditions on all points.
    /// </summary>
    public int MaxFitPoints { get; init; } = 400;

    /// <summary>Lower bound of the noise standard deviation, relative to the target standard deviation.</summary>
    public double MinRelativeNoise { get; init; } = 1e-6;

    /// <summary>When set, the noise standard deviation is fixed to this value (target units) and not learned.</summary>
    public double? FixedNoise { get; init; }

    /// <summary>Optional starting point tried in addition to the random candidates (e.g. the previous fit).</summary>
    public GpHyperparameters? WarmStart { get; init; }

    /// <summary>
    /// How many threads score the initial candidates and run the restarts; each result is kept by index and the best
    /// is chosen in the same order, so the fit is identical for any value.
    /// </summary>
    public int MaxDegreeOfParallelism { get; init; } = 1;
}
