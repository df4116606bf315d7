using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Transport.Barrier;
using Kiseki.Methods.Transport.DominantPointCampaign;
using Kiseki.Methods.Transport.DominantPointSearch;
using Kiseki.Methods.Transport.Grid;
using Kiseki.Methods.Transport.PesGrid;
using Kiseki.Methods.Transport.PesPoint;

namespace Kiseki.Methods.Transport.Tests;

/// <summary>Version 2 of the dominant-point search asks an evaluator for its points instead of reading an oracle grid.</summary>
public sealed class CampaignSearchTests
{
    private static readonly double[][] Terms = [[-1, 1, 0], [-0.6, 0, 1], [0.3, 1, 1], [0.25, 2, 1], [-0.2, 1, 2]];

    private static readonly PeriodicGrid Grid = new([16, 16]);

    /// <summary>The Fourier surface at one point, summed in the grid solver's order (so equal to the grid bit for bit).</summary>
    private static double Energy(IReadOnlyDictionary<string, double> point)
    {
        var e = 0.0;
        foreach (var term in Terms)
        {
            var phase = 0.0;
            phase += term[1] * point["x"];
            phase += term[2] * point["y"];
            e += term[0] * Math.Cos(2.0 * Math.PI * phase);
        }

        return e;
    }

    private static async Task<(DominantPointSearchOutputs Outputs, FunctionEvaluator Evaluator)> Campaign(
        int batch, ulong seed = 5, NdArray? reference = null)
    {
        var evaluator = new FunctionEvaluator(Energy);
        var context = new MethodContext
        {
            StepId = "search", Seed = seed, Random = new Abstractions.Randomness.Xoshiro256StarStar(seed), Log = NullStepLog.Instance,
            Progress = new Progress<StepProgress>(), ScratchDirectory = Path.GetTempPath(), Evaluator = evaluator,
        };
        var parameters = new DominantPointCampaignParameters { InitialPoints = 8, Samples = 100, StableIterations = 10, BatchSize = batch, Grid = [16, 16] };
        var result = await new DominantPointCampaignMethod().RunAsync(new DominantPointCampaignInputs { Reference = reference }, parameters, context, default);
        return (result.Outputs, evaluator);
    }

    [Fact]
    public async Task BatchOne_SameDecisionsAsVersionOneOnTheGrid()
    {
        var energies = NdArray.Create(PesGridSolver.Fourier(Grid, Terms), 16, 16);
        var one = await new DominantPointSearchMethod().RunAsync(
            new DominantPointSearchInputs { Energies = energies },
            new DominantPointSearchParameters { InitialPoints = 8, Samples = 100, StableIterations = 10 }, MethodContext.CreateStandalone(5), default);
        var (two, evaluator) = await Campaign(1);

        Assert.Equal(one.Outputs.Evaluations.ToCsv(), two.Evaluations.ToCsv());
        Assert.Equal(one.Outputs.Trace.ToCsv(), two.Trace.ToCsv());
        Assert.Equal(one.Outputs.Barrier.Value["barrier"]!.GetValue<double>(), two.Barrier.Value["barrier"]!.GetValue<double>());
        Assert.Equal(two.Evaluations.RowCount, evaluator.Calls);
    }

    [Fact]
    public async Task Batches_EvaluateQPointsPerIterationAndReachTheExactBarrier()
    {
        var energies = NdArray.Create(PesGridSolver.Fourier(Grid, Terms), 16, 16);
        var exact = BarrierSolver.Solve(energies.GetData<double>(), Grid).Barrier;
        var (outputs, evaluator) = await Campaign(4, reference: energies);

        var summary = outputs.Barrier.Value;
        Assert.Equal(exact, summary["exact_barrier"]!.GetValue<double>());
        Assert.Equal(exact, summary["barrier"]!.GetValue<double>(), 9);
        Assert.Equal(0.0, summary["barrier_error"]!.GetValue<double>(), 9);
        Assert.Equal(4, summary["batch_size"]!.GetValue<int>());
        var trace = outputs.Trace["evaluations"].Numbers!;
        Assert.All(trace.Zip(trace.Skip(1)), p => Assert.Equal(4, p.Second - p.First));
        Assert.Equal(outputs.Evaluations.RowCount, evaluator.Calls);
        Assert.Equal(evaluator.Calls, outputs.Evaluations["index"].Numbers!.Distinct().Count());
    }

    [Fact]
    public async Task NoEvaluator_FailsNamingTheMissingBlock()
    {
        var error = await Assert.ThrowsAsync<MethodException>(async () => await new DominantPointCampaignMethod().RunAsync(
            new DominantPointCampaignInputs(), new DominantPointCampaignParameters { Grid = [8, 8] }, MethodContext.CreateStandalone(1), default));
        Assert.Contains("evaluate:", error.Message);
    }

    [Fact]
    public async Task PesPoint_EqualsTheGridAtGridPoints()
    {
        var grid = new PeriodicGrid([6, 5, 4]);
        var template = new PesGridParameters { Grid = [6, 5, 4], Surface = PesSurface.PerovskiteProton };
        var energies = (await new PesGridMethod().RunAsync(new NoInputs(), template, MethodContext.CreateStandalone(), default)).Outputs.Energies.GetData<double>();
        foreach (var index in new[] { 0, 17, 59, 119 })
        {
            var point = DominantPointCampaignMethod.PointOf(grid, index);
            var parameters = new PesPointParameters { X = point["x"], Y = point["y"], Z = point["z"], Surface = PesSurface.PerovskiteProton };
            var value = (await new PesPointMethod().RunAsync(new NoInputs(), parameters, MethodContext.CreateStandalone(), default)).Outputs.Value;
            Assert.Equal(energies[index], value.Value["value"]!.GetValue<double>());
        }
    }
}
