using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Transport.Grid;
using Kiseki.Methods.Transport.Sampling;

namespace Kiseki.Methods.Transport.Tests;

public sealed class GridFftTests
{
    [Theory]
    [InlineData(new[] { 32, 32, 32 })]
    [InlineData(new[] { 16, 8, 32 })]
    [InlineData(new[] { 8, 4, 2 })]
    [InlineData(new[] { 32, 32 })]
    [InlineData(new[] { 4, 6 })]
    [InlineData(new[] { 10, 10, 10 })]
    [InlineData(new[] { 8, 12, 4 })]
    [InlineData(new[] { 6, 8, 1 })]
    public void Transform_LaneBatched_BitIdenticalToLineByLine(int[] shape)
    {
        var grid = new PeriodicGrid(shape);
        var random = new Xoshiro256StarStar((ulong)grid.Count);
        var re = Enumerable.Range(0, grid.Count).Select(_ => random.NextGaussian()).ToArray();
        var im = Enumerable.Range(0, grid.Count).Select(_ => random.NextGaussian()).ToArray();
        foreach (var inverse in new[] { false, true })
        {
            var (expectedRe, expectedIm) = ((double[])re.Clone(), (double[])im.Clone());
            LineByLine(grid, expectedRe, expectedIm, inverse);
            var (actualRe, actualIm) = ((double[])re.Clone(), (double[])im.Clone());
            new GridFft(grid).Transform(actualRe, actualIm, inverse);
            Assert.Equal(expectedRe.Select(BitConverter.DoubleToInt64Bits), actualRe.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(expectedIm.Select(BitConverter.DoubleToInt64Bits), actualIm.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    public void Transform_ForwardThenInverse_RestoresTheGrid()
    {
        var grid = new PeriodicGrid([16, 32, 8]);
        var random = new Xoshiro256StarStar(5);
        var re = Enumerable.Range(0, grid.Count).Select(_ => random.NextGaussian()).ToArray();
        var im = new double[grid.Count];
        var (r, i) = ((double[])re.Clone(), (double[])im.Clone());
        var fft = new GridFft(grid);
        fft.Transform(r, i, inverse: false);
        Assert.NotEqual(re[1], r[1]);
        fft.Transform(r, i, inverse: true);
        for (var k = 0; k < re.Length; k++)
        {
            Assert.Equal(re[k], r[k], 1e-12);
            Assert.Equal(0.0, i[k], 1e-12);
        }
    }

    /// <summary>The reference: every line of every axis gathered and transformed on its own (axis 2, then 1, then 0).</summary>
    private static void LineByLine(PeriodicGrid grid, double[] re, double[] im, bool inverse)
    {
        int[] n = [grid.N0, grid.N1, grid.N2];
        int[] strides = [grid.N1 * grid.N2, grid.N2, 1];
        foreach (var axis in new[] { 2, 1, 0 })
        {
            if (n[axis] == 1)
            {
                continue;
            }

            var fft = new Fft1D(n[axis]);
            var lr = new double[n[axis]];
            var li = new double[n[axis]];
            for (var start = 0; start < grid.Count; start++)
            {
                if ((start / strides[axis]) % n[axis] != 0)
                {
                    continue;
                }

                for (var t = 0; t < n[axis]; t++)
                {
                    lr[t] = re[start + (t * strides[axis])];
                    li[t] = im[start + (t * strides[axis])];
                }

                fft.Transform(lr, li, inverse);
                for (var t = 0; t < n[axis]; t++)
                {
                    re[start + (t * strides[axis])] = lr[t];
                    im[start + (t * strides[axis])] = li[t];
                }
            }
        }
    }
}
