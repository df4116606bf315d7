using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Nmf.Compat;

namespace Kiseki.Methods.Spectral.Nmf.Hals;

/// <summary>Where a restart's random initial values come from: NumPy's legacy stream or a derived Kiseki stream.</summary>
internal abstract class RestartRandom
{
    public abstract double NextUniform();

    public abstract int[] PickPixels(int pixels, int count);

    /// <summary>malspy: one MT19937 seeded once per fit, consumed restart after restart; picks with replacement.</summary>
    public static Func<int, RestartRandom> Malspy(uint seed)
    {
        var mt = new Mt19937(seed);
        var shared = new MalspyRandom(mt);
        return _ => shared;
    }

    /// <summary>Kiseki: an independent child stream per restart; distinct initial pixels.</summary>
    public static Func<int, RestartRandom> Derived(IRandomSource random)
        => restart => new DerivedRandom(random.Derive($"nmf-restart-{restart}"));

    private sealed class MalspyRandom(Mt19937 mt) : RestartRandom
    {
        public override double NextUniform() => mt.NextDouble();

        public override int[] PickPixels(int pixels, int count) => mt.Choice(pixels, count);
    }

    private sealed class DerivedRandom(IRandomSource random) : RestartRandom
    {
        public override double NextUniform() => random.NextDouble();

        public override int[] PickPixels(int pixels, int count) => random.SampleWithoutReplacement(pixels, count);
    }
}
