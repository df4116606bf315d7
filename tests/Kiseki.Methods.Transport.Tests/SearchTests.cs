using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Transport.Barrier;
using Kiseki.Methods.Transport.DominantPointSearch;
using Kiseki.Methods.Transport.Grid;
using Kiseki.Methods.Transport.PesGrid;
using Kiseki.Methods.Transport.SlicePlot;

namespace Kiseki.Methods.Transport.Tests;

public sealed class SearchTests
{
    // A 16×16 surface with structure in both directions and an off-axis bottleneck.
    private static readonly double[][] Terms = [[-1, 1, 0], [-0.6, 0, 1], [0.3, 1, 1], [0.25, 2, 1], [-0.2, 1, 2]];

    private static NdArray Surface(out PeriodicGrid grid)
    {
        grid = new PeriodicGrid([16, 16]);
        return NdArray.Create(PesGridSolver.Fourier(grid, Terms), 16, 16);
    }

    private static async Task<DominantPointSearchOutputs> Run(
        NdArray energies, ulong seed, int threads, DominantPointSearchParameters? parameters = null)
    {
        var result = await new DominantPointSearchMethod().RunAsync(
            new DominantPointSearchInputs { Energies = energies },
            parameters ?? new DominantPointSearchParameters { InitialPoints = 8, Samples = 100, StableIterations = 10 },
            MethodContext.CreateStandalone(seed, threads), default);
        return result.Outputs;
    }

    [Fact]
    public async Task Search_Small2D_FindsExactBarrierWithFewerEvaluationsThanGrid()
    {
        var energies = Surface(out var grid);
        var exact = BarrierSolver.Solve(energies.GetData<double>(), grid);
        var outputs = await Run(energies, 11, 2);
        var summary = outputs.Barrier.Value;
        Assert.Equal(exact.Barrier, summary["barrier"]!.GetValue<double>(), 9);
        var evaluations = summary["evaluations"]!.GetValue<int>();
        Assert.True(evaluations < grid.Count / 2, $"{evaluations} evaluations of {grid.Count}");
        Assert.Equal(evaluations, outputs.Evaluations.RowCount);
        Assert.Equal(outputs.Trace.RowCount, outputs.Trace["iteration"].Count);
    }

    [Fact]
    public async Task Search_SameSeed_IdenticalAcrossRunsAndThreadCounts()
    {
        var energies = Surface(out _);
        var one = await Run(energies, 3, 1);
        var two = await Run(energies, 3, 2);
        Assert.Equal(one.Evaluations.ToCsv(), two.Evaluations.ToCsv());
        Assert.Equal(one.Trace.ToCsv(), two.Trace.ToCsv());
        Assert.Equal(one.Barrier.Value.ToJsonString(), two.Barrier.Value.ToJsonString());
        var other = await Run(energies, 4, 1);
        Assert.NotEqual(one.Evaluations.ToCsv(), other.Evaluations.ToCsv());
    }

    [Fact]
    public async Task Search_Baselines_ExhaustiveExactRandomUsesBudget()
    {
        var energies = Surface(out var grid);
        var exact = BarrierSolver.Solve(energies.GetData<double>(), grid);
        var exhaustive = await Run(energies, 1, 1, new DominantPointSearchParameters { Strategy = SearchStrategy.Exhaustive });
        Assert.Equal(exact.Barrier, exhaustive.Barrier.Value["barrier"]!.GetValue<double>());
        Assert.Equal(grid.Count, exhaustive.Evaluations.RowCount);
        var random = await Run(energies, 1, 1, new DominantPointSearchParameters { Strategy = SearchStrategy.Random, Budget = 50, Samples = 20 });
        Assert.Equal(50, random.Evaluations.RowCount);
        Assert.Equal(50, random.Evaluations["index"].Numbers!.Distinct().Count());
    }

    [Fact]
    public async Task Search_WallsAreNeverEvaluated_AllWallsThrow()
    {
        var energies = Surface(out var grid);
        var data = (double[])energies.GetData<double>().Clone();
        for (var j = 0; j < 16; j++)
        {
            data[grid.IndexOf(8, j)] = double.NaN;
        }

        var outputs = await Run(NdArray.Create(data, 16, 16), 2, 1,
            new DominantPointSearchParameters { InitialPoints = 8, Samples = 40, Budget = 60 });
        Assert.DoesNotContain(outputs.Evaluations["energy"].Numbers!, double.IsNaN);
        var walls = NdArray.Create(Enumerable.Repeat(double.NaN, 16).ToArray(), 4, 4);
        await Assert.ThrowsAsync<MethodException>(async () => await Run(walls, 1, 1));
    }

    [Fact]
    public async Task SlicePlot_WithPoints_ProducesPng()
    {
        var grid = new PeriodicGrid([8, 8, 8]);
        var energies = NdArray.Create(PesGridSolver.Fourier(grid, [[-1, 1, 0, 0], [-1, 0, 1, 0], [-0.5, 0, 0, 1]]), 8, 8, 8);
        var barrier = (await new BarrierMethod().RunAsync(
            new BarrierInputs { Energies = energies }, new BarrierParameters(), MethodContext.CreateStandalone(1), default)).Outputs;
        var figure = (await new SlicePlotMethod().RunAsync(
            new SlicePlotInputs { Energies = energies, Minimum = barrier.Minimum, Bottleneck = barrier.Bottleneck },
            new SlicePlotParameters(), MethodContext.CreateStandalone(1), default)).Outputs.Figure;
        Assert.True(figure.Png.Length > 1000);
        await Assert.ThrowsAsync<MethodException>(async () => await new SlicePlotMethod().RunAsync(
            new SlicePlotInputs { Energies = energies, Minimum = new JsonArtifact(new System.Text.Json.Nodes.JsonObject()) },
            new SlicePlotParameters(), MethodContext.CreateStandalone(1), default));
    }
}
