namespace Kiseki.Methods.Spectral.Nmf.Hals;

/// <summary>Settings shared by the HALS solvers (NMF, NMF-SO, NMF-ARD-SO) and the β-NMF solvers.</summary>
public sealed record NmfSolverOptions
{
    /// <summary>Number of components K (for ARD: the initial K₀).</summary>
    public int Components { get; init; } = 2;

    /// <summary>Soft-orthogonality weight w_o (0 = none).</summary>
    public double Orthogonality { get; init; }

    /// <summary>Independent restarts; the one with the smallest final objective wins (ties keep the earlier).</summary>
    public int Restarts { get; init; } = 3;

    /// <summary>Most sweeps per restart.</summary>
    public int MaxIterations { get; init; } = 100;

    /// <summary>Sweeps before the stopping test may stop a restart.</summary>
    public int MinIterations { get; init; } = 10;

    /// <summary>Stopping tolerance: relative change of the objective, or absolute in the malspy mode.</summary>
    public double Tolerance { get; init; } = 1e-6;

    /// <summary>Reproduce malspy 0.4.0 exactly (MT19937 stream, absolute tolerance, truncation, last-rep λ).</summary>
    public bool MalspyCompatible { get; init; }

    /// <summary>The NumPy seed of the malspy mode (malspy's <c>random_seed</c>).</summary>
    public uint MalspySeed { get; init; }

    /// <summary>Called after each restart with its index and final objective (progress reporting; never changes results).</summary>
    public Action<int, double>? RestartFinished { get; init; }

    /// <summary>
    /// Called after every sweep with its index (from 0) and objective (progress reporting; never changes results).
    /// Restarts call it again from 0.
    /// </summary>
    public Action<int, double>? SweepFinished { get; init; }

    /// <summary>
    /// Plain HALS or β-NMF in the default mode with one pass over X per sweep instead of two (same updates, rounding
    /// differs in the last bits; β-NMF can then also stream X from a file). Ignored with soft orthogonality (unless
    /// <see cref="LaggedOrthogonality"/>, HALS only) or in the malspy mode, whose map updates need sums over all pixels,
    /// and for a matrix with float32 products (the one-pass sweep has float64 kernels only).
    /// </summary>
    public bool SinglePass { get; init; }

    /// <summary>
    /// With <see cref="SinglePass"/> and soft orthogonality (default mode): one pass per sweep with each component's
    /// overlap coefficient w·(c̄ᵀv)/(c̄ᵀc̄) taken from the previous sweep (accumulated in the same pass; 0 in the first
    /// sweep) instead of the current one. Not the exact NMF-SO update: an approximation whose quality is measured by
    /// <c>bench/Nmf --methods nmf-so,nmf-so-lagged</c>.
    /// </summary>
    public bool LaggedOrthogonality { get; init; }

    /// <summary>ARD hyperprior shape α (inverse-gamma), malspy's default 1 + 1e-15.</summary>
    public double Alpha { get; init; } = 1 + 1e-15;

    /// <summary>ARD: spectra with cosine similarity at least this are merged.</summary>
    public double MergeThreshold { get; init; } = 0.99;

    /// <summary>Threads for the streaming kernels; results do not depend on it.</summary>
    public int Threads { get; init; } = 1;
}

/// <summary>
/// A fitted factorisation X ≈ C Sᵀ. <paramref name="C"/> is N × K row-major (maps), <paramref name="S"/> is
/// M × K row-major (spectra). <paramref name="Objective"/> is the learning curve of the winning restart.
/// </summary>
public sealed record NmfSolution(
    double[] C,
    double[] S,
    int Components,
    double[] Objective,
    int[] UpdatesPerRestart,
    int BestRestart,
    bool Converged,
    double FinalObjective);
