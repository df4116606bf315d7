namespace Kiseki.Methods.Gaussian;

/// <summary>Posterior of the latent function at a set of points: mean and latent variance (noise excluded).</summary>
/// <param name="Mean">Posterior mean μ(x) per point.</param>
/// <param name="Variance">Posterior latent variance σ²(x) per point, clamped at zero from below.</param>
public sealed record GpPrediction(double[] Mean, double[] Variance)
{
    /// <summary>Posterior latent standard deviation per point.</summary>
    public double[] StandardDeviation() => Array.ConvertAll(Variance, Math.Sqrt);
}

/// <summary>How a fit went: NLML at the optimum, optimiser work and the jitter Cholesky needed.</summary>
/// <param name="NegativeLogMarginalLikelihood">NLML of the chosen hyperparameters on the fitting data.</param>
/// <param name="Iterations">Total quasi-Newton iterations over all restarts.</param>
/// <param name="Converged">True when the chosen restart ended on a convergence criterion.</param>
/// <param name="Reason">Why the chosen restart stopped (or why optimisation was skipped).</param>
public sealed record GpFitDiagnostics(double NegativeLogMarginalLikelihood, int Iterations, bool Converged, string Reason);
