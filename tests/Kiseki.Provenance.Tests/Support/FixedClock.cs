namespace Kiseki.Provenance.Tests.Support;

/// <summary>A clock standing still at a given instant.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
