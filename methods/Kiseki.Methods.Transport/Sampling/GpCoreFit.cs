using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Gaussian;
using Kiseki.Methods.Transport.Grid;

namespace Kiseki.Methods.Transport.Sampling;

/// <summary>
/// Hyperparameters from the shared GP core (<see cref="GaussianProcess.Fit"/>: PHYSBO-style candidates refined by
/// BFGS-B on the negative log marginal likelihood), fitted on the periodic embedding
/// e(u) = (cos 2πu_a, sin 2πu_a)/2π where its isotropic RBF kernel equals the torus kernel of
/// <see cref="SurfaceHyperparameters"/>. The noise is fixed to a small nugget (noise-free energies); the previous
/// fit warm-starts the next. Candidates, restarts and the profile scan use up to <c>threads</c> threads (same result for
/// any number).
/// </summary>
internal sealed class GpCoreFit(IRandomSource random, int threads = 1)
{
    private GpHyperparameters? _previous;
    private int _fits;

    public SurfaceHyperparameters Fit(PeriodicGrid grid, IReadOnlyList<int> points, IReadOnlyList<double> targets)
    {
        // The profile-likelihood optimum is a cheap, reliable starting point (and the fallback when BFGS-B ends on a
        // degenerate white-noise width).
        var profile = ProfileLikelihoodFit.Fit(grid, points, targets, threads: threads);
        var x = points.Select(p => SurfaceHyperparameters.Embed(grid.FractionalOf(p))).ToArray();
        var options = new GpOptions
        {
            InitialCandidates = 8,
            Restarts = 2,
            MaxIterations = 100,
            MaxFitPoints = 200,
            FixedNoise = profile.Noise,
            MaxDegreeOfParallelism = threads,
            WarmStart = _previous is { } previous && previous.Widths[0] >= MinimumLength
                ? previous with { Noise = profile.Noise }
                : new GpHyperparameters(profile.Mean, profile.Scale, profile.Noise, [profile.Length]),
        };
        var model = GaussianProcess.Fit(x, [.. targets], options, random.Derive($"fit-{_fits++}"));
        var h = model.Hyperparameters;
        if (!(h.WidthOf(0) >= MinimumLength) || !double.IsFinite(h.Scale) || !double.IsFinite(h.Mean))
        {
            _previous = null;
            return profile;
        }

        _previous = h;
        return new SurfaceHyperparameters(h.Mean, h.Scale, Math.Max(h.Noise, h.Scale * Math.Sqrt(ProfileLikelihoodFit.Nugget)), Math.Min(h.WidthOf(0), 2.0));
    }

    /// <summary>Widths below this (fractional units) are taken as a failed, white-noise fit.</summary>
    public const double MinimumLength = 0.01;
}
