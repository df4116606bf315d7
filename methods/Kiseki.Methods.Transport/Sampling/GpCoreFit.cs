using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Gaussian;
using Kiseki.Methods.Transport.Grid;

namespace Kiseki.Methods.Transport.Sampling;

/// <summary>
/// Hyperparameters from the shared GP core (<see cref="GaussianProcess.Fit"/>: PHYSBO-style candidates refined by
/// BFGS-B on the negative log marginal likelihood), fitted on the periodic embedding
/// e(u) = (cos 2πu_a, sin 2πu_a)/2π where its isotropic RBF kernel equals the torus kernel of
/// <see cref="SurfaceHyperparameters"/>. The noise is fixed to a small nugget (noise-free energies); the previous
/// fit warm-starts the next.
/// </summary>
internal sealed class GpCoreFit(IRandomSource random)
{
    private GpHyperparameters? _previous;
    private int _fits;

    public SurfaceHyperparameters Fit(PeriodicGrid grid, IReadOnlyList<int> points, IReadOnlyList<double> targets)
    {
        var x = points.Select(p => SurfaceHyperparameters.Embed(grid.FractionalOf(p))).ToArray();
        var mean = targets.Average();
        var sd = Math.Sqrt(targets.Sum(t => (t - mean) * (t - mean)) / Math.Max(1, targets.Count - 1));
        var options = new GpOptions
        {
            InitialCandidates = 8,
            Restarts = 1,
            MaxIterations = 60,
            MaxFitPoints = 200,
            FixedNoise = Math.Max(sd, 1e-12) * Math.Sqrt(ProfileLikelihoodFit.Nugget),
            WarmStart = _previous,
        };
        var model = GaussianProcess.Fit(x, [.. targets], options, random.Derive($"fit-{_fits++}"));
        _previous = model.Hyperparameters;
        var h = model.Hyperparameters;
        var length = Math.Clamp(h.WidthOf(0), 0.005, 2.0);
        return new SurfaceHyperparameters(h.Mean, h.Scale, Math.Max(h.Noise, h.Scale * Math.Sqrt(ProfileLikelihoodFit.Nugget)), length);
    }
}
