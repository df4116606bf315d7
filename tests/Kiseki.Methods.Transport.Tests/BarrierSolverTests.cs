using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Transport.Barrier;
using Kiseki.Methods.Transport.Grid;
using Kiseki.Methods.Transport.PesGrid;

namespace Kiseki.Methods.Transport.Tests;

public sealed class BarrierSolverTests
{
    [Fact]
    public void Solve_CosineSquare32_BarrierTwoAtHalfB()
    {
        var grid = new PeriodicGrid([32, 32]);
        var e = PesGridSolver.Fourier(grid, [[-1, 1, 0], [-1, 0, 1]]);
        var r = BarrierSolver.Solve(e, grid);
        Assert.True(r.Found);
        Assert.Equal(2.0, r.Barrier, 12);
        Assert.Equal(grid.IndexOf(0, 0), r.MinimumIndex);
        // Tie rule: (0, 16) and (16, 0) have equal energy; the lower C-order index is activated first.
        Assert.Equal(grid.IndexOf(0, 16), r.BottleneckIndex);
        Assert.Equal(2, r.WindingAxes);
    }

    [Fact]
    public void Solve_AnisotropicCosine_TakesLowestDirection()
    {
        var grid = new PeriodicGrid([32, 32]);
        var e = PesGridSolver.Fourier(grid, [[-1, 1, 0], [-0.5, 0, 1]]);
        var any = BarrierSolver.Solve(e, grid);
        Assert.Equal(1.0, any.Barrier, 12);
        Assert.Equal(grid.IndexOf(0, 16), any.BottleneckIndex);
        Assert.Equal(2.0, BarrierSolver.Solve(e, grid, direction: PathDirection.A).Barrier, 12);
        Assert.Equal(1.0, BarrierSolver.Solve(e, grid, direction: PathDirection.B).Barrier, 12);
    }

    [Theory]
    [InlineData(4.0, 2.2, 600, 600, 1.155)]
    [InlineData(2.0, 2.2, 600, 600, 0.734)]
    [InlineData(2.0, 2.2, 600, 100, 0.592)]
    [InlineData(1.5, 2.5, 600, 100, 0.561)]
    public void Solve_PerovskiteTemplate32_MatchesOracle(double depth, double alpha, double zr, double ba, double expected)
    {
        var grid = new PeriodicGrid([32, 32, 32]);
        var e = PesGridSolver.Perovskite(grid, new PerovskiteTemplate(4.19, depth, alpha, 0.97, zr, ba, 0.30));
        var r = BarrierSolver.Solve(e, grid);
        Assert.Equal(expected, r.Barrier, 3);
    }

    [Theory]
    [InlineData(5, 6, 0, Connectivity.Face, 1)]
    [InlineData(7, 4, 0, Connectivity.Full, 2)]
    [InlineData(4, 5, 3, Connectivity.Face, 3)]
    [InlineData(3, 4, 5, Connectivity.Full, 4)]
    [InlineData(6, 2, 1, Connectivity.Face, 5)]
    public void Solve_RandomGrids_MatchesFloodFill(int n0, int n1, int n2, Connectivity connectivity, ulong seed)
    {
        var grid = new PeriodicGrid(n2 == 0 ? [n0, n1] : [n0, n1, n2]);
        var random = new Xoshiro256StarStar(seed);
        for (var trial = 0; trial < 20; trial++)
        {
            var e = new double[grid.Count];
            for (var i = 0; i < e.Length; i++)
            {
                var x = random.NextDouble();
                // Some walls, some repeated energies.
                e[i] = x < 0.15 ? double.NaN : Math.Round(random.NextGaussian() * 4) / 4;
            }

            foreach (var direction in new[] { PathDirection.Any, PathDirection.A, PathDirection.B })
            {
                var expected = BruteForceBarrier.Barrier(e, grid, connectivity, BarrierSolver.AxisMask(direction));
                var actual = BarrierSolver.Solve(e, grid, connectivity, direction);
                Assert.Equal(expected.HasValue, actual.Found);
                if (expected.HasValue)
                {
                    Assert.Equal(expected.Value, actual.Barrier, 12);
                    Assert.Equal(e[actual.BottleneckIndex] - e[actual.MinimumIndex], actual.Barrier);
                }
            }
        }
    }

    [Fact]
    public void Solve_WallRing_BlocksDirection()
    {
        var grid = new PeriodicGrid([8, 8]);
        var e = PesGridSolver.Fourier(grid, [[-1, 1, 0], [-1, 0, 1]]);
        for (var j = 0; j < 8; j++)
        {
            e[grid.IndexOf(4, j)] = double.PositiveInfinity;
        }

        Assert.False(BarrierSolver.Solve(e, grid, direction: PathDirection.A).Found);
        Assert.True(BarrierSolver.Solve(e, grid, direction: PathDirection.B).Found);
    }

    [Fact]
    public void Solve_AllWalls_NotFound()
    {
        var grid = new PeriodicGrid([3, 3]);
        var r = BarrierSolver.Solve(Enumerable.Repeat(double.NaN, 9).ToArray(), grid);
        Assert.False(r.Found);
        Assert.Equal(0, r.ActivePoints);
    }

    [Fact]
    public void Solve_ThinAxis_ZeroBarrierAlongIt()
    {
        var grid = new PeriodicGrid([4, 4, 1]);
        var e = PesGridSolver.Fourier(grid, [[-1, 1, 0, 0], [-1, 0, 1, 0]]);
        var r = BarrierSolver.Solve(e, grid);
        Assert.Equal(0.0, r.Barrier);
        Assert.Equal(4, r.WindingAxes);
    }
}
