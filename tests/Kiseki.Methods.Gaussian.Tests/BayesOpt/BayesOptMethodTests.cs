using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Gaussian.BayesOpt;

namespace Kiseki.Methods.Gaussian.Tests.BayesOpt;

public sealed class BayesOptMethodTests
{
    // 20×20 grid of a smooth bowl with a unique minimum at (0.7, 0.3); seeded tiny perturbation breaks ties
    private static Table Candidates()
    {
        var random = new Xoshiro256StarStar(42);
        var x = new List<double>();
        var y = new List<double>();
        var f = new List<double>();
        for (var i = 0; i < 20; i++)
        {
            for (var j = 0; j < 20; j++)
            {
                var a = i / 19.0;
                var b = j / 19.0;
                x.Add(a);
                y.Add(b);
                f.Add((a - 0.7) * (a - 0.7) + 2 * (b - 0.3) * (b - 0.3) + 0.1 * Math.Sin(6 * a) + 1e-6 * random.NextDouble());
            }
        }

        return new Table([TableColumn.Numeric("x", [.. x]), TableColumn.Numeric("y", [.. y]), TableColumn.Numeric("f", [.. f])]);
    }

    [Theory]
    [InlineData(BayesOptAcquisition.Ei)]
    [InlineData(BayesOptAcquisition.Ts)]
    public async Task RunAsync_SmoothBowl_FindsGlobalMinimumFasterThanRandom(BayesOptAcquisition acquisition)
    {
        var table = Candidates();
        var minimum = table["f"].Numbers!.Min();
        var parameters = new BayesOptParameters { ObjectiveColumn = "f", Budget = 40, InitialPoints = 5, Acquisition = acquisition };
        var result = await new BayesOptMethod().RunAsync(
            new BayesOptInputs { Candidates = table }, parameters, MethodContext.CreateStandalone(7), CancellationToken.None);
        var history = result.Outputs.History;
        Assert.Equal(40, history.RowCount);
        Assert.Equal(minimum, history["best"].Numbers![^1], 12);
        Assert.Equal(minimum, result.Outputs.Best.Value["value"]!.GetValue<double>(), 12);
        for (var s = 1; s < history.RowCount; s++)
        {
            Assert.True(history["best"].Numbers![s] <= history["best"].Numbers![s - 1]);
        }
    }

    [Fact]
    public async Task RunAsync_SameSeed_IdenticalHistory()
    {
        var parameters = new BayesOptParameters { ObjectiveColumn = "f", Budget = 15, InitialPoints = 5 };
        var a = await new BayesOptMethod().RunAsync(
            new BayesOptInputs { Candidates = Candidates() }, parameters, MethodContext.CreateStandalone(3), CancellationToken.None);
        var b = await new BayesOptMethod().RunAsync(
            new BayesOptInputs { Candidates = Candidates() }, parameters, MethodContext.CreateStandalone(3, 4), CancellationToken.None);
        Assert.Equal(a.Outputs.History.ToCsv(), b.Outputs.History.ToCsv());
    }

    [Fact]
    public async Task RunAsync_UnknownObjectiveColumn_ThrowsNamingTheParameter()
    {
        var error = await Assert.ThrowsAsync<MethodException>(async () => await new BayesOptMethod().RunAsync(
            new BayesOptInputs { Candidates = Candidates() }, new BayesOptParameters { ObjectiveColumn = "energy" },
            MethodContext.CreateStandalone(), CancellationToken.None));
        Assert.Equal("objective_column", error.Subject);
    }
}
