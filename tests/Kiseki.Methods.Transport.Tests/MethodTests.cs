using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Transport.Barrier;
using Kiseki.Methods.Transport.Grid;
using Kiseki.Methods.Transport.PesGrid;

namespace Kiseki.Methods.Transport.Tests;

public sealed class MethodTests
{
    private static readonly MethodContext Context = MethodContext.CreateStandalone(7);

    [Fact]
    public async Task PesGrid_FourierDefault_ShapeAndAxisConvention()
    {
        var result = await new PesGridMethod().RunAsync(
            new NoInputs(), new PesGridParameters { Grid = [8, 4], Terms = [[2, 1, 0]] }, Context, default);
        var e = result.Outputs.Energies;
        Assert.Equal(new[] { 8, 4 }, e.Shape);
        var data = e.GetData<double>();
        Assert.Equal(2.0, data[0], 12);
        Assert.Equal(-2.0, data[4 * 4], 12);  // i = 4 along axis 0 ↔ u = 0.5
        Assert.Equal(2.0, data[3], 12);       // axis 1 does not enter
    }

    [Fact]
    public async Task PesGrid_EmptyTerms_SumOfNegativeCosines()
    {
        var result = await new PesGridMethod().RunAsync(
            new NoInputs(), new PesGridParameters { Grid = [4, 4, 4] }, Context, default);
        Assert.Equal(-3.0, result.Outputs.Energies.GetData<double>()[0], 12);
    }

    [Theory]
    [InlineData(new[] { 8 })]
    [InlineData(new[] { 8, 0 })]
    [InlineData(new[] { 4, 4, 4, 4 })]
    public async Task PesGrid_BadGrid_Throws(int[] shape)
    {
        var ex = await Assert.ThrowsAsync<MethodException>(async () => await new PesGridMethod().RunAsync(
            new NoInputs(), new PesGridParameters { Grid = shape }, Context, default));
        Assert.Equal("grid", ex.Subject);
    }

    [Fact]
    public async Task PesGrid_NonIntegerWaveNumberOrPerovskite2D_Throws()
    {
        await Assert.ThrowsAsync<MethodException>(async () => await new PesGridMethod().RunAsync(
            new NoInputs(), new PesGridParameters { Grid = [8, 8], Terms = [[1, 0.5, 0]] }, Context, default));
        await Assert.ThrowsAsync<MethodException>(async () => await new PesGridMethod().RunAsync(
            new NoInputs(), new PesGridParameters { Grid = [8, 8], Surface = PesSurface.PerovskiteProton }, Context, default));
    }

    [Fact]
    public async Task Barrier_CosineSquare_OutputsJson()
    {
        var grid = new PeriodicGrid([32, 32]);
        var e = NdArray.Create(PesGridSolver.Fourier(grid, [[-1, 1, 0], [-1, 0, 1]]), 32, 32);
        var result = await new BarrierMethod().RunAsync(new BarrierInputs { Energies = e }, new BarrierParameters(), Context, default);
        Assert.Equal(2.0, result.Outputs.Barrier.AsDouble(), 12);
        var bottleneck = result.Outputs.Bottleneck.Value;
        Assert.Equal(0.0, bottleneck["fractional"]![0]!.GetValue<double>());
        Assert.Equal(0.5, bottleneck["fractional"]![1]!.GetValue<double>());
        Assert.Equal("b", bottleneck["winding_axes"]![0]!.GetValue<string>());
        Assert.Equal(-2.0, result.Outputs.Minimum.Value["energy"]!.GetValue<double>(), 12);
    }

    [Fact]
    public async Task Barrier_AllWalls_ThrowsInvalidInput()
    {
        var e = NdArray.Create(new[] { double.NaN, double.PositiveInfinity, double.NegativeInfinity, double.NaN }, 2, 2);
        var ex = await Assert.ThrowsAsync<MethodException>(async () =>
            await new BarrierMethod().RunAsync(new BarrierInputs { Energies = e }, new BarrierParameters(), Context, default));
        Assert.Equal("energies", ex.Subject);
    }

    [Fact]
    public async Task Barrier_NoPercolatingPath_ThrowsFailed()
    {
        var data = new double[16];
        Array.Fill(data, double.NaN);
        data[5] = 1.0;  // an isolated point surrounded by walls
        var ex = await Assert.ThrowsAsync<MethodException>(async () => await new BarrierMethod().RunAsync(
            new BarrierInputs { Energies = NdArray.Create(data, 4, 4) }, new BarrierParameters(), Context, default));
        Assert.Contains("percolates", ex.Message);
    }

    [Fact]
    public async Task Barrier_ZeroSizeOrWrongRank_ThrowsInvalidInput()
    {
        await Assert.ThrowsAsync<MethodException>(async () => await new BarrierMethod().RunAsync(
            new BarrierInputs { Energies = NdArray.Create(Array.Empty<double>(), 0, 4) }, new BarrierParameters(), Context, default));
        await Assert.ThrowsAsync<MethodException>(async () => await new BarrierMethod().RunAsync(
            new BarrierInputs { Energies = NdArray.Create(new double[4], 4) }, new BarrierParameters(), Context, default));
    }
}
