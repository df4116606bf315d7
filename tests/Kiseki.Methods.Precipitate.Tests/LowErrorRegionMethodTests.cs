using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Precipitate.LowErrorRegion;
using Kiseki.Methods.Precipitate.SyntheticObservations;

namespace Kiseki.Methods.Precipitate.Tests;

public sealed class LowErrorRegionMethodTests
{
    private static async Task<Table> Observations()
        => (await new SyntheticObservationsMethod().RunAsync(
            new NoInputs(), new SyntheticObservationsParameters { AspectRatioMax = 12 }, MethodContext.CreateStandalone(3), CancellationToken.None))
            .Outputs.Observations;

    [Fact]
    public async Task RunAsync_Lse_ReachesTargetF1WithinFifthOfGrid()
    {
        var inputs = new LowErrorRegionInputs { Observations = await Observations() };
        var result = await new LowErrorRegionMethod().RunAsync(
            inputs, new LowErrorRegionParameters { AspectRatioMax = 12, GridSize = 25, Budget = 125, StopAtTarget = true },
            MethodContext.CreateStandalone(5), CancellationToken.None);
        var json = result.Outputs.EvaluationsToTarget.Value;
        Assert.NotNull(json["evaluations"]);
        Assert.True(json["evaluations"]!.GetValue<int>() <= 125, json.ToJsonString());
        Assert.True(result.Outputs.F1Curve["f1"].Numbers![^1] >= 0.95);
    }

    [Fact]
    public async Task RunAsync_InvertedBox_ThrowsNamingTheParameter()
    {
        var inputs = new LowErrorRegionInputs { Observations = await Observations() };
        var error = await Assert.ThrowsAsync<MethodException>(async () => await new LowErrorRegionMethod().RunAsync(
            inputs, new LowErrorRegionParameters { AspectRatioMax = 12, InterfaceEnergyMin = 0.5, InterfaceEnergyMax = 0.1 },
            MethodContext.CreateStandalone(), CancellationToken.None));
        Assert.Equal("interface_energy_min", error.Subject);
    }

    [Fact]
    public async Task RunAsync_ThresholdNoPointSatisfies_ThrowsWithSmallestValue()
    {
        var inputs = new LowErrorRegionInputs { Observations = await Observations() };
        var error = await Assert.ThrowsAsync<MethodException>(async () => await new LowErrorRegionMethod().RunAsync(
            inputs, new LowErrorRegionParameters { AspectRatioMax = 12, Threshold = 1e-12, GridSize = 10 },
            MethodContext.CreateStandalone(), CancellationToken.None));
        Assert.Equal("threshold", error.Subject);
        Assert.Contains("smallest", error.Message);
    }

    [Fact]
    public async Task RunAsync_MissingColumns_ThrowsInvalidInput()
    {
        var table = new Table([TableColumn.Numeric("size", [1.0])]);
        var error = await Assert.ThrowsAsync<MethodException>(async () => await new LowErrorRegionMethod().RunAsync(
            new LowErrorRegionInputs { Observations = table }, new LowErrorRegionParameters(),
            MethodContext.CreateStandalone(), CancellationToken.None));
        Assert.Equal("observations", error.Subject);
    }

    [Fact]
    public void F1Score_KnownCounts()
    {
        var (f1, precision, recall) = LowErrorRegionSolver.F1Score([true, true, false, false], [true, false, true, false]);
        Assert.Equal(0.5, precision, 12);
        Assert.Equal(0.5, recall, 12);
        Assert.Equal(0.5, f1, 12);
    }
}
