namespace Kiseki.Provenance.Tests;

public sealed class UlidTests
{
    [Fact]
    public void Create_ZeroTimeAndBytes_IsAllZeros()
        => Assert.Equal("00000000000000000000000000", Ulid.Create(DateTimeOffset.UnixEpoch, new byte[10]));

    [Fact]
    public void Create_MaximumRandomBytes_AllZ()
    {
        var bytes = Enumerable.Repeat((byte)0xFF, 10).ToArray();
        Assert.Equal("0000000000ZZZZZZZZZZZZZZZZ", Ulid.Create(DateTimeOffset.UnixEpoch, bytes));
    }

    [Fact]
    public void Create_KnownValue_MatchesCrockfordEncoding()
    {
        // 1469918176385 ms = 0x0155_6E5F_A2C1 → "01ARYZ6S41" (the ULID specification's example timestamp).
        var id = Ulid.Create(DateTimeOffset.FromUnixTimeMilliseconds(1469918176385), new byte[10]);
        Assert.Equal("01ARYZ6S410000000000000000", id);
        Assert.Equal(1469918176385, Ulid.GetTimestamp(id).ToUnixTimeMilliseconds());
    }

    [Fact]
    public void Create_LaterTime_SortsAfter()
    {
        var random = new byte[] { 9, 9, 9, 9, 9, 9, 9, 9, 9, 9 };
        var early = Ulid.Create(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000), random);
        var later = Ulid.Create(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_001), new byte[10]);
        Assert.True(string.CompareOrdinal(early, later) < 0);
        Assert.True(Ulid.IsValid(early));
        Assert.False(Ulid.IsValid(early.ToLowerInvariant()));
        Assert.False(Ulid.IsValid("8" + early[1..]));
    }

    [Fact]
    public void Create_WrongRandomLength_Throws()
        => Assert.Throws<ArgumentException>(() => Ulid.Create(DateTimeOffset.UnixEpoch, new byte[9]));

    [Fact]
    public void NewUlid_UsesClockTime()
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero);
        var id = Ulid.NewUlid(new Support.FixedClock(at));
        Assert.Equal(at, Ulid.GetTimestamp(id));
        Assert.NotEqual(id, Ulid.NewUlid(new Support.FixedClock(at)));
    }
}
