namespace Kiseki.Abstractions.Randomness;

/// <summary>
/// A seeded, reproducible random source. Methods receive one from the engine and never use another.
/// <see cref="Derive(string)"/> gives independent child streams (e.g. one per bootstrap replicate) whose values do
/// not depend on how much of the parent was consumed, so parallel work stays deterministic.
/// </summary>
public interface IRandomSource
{
    /// <summary>The seed this source started from.</summary>
    ulong Seed { get; }

    /// <summary>Next 64 uniformly distributed bits.</summary>
    ulong NextUInt64();

    /// <summary>An independent source for <paramref name="label"/>, a pure function of (<see cref="Seed"/>, label).</summary>
    IRandomSource Derive(string label);
}
