using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Kiseki.Methods.Statistics.BootstrapLrt;

/// <summary>Noise model of the likelihood-ratio test.</summary>
public enum CountNoise
{
    /// <summary>Poisson counts: KL-NMF fits and Poisson deviance; replicates drawn as Poisson(Ĉ Ŝᵀ).</summary>
    Poisson,

    /// <summary>
    /// Over-dispersed counts (detector gain, read noise): KL-NMF fits, the Poisson deviance divided by the Pearson
    /// dispersion φ of the larger model; replicates drawn as φ · Poisson(Ĉ Ŝᵀ / φ).
    /// </summary>
    QuasiPoisson,

    /// <summary>Gaussian noise: Euclidean NMF fits and residual sums of squares; replicates max(0, X̂ + N(0, σ̂²)).</summary>
    Gaussian,
}

/// <summary>Parameters of <c>count.bootstrap-lrt@8</c>.</summary>
public sealed record BootstrapLrtParameters
{
    [Description("Significance level α: the sequence stops at the first K whose p-value exceeds α.")]
    [Range(1e-6, 0.5)]
    public double Alpha { get; init; } = 0.05;

    [Description("Number B of parametric-bootstrap replicates per test (at least 19).")]
    [Range(19, 100000)]
    public int Replicates { get; init; } = 99;

    [Description("Replicates per level once a test rejects and its deeper bootstrap levels are drawn: the first level is continued to this many (same streams), and each deeper level draws one per first-level replicate. Values below replicates mean replicates.")]
    [Range(0, 100000)]
    public int CalibrationReplicates { get; init; } = 159;

    [Description("Random starts that compete with the data's grown fit of every rank before it becomes the next test's null (a replicate's null starts at the model it was drawn from).")]
    [Range(0, 100)]
    public int Restarts { get; init; } = 3;

    [Description("Noise model: quasi-poisson (counts with an estimated gain; real detectors), poisson (pure counting) or gaussian (Euclidean NMF).")]
    public CountNoise Noise { get; init; } = CountNoise.QuasiPoisson;

    [Description("Largest number of components tested (K runs 2 … max_components).")]
    [Range(2, 64)]
    public int MaxComponents { get; init; } = 6;

    [Description("Most sweeps per fit (coordinate-descent sweeps for the Poisson family, multiplicative updates for gaussian).")]
    [Range(10, 100000)]
    public int MaxIterations { get; init; } = 2000;

    [Description("Relative change of the divergence over one sweep that stops a fit.")]
    [Range(0.0, 1.0)]
    public double Tolerance { get; init; } = 1e-8;
}
