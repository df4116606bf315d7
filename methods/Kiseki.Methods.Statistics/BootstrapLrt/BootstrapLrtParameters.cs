using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Kiseki.Methods.Statistics.BootstrapLrt;

/// <summary>Noise model of the likelihood-ratio test.</summary>
public enum CountNoise
{
    /// <summary>Poisson counts: KL-NMF fits and Poisson deviance; replicates drawn as Poisson(Ĉ Ŝᵀ).</summary>
    Poisson,

    /// <summary>Gaussian noise: Euclidean NMF fits and residual sums of squares; replicates max(0, X̂ + N(0, σ̂²)).</summary>
    Gaussian,
}

/// <summary>Parameters of <c>count.bootstrap-lrt@1</c>.</summary>
public sealed record BootstrapLrtParameters
{
    [Description("Significance level α: the sequence stops at the first K whose p-value is at least α.")]
    [Range(1e-6, 0.5)]
    public double Alpha { get; init; } = 0.05;

    [Description("Number B of parametric-bootstrap replicates per test (at least 19).")]
    [Range(19, 100000)]
    public int Replicates { get; init; } = 99;

    [Description("Random restarts of the rank-1 fit to the data; higher ranks are warm-started exactly as in the replicates.")]
    [Range(1, 100)]
    public int Restarts { get; init; } = 3;

    [Description("Noise model: poisson (counts, KL-NMF) or gaussian (Euclidean NMF).")]
    public CountNoise Noise { get; init; } = CountNoise.Poisson;

    [Description("Largest number of components tested (K runs 2 … max_components).")]
    [Range(2, 64)]
    public int MaxComponents { get; init; } = 6;

    [Description("Most multiplicative updates per fit.")]
    [Range(10, 100000)]
    public int MaxIterations { get; init; } = 200;

    [Description("Relative change of the divergence that stops a fit.")]
    [Range(0.0, 1.0)]
    public double Tolerance { get; init; } = 1e-7;
}
