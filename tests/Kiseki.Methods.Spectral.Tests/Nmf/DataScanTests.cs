using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Nmf.Kernels;
using Kiseki.Testing;

namespace Kiseki.Methods.Spectral.Tests.Nmf;

/// <summary>
/// The scan of X gives exactly what a plain loop gives: its sums added row block by row block, each block's values in
/// row and channel order, and the order-free facts (extremes, counts, empty rows and columns) over finite values.
/// </summary>
public sealed class DataScanTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    private static DataScan Reference(double[] values, int rows, int columns)
    {
        var partition = RowPartition.For(rows);
        double sum = 0, squares = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        long bad = 0, negative = 0, zeros = 0;
        var zeroRows = 0;
        var reached = new bool[columns];
        for (var b = 0; b < partition.Blocks; b++)
        {
            double blockSum = 0, blockSquares = 0;
            for (var i = partition.Start(b); i < partition.End(b); i++)
            {
                var any = false;
                for (var j = 0; j < columns; j++)
                {
                    var v = values[((long)i * columns) + j];
                    if (!double.IsFinite(v))
                    {
                        bad++;
                        continue;
                    }

                    blockSum += v;
                    blockSquares += v * v;
                    min = Math.Min(min, v);
                    max = Math.Max(max, v);
                    negative += v < 0 ? 1 : 0;
                    zeros += v == 0 ? 1 : 0;
                    any |= v != 0;
                    reached[j] |= v != 0;
                }

                zeroRows += any ? 0 : 1;
            }

            sum += blockSum;
            squares += blockSquares;
        }

        return new DataScan(sum, squares, min, max, bad, negative, zeros, zeroRows, reached.Count(r => !r));
    }

    // 2600 rows: six row blocks (one group of four scanned side by side, then two), so both paths run; 37 channels
    // leave a ragged end after the vectors.
    private static double[] Values(int rows, int columns, bool hostile)
    {
        var random = new Xoshiro256StarStar(9);
        var values = new double[rows * columns];
        for (var i = 0; i < values.Length; i++)
        {
            var column = i % columns;
            values[i] = column == 5 ? 0 : random.NextDouble() < 0.3 ? 0 : random.NextDouble() * 1000;
        }

        for (var j = 0; j < columns; j++)
        {
            values[(17 * columns) + j] = 0; // an empty row
        }

        if (hostile)
        {
            values[(3 * columns) + 2] = double.NaN;
            values[(1700 * columns) + 36] = double.PositiveInfinity;
            values[(2599 * columns) + 1] = -2.5;
            values[(900 * columns) + 30] = -0.125;
        }

        return values;
    }

    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 2)]
    [InlineData(true, 1)]
    [InlineData(true, 3)]
    public void Scan_EqualsPlainLoop_InMemoryAndFromFile_Float64AndFloat32(bool hostile, int threads)
    {
        const int rows = 2600, columns = 37;
        var values = Values(rows, columns, hostile);
        var expected = Reference(values, rows, columns);
        Assert.Equal(hostile ? 2 : 0, expected.NonFiniteCount);
        Assert.Equal(1, expected.ZeroColumns);

        Assert.Equal(expected, DataScan.Of(NmfMatrix.FromDoubles(values, rows, columns), threads));
        var singles = values.Select(v => (float)v).ToArray();
        var widened = singles.Select(v => (double)v).ToArray();
        expected = Reference(widened, rows, columns);

        // The values are not sums of a few powers of two, so another order of the sums would show in the last bits.
        var otherOrder = widened.Reverse().Where(double.IsFinite).Sum();
        Assert.NotEqual(expected.Sum, otherOrder);
        Assert.Equal(expected, DataScan.Of(NmfMatrix.FromSingles(singles, rows, columns), threads));

        var path = _folder.SaveNpy(NdArray.Create(singles, rows, columns), $"scan-{hostile}-{threads}.npy");
        using var file = RowFile.OpenNpy(path);
        Assert.Equal(expected, DataScan.Of(NmfMatrix.FromFile(file), threads));
    }
}
