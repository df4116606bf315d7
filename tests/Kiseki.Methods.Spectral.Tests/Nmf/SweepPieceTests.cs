using System.Runtime.Intrinsics;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Tests.Nmf;

/// <summary>The per-pixel squared residual: the model by components in order, the squares on two vectors of four.</summary>
public sealed class RowResidualTests
{
    private static double Reference(double[] row, double[] c, double[] sT, int k, int m, int i)
    {
        var model = new double[m];
        ResidualKernels.ModelRow(c, sT, k, m, i, model);
        var a0 = Vector256<double>.Zero;
        var a1 = Vector256<double>.Zero;
        var j = 0;
        for (; j + 8 <= m; j += 8)
        {
            var dl = Vector256.Create(row.AsSpan(j, 4)) - Vector256.Create(model.AsSpan(j, 4));
            var dh = Vector256.Create(row.AsSpan(j + 4, 4)) - Vector256.Create(model.AsSpan(j + 4, 4));
            a0 = Vector256.FusedMultiplyAdd(dl, dl, a0);
            a1 = Vector256.FusedMultiplyAdd(dh, dh, a1);
        }

        var total = Vector256.Sum(a0 + a1);
        for (; j < m; j++)
        {
            var d = row[j] - model[j];
            total = Math.FusedMultiplyAdd(d, d, total);
        }

        return total;
    }

    [Theory]
    [InlineData(7, 3)]
    [InlineData(45, 5)]
    [InlineData(64, 8)]
    [InlineData(77, 11)]
    public void RowResidual_SameBitsAsModelThenSquares(int m, int k)
    {
        var random = new Xoshiro256StarStar((ulong)(m * k));
        const int n = 7; // three pairs of rows, then one row by itself
        var x = Enumerable.Range(0, n * m).Select(_ => random.NextDouble() * 50).ToArray();
        var c = Enumerable.Range(0, n * k).Select(q => q % 4 == 1 ? 0 : random.NextDouble()).ToArray();
        var sT = Enumerable.Range(0, k * m).Select(_ => random.NextDouble() * 10).ToArray();
        var perRow = new double[n];
        ResidualKernels.RowSquaredResiduals(NmfMatrix.FromDoubles(x, n, m), c, sT, k, perRow, 2);
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(Reference(x.AsSpan(i * m, m).ToArray(), c, sT, k, m, i), perRow[i]);
        }

        Assert.Contains(c, v => v == 0);
    }
}

/// <summary>CᵀC: row by row, a product then a sum for every b ≥ a (zero weights skipped), the lower triangle copied.</summary>
public sealed class GramOfRowsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(11)]
    public void GramOfRows_SameBitsAsTheScalarLoop(int k)
    {
        const int n = 301;
        var random = new Xoshiro256StarStar((ulong)k);
        var c = Enumerable.Range(0, n * k).Select(q => q % 5 == 2 ? 0 : random.NextDouble()).ToArray();
        var expected = new double[k * k];
        for (var i = 0; i < n; i++)
        {
            for (var a = 0; a < k; a++)
            {
                var ca = c[(i * k) + a];
                if (ca == 0)
                {
                    continue;
                }

                for (var b = a; b < k; b++)
                {
                    expected[(a * k) + b] += ca * c[(i * k) + b];
                }
            }
        }

        for (var a = 0; a < k; a++)
        {
            for (var b = 0; b < a; b++)
            {
                expected[(a * k) + b] = expected[(b * k) + a];
            }
        }

        Assert.Equal(expected, HalsSweeps.GramOfRows(c, n, k));
    }
}
