using Kiseki.Methods.Spectral.Nmf.Compat;

namespace Kiseki.Methods.Spectral.Tests.Nmf;

public sealed class Mt19937Tests
{
    [Fact]
    public void Mt19937_Seed0_MatchesNumPyLegacyStream()
    {
        Assert.Equal(2357136044U, new Mt19937(0).NextUInt32());
        var mt = new Mt19937(0);
        Assert.Equal(0.5488135039273248, mt.NextDouble());
        Assert.Equal(0.7151893663724195, mt.NextDouble());
        Assert.Equal(0.6027633760716439, mt.NextDouble());
    }

    [Fact]
    public void Mt19937_Seed1_MatchesNumPyLegacyStream()
    {
        var mt = new Mt19937(1);
        Assert.Equal(0.417022004702574, mt.NextDouble());
        Assert.Equal(0.7203244934421581, mt.NextDouble());
        Assert.Equal(0.00011437481734488664, mt.NextDouble());
    }

    [Fact]
    public void Mt19937_ChoiceSeed0_MatchesNumPyLegacyChoice()
    {
        Assert.Equal(new[] { 192, 359, 9, 277, 70, 472 }, new Mt19937(0).Choice(528, 6));
        var toy = new Mt19937(0);
        Assert.Equal(new[] { 4, 5 }, toy.Choice(6, 2));
        Assert.Equal(new[] { 0, 3 }, toy.Choice(6, 2));
        Assert.Equal(new[] { 3, 3 }, toy.Choice(6, 2));
    }
}
