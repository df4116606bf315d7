using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Precipitate;
using Kiseki.Methods.Precipitate.SpheroidEnergy;

namespace Kiseki.Methods.Precipitate.Tests;

public sealed class SpheroidEnergyMethodTests
{
    private static double RhoStar(double radius, double gamma, double misfit)
    {
        var result = new SpheroidEnergyMethod().RunAsync(
            new NoInputs(),
            new SpheroidEnergyParameters { Radius = radius, InterfaceEnergy = gamma, Misfit = misfit, AspectRatioMax = 8 },
            MethodContext.CreateStandalone(), CancellationToken.None).AsTask().Result;
        return result.Outputs.EquilibriumAspectRatio.AsDouble();
    }

    [Theory]
    [InlineData(0.02, 0.05, 2, 1.2)]
    [InlineData(0.02, 0.05, 20, 2.4)]
    [InlineData(0.03, 0.10, 10, 1.9)]
    [InlineData(0.05, 0.05, 5, 3.0)]
    [InlineData(0.05, 0.10, 20, 4.3)]
    [InlineData(0.05, 0.20, 2, 1.2)]
    [InlineData(0.05, 0.05, 20, 6.2)]
    public void EquilibriumAspectRatio_Magnesium_MatchesOracleWithinOneStep(double misfit, double gamma, double radius, double expected)
    {
        var rho = RhoStar(radius, gamma, misfit);
        Assert.True(Math.Abs(rho - expected) <= 0.1 + 1e-9, $"ρ* = {rho}, oracle {expected}");
    }

    [Theory]
    [InlineData(10, 0.05, 0.02, 2.0)]
    [InlineData(5, 0.05, 0.05, 2.0)]
    [InlineData(5, 0.05, 0.05, 4.0)]
    public void EquilibriumAspectRatio_ScalingRadiusAndInterfaceEnergy_IsInvariant(double radius, double gamma, double misfit, double s)
    {
        Assert.Equal(RhoStar(radius, gamma, misfit), RhoStar(radius * s, gamma * s, misfit));
    }

    [Fact]
    public async Task RunAsync_EnergiesTable_HasComponentsThatAddUp()
    {
        var result = await new SpheroidEnergyMethod().RunAsync(
            new NoInputs(),
            new SpheroidEnergyParameters
            {
                Elasticity = ElasticityKind.Isotropic, ShearModulus = 10, PoissonRatio = 0.3, Misfit = 0.01, Radius = 10,
                InterfaceEnergy = 0.1, AspectRatioMax = 3, AspectRatioStep = 0.5,
            },
            MethodContext.CreateStandalone(), CancellationToken.None);
        var table = result.Outputs.Energies;
        Assert.Equal(5, table.RowCount);
        var volume = 4.0 / 3.0 * Math.PI * 1000;
        Assert.Equal(2.0 * 10 * 1e-4 * volume, table["elastic"].Numbers![0], 1e-3 * volume * 2e-3);
        Assert.Equal(0.1 * 4 * Math.PI * 100, table["interface"].Numbers![0], 1e-9);
        for (var i = 0; i < table.RowCount; i++)
        {
            Assert.Equal(table["elastic"].Numbers![i] + table["interface"].Numbers![i], table["total"].Numbers![i], 12);
        }
    }

    [Theory]
    [InlineData(-0.1, 0.05, 10, "interface_energy")]
    [InlineData(0.1, 0.05, 0, "radius")]
    public void RunAsync_BadParameters_ThrowsNamingTheParameter(double gamma, double misfit, double radius, string name)
    {
        var error = Assert.Throws<MethodException>(() => new SpheroidEnergyMethod().RunAsync(
            new NoInputs(), new SpheroidEnergyParameters { InterfaceEnergy = gamma, Misfit = misfit, Radius = radius },
            MethodContext.CreateStandalone(), CancellationToken.None));
        Assert.Equal(name, error.Subject);
    }

    [Fact]
    public void ShapeEnergyModel_ContinuousOptimum_AgreesWithGridOracle()
    {
        var model = new ShapeEnergyModel(new EshelbySpheroid(StiffnessTensor.MagnesiumHexagonal()), 0, 10, 0.02);
        Assert.Equal(3.0, model.EquilibriumAspectRatio(5, 0.05, 0.05), 0.1);
        Assert.Equal(model.EquilibriumAspectRatio(5, 0.05, 0.05), model.EquilibriumAspectRatio(10, 0.05, 0.10), 12);
    }
}
