using Kiseki.Methods.Precipitate;

namespace Kiseki.Methods.Precipitate.Tests;

public sealed class EshelbySpheroidTests
{
    private static readonly EshelbySpheroid Isotropic = new(StiffnessTensor.Isotropic(1.0, 0.3));

    [Fact]
    public void EnergyDensity_SphereDilatation_MatchesClosedForm()
    {
        // w = 2μ(1+ν)/(1−ν) ε², independent of shape
        var expected = 2 * 1.3 / 0.7 * 1e-4;
        Assert.Equal(expected, Isotropic.EnergyDensity(1, 0.01, 0.01), 1e-3 * expected);
        Assert.Equal(expected, Isotropic.EnergyDensity(5, 0.01, 0.01), 1e-3 * expected);
    }

    [Theory]
    [InlineData(1.0, 2.000)]
    [InlineData(1.5, 1.800)]
    [InlineData(2.0, 1.692)]
    [InlineData(3.0, 1.582)]
    [InlineData(5.0, 1.501)]
    [InlineData(10.0, 1.453)]
    [InlineData(20.0, 1.436)]
    public void EnergyDensity_IsotropicBasalMisfit_MatchesOracleTable(double rho, double expected)
    {
        var w = Isotropic.EnergyDensity(rho, 1.0, 0.0);
        Assert.True(Math.Abs(w / expected - 1) < 0.005, $"w/(μe²) = {w} at ρ = {rho}, expected {expected}");
    }

    [Theory]
    [InlineData(1.0, 3.43e-3)]
    [InlineData(2.0, 2.87e-3)]
    [InlineData(5.0, 2.54e-3)]
    [InlineData(10.0, 2.46e-3)]
    public void EnergyDensity_MagnesiumBasalMisfit_MatchesOracle(double rho, double expected)
    {
        var w = new EshelbySpheroid(StiffnessTensor.MagnesiumHexagonal()).EnergyDensity(rho, 0.01, 0.0);
        Assert.True(Math.Abs(w / expected - 1) < 0.01, $"w = {w} GPa at ρ = {rho}, expected {expected}");
    }

    [Fact]
    public void SurfaceFactor_SphereIsOneAndGrowsWithAspectRatio()
    {
        Assert.Equal(1.0, SpheroidShape.SurfaceFactor(1.0), 12);
        Assert.Equal(1.0, SpheroidShape.SurfaceFactor(1.0 + 1e-9), 6);
        Assert.True(SpheroidShape.SurfaceFactor(2) > 1.05);
        Assert.True(SpheroidShape.SurfaceFactor(10) > SpheroidShape.SurfaceFactor(5));
    }
}
