using Kiseki.Abstractions.Randomness;

namespace Kiseki.Bench.Decomposition;

/// <summary>Noise for the Mn3O4 case (the overlap phantom itself is <c>synthetic.overlap-phantom@1</c>'s generator).</summary>
internal static class PoissonNoise
{
    /// <summary>Poisson counts drawn around a noise-free image scaled to <paramref name="counts"/> per pixel on average.</summary>
    public static double[] Noisy(double[] clean, int pixels, double counts, ulong seed)
    {
        var scale = counts * pixels / clean.Sum();
        var random = new Xoshiro256StarStar(seed);
        return [.. clean.Select(v => (double)random.NextPoisson(scale * v))];
    }
}
