using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Tests.Nmf;

/// <summary>
/// X·S and XᵀC give exactly the bits of their defining summation order, written out one element at a time here:
/// a dot product accumulates four lanes (channel j into lane j mod 4, eight channels per step, the low four first),
/// adds the lanes with <see cref="Vector256.Sum{T}(Vector256{T})"/> and then the channels past the last multiple of
/// eight one by one; an XᵀC element is a chain of fused multiply–adds over the rows of each fixed row block in
/// order (a group of four rows whose weights are all zero skipped, a lone row with weight zero skipped), the blocks'
/// sums added in block order. Sizes are chosen so that every ragged case occurs.
/// </summary>
public sealed class NmfKernelOrderTests
{
    // 1037 rows: two row blocks of 518 and 519 rows (groups of eight, a group of four, single rows left over);
    // 203 channels: 25 steps of eight and 3 left over; 5 channels: no full step; K = 3, 7, 13: a part-filled group
    // of four components, a part-filled group of eight, and eight then five.
    public static TheoryData<int, int, int, bool> Sizes => new()
    {
        { 1037, 203, 7, true },
        { 1037, 203, 7, false },
        { 1037, 203, 3, true },
        { 1037, 203, 13, false },
        { 1037, 5, 13, true },
        { 11, 64, 8, false },
        { 3, 9, 1, true },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Times_EqualsTheScalarOrder_BitForBit(int n, int m, int k, bool single)
    {
        var (x, values) = Matrix(n, m, single, 5);
        var sT = Factor(k * m, 6, zeros: false);
        var expected = ReferenceTimes(values, n, m, sT, k);
        foreach (var threads in new[] { 1, 2 })
        {
            // Several calls: the kernels run the same code on every call, whatever the JIT has done meanwhile.
            for (var call = 0; call < 3; call++)
            {
                var xs = new double[n * k];
                NmfKernels.Times(x, sT, k, xs, threads);
                AssertSameBits(expected, xs);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void TransposeTimes_EqualsTheScalarOrder_BitForBit(int n, int m, int k, bool single)
    {
        var (x, values) = Matrix(n, m, single, 7);
        var c = Factor(n * k, 8, zeros: true);
        var expected = ReferenceTransposeTimes(values, n, m, c, k);
        foreach (var threads in new[] { 1, 2 })
        {
            for (var call = 0; call < 3; call++)
            {
                var xc = new double[k * m];
                NmfKernels.TransposeTimes(x, c, k, xc, threads);
                AssertSameBits(expected, xc);
            }
        }
    }

    [Fact]
    public void Reference_IsSensitiveToTheOrder()
    {
        // The reference pins an order: summing the same products in plain sequence gives different bits here, so a
        // kernel that merely computes the right mathematical value would fail the tests above.
        var (_, values) = Matrix(1037, 203, false, 5);
        var sT = Factor(7 * 203, 6, zeros: false);
        var reference = ReferenceTimes(values, 1037, 203, sT, 7);
        var differing = 0;
        for (var i = 0; i < 1037; i++)
        {
            for (var q = 0; q < 7; q++)
            {
                var plain = 0.0;
                for (var j = 0; j < 203; j++)
                {
                    plain = Math.FusedMultiplyAdd(values[(i * 203) + j], sT[(q * 203) + j], plain);
                }

                differing += plain == reference[(i * 7) + q] ? 0 : 1;
            }
        }

        Assert.True(differing > 100, $"only {differing} of {1037 * 7} dot products depend on the order");
    }

    private static (NmfMatrix X, double[] Values) Matrix(int n, int m, bool single, ulong seed)
    {
        var random = new Xoshiro256StarStar(seed);
        var values = new double[n * m];
        for (var q = 0; q < values.Length; q++)
        {
            // Counts with zeros, and non-integer values for float64 so that products round.
            values[q] = single ? random.NextPoisson(3) : random.NextDouble() < 0.2 ? 0 : random.NextDouble() * 100;
        }

        return (single
            ? NmfMatrix.FromSingles(Array.ConvertAll(values, v => (float)v), n, m)
            : NmfMatrix.FromDoubles(values, n, m), values);
    }

    // With zeros: whole groups of four rows with weight zero for a component, and single zero weights.
    private static double[] Factor(int length, ulong seed, bool zeros)
    {
        var random = new Xoshiro256StarStar(seed);
        var f = new double[length];
        for (var q = 0; q < length; q++)
        {
            f[q] = zeros && random.NextDouble() < 0.35 ? 0 : random.NextDouble();
        }

        return f;
    }

    private static double[] ReferenceTimes(double[] x, int n, int m, double[] sT, int k)
    {
        var result = new double[n * k];
        var vectorEnd = m - (m % 8);
        for (var i = 0; i < n; i++)
        {
            for (var q = 0; q < k; q++)
            {
                var lanes = new double[4];
                for (var j = 0; j < vectorEnd; j += 4)
                {
                    for (var l = 0; l < 4; l++)
                    {
                        lanes[l] = Math.FusedMultiplyAdd(x[(i * m) + j + l], sT[(q * m) + j + l], lanes[l]);
                    }
                }

                var d = Vector256.Sum(Vector256.Create(lanes));
                for (var j = vectorEnd; j < m; j++)
                {
                    d = Math.FusedMultiplyAdd(x[(i * m) + j], sT[(q * m) + j], d);
                }

                result[(i * k) + q] = d;
            }
        }

        return result;
    }

    private static double[] ReferenceTransposeTimes(double[] x, int n, int m, double[] c, int k)
    {
        var result = new double[k * m];
        var partition = RowPartition.For(n);
        for (var b = 0; b < partition.Blocks; b++)
        {
            var acc = new double[k * m];
            int start = partition.Start(b), end = partition.End(b);
            for (var q = 0; q < k; q++)
            {
                for (var j = 0; j < m; j++)
                {
                    var s = 0.0;
                    var i = start;
                    for (; i + 4 <= end; i += 4)
                    {
                        if (c[(i * k) + q] == 0 && c[((i + 1) * k) + q] == 0 && c[((i + 2) * k) + q] == 0 && c[((i + 3) * k) + q] == 0)
                        {
                            continue;
                        }

                        for (var r = i; r < i + 4; r++)
                        {
                            s = Math.FusedMultiplyAdd(c[(r * k) + q], x[(r * m) + j], s);
                        }
                    }

                    for (; i < end; i++)
                    {
                        if (c[(i * k) + q] != 0)
                        {
                            s = Math.FusedMultiplyAdd(c[(i * k) + q], x[(i * m) + j], s);
                        }
                    }

                    acc[(q * m) + j] = s;
                }
            }

            for (var e = 0; e < acc.Length; e++)
            {
                result[e] += acc[e];
            }
        }

        return result;
    }

    private static void AssertSameBits(double[] expected, double[] actual)
    {
        var e = MemoryMarshal.AsBytes(expected.AsSpan());
        var a = MemoryMarshal.AsBytes(actual.AsSpan());
        if (!e.SequenceEqual(a))
        {
            var first = Enumerable.Range(0, expected.Length).First(q => BitConverter.DoubleToInt64Bits(expected[q]) != BitConverter.DoubleToInt64Bits(actual[q]));
            Assert.Fail($"element {first}: expected {expected[first]:R}, got {actual[first]:R}");
        }
    }
}
