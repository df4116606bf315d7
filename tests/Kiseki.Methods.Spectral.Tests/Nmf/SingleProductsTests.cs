using System.Buffers.Binary;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Nmf.Ard;
using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Methods.Spectral.Nmf.Kernels;
using Kiseki.Testing;

namespace Kiseki.Methods.Spectral.Tests.Nmf;

/// <summary>
/// <c>precision: float32</c>: X·S and XᵀC with float32 products agree with the float64 kernels to float32 rounding, and
/// give the same bits from a file as in memory, for any thread count.
/// </summary>
public sealed class SingleProductsTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    // 37 × 29 = 1073 pixels: three row blocks of 357–358 rows, so ragged and odd last chunks of 32 rows; 45 channels
    // leave 13 past the last 16- and 32-channel step.
    private const int Rows = 37, Cols = 29, Channels = 45;

    private static double[] Factor(int length, ulong seed)
    {
        var random = new Xoshiro256StarStar(seed);
        var values = new double[length];
        for (var i = 0; i < length; i++)
        {
            values[i] = random.NextDouble();
        }

        return values;
    }

    private string Save(NdArray array, string name) => _folder.SaveNpy(array, name);

    private static (double[] Times, double[] Transpose) Products(NmfMatrix x, int k, int threads)
    {
        var sT = Factor(k * x.Columns, 5);
        var c = Factor(x.Rows * k, 6);
        var times = new double[x.Rows * k];
        var transpose = new double[k * x.Columns];
        NmfKernels.Times(x, sT, k, times, threads);
        NmfKernels.TransposeTimes(x, c, k, transpose, threads);
        return (times, transpose);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(11)]
    public void Kernels_AgreeWithFloat64ToSingleRounding_AndAreNotTheFloat64Ones(int k)
    {
        const int n = Rows * Cols;
        var x = NmfMatrix.FromArray(NdArray.Create(OutOfCoreTests.Counts(n, Channels), Rows, Cols, Channels));
        var (times64, transpose64) = Products(x, k, 2);
        var (times32, transpose32) = Products(x.WithSingleProducts(), k, 2);

        static double Worst(double[] expected, double[] actual)
            => expected.Zip(actual).Max(p => Math.Abs(p.First - p.Second) / Math.Abs(p.First));

        Assert.InRange(Worst(times64, times32), 1e-12, 2e-6);
        Assert.InRange(Worst(transpose64, transpose32), 1e-12, 2e-6);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Kernels_Uint16File_SameBitsAsInMemory_AnyThreadCount(bool bigEndian)
    {
        const int n = Rows * Cols;
        var counts = OutOfCoreTests.Counts(n, Channels);
        var memory = NmfMatrix.FromArray(NdArray.Create(counts, Rows, Cols, Channels)).WithSingleProducts();
        var path = Save(NdArray.Create(counts, Rows, Cols, Channels), "counts.npy");
        if (bigEndian)
        {
            MakeBigEndian(path, n * Channels);
        }

        using var file = RowFile.OpenNpy(path);
        Assert.Equal(bigEndian, file.BigEndian);
        var streamed = NmfMatrix.FromFile(file).WithSingleProducts();
        var (times, transpose) = Products(memory, 8, 1);
        foreach (var threads in new[] { 1, 3 })
        {
            var (fileTimes, fileTranspose) = Products(streamed, 8, threads);
            Assert.Equal(times, fileTimes);
            Assert.Equal(transpose, fileTranspose);
            var (memoryTimes, memoryTranspose) = Products(memory, 8, threads);
            Assert.Equal(times, memoryTimes);
            Assert.Equal(transpose, memoryTranspose);
        }
    }

    [Fact]
    public void Kernels_Float64FileOfInexactValues_SameBitsAsInMemory()
    {
        const int n = Rows * Cols;
        var values = OutOfCoreTests.Counts(n, Channels).Select((v, i) => v + (0.1 * (i % 7))).ToArray();
        var memory = NmfMatrix.FromArray(NdArray.Create(values, Rows, Cols, Channels)).WithSingleProducts();
        using var file = RowFile.OpenNpy(Save(NdArray.Create(values, Rows, Cols, Channels), "values.npy"));
        var streamed = NmfMatrix.FromFile(file).WithSingleProducts();
        Assert.True(memory.IsDouble);
        var expected = Products(memory, 5, 2);
        var actual = Products(streamed, 5, 3);
        Assert.Equal(expected.Times, actual.Times);
        Assert.Equal(expected.Transpose, actual.Transpose);
    }

    [Theory]
    [InlineData("nmf-so")]
    [InlineData("ard")]
    public void Fit_FromFile_SameBitsAsInMemory_CloseToFloat64(string solver)
    {
        const int n = Rows * Cols;
        var counts = OutOfCoreTests.Counts(n, Channels);
        var memory = NmfMatrix.FromArray(NdArray.Create(counts, Rows, Cols, Channels));
        using var file = RowFile.OpenNpy(Save(NdArray.Create(counts, Rows, Cols, Channels), "fit.npy"));
        var options = new NmfSolverOptions
        {
            Components = solver == "ard" ? 4 : 2, Orthogonality = 0.1, Restarts = 2, MaxIterations = 30,
            MinIterations = 30, Tolerance = 0, Threads = 3,
        };

        (double[] C, double Objective) Fit(NmfMatrix x, NmfSolverOptions o)
        {
            if (solver == "ard")
            {
                var ard = ArdSoSolver.Fit(x, o, new Xoshiro256StarStar(6), default);
                return (ard.C, ard.Objective[^1]);
            }

            var fit = HalsSolver.Fit(x, o, new Xoshiro256StarStar(6), default);
            return (fit.C, fit.FinalObjective);
        }

        var single = Fit(memory.WithSingleProducts(), options);
        var streamed = Fit(NmfMatrix.FromFile(file).WithSingleProducts(), options with { Threads = 1 });
        Assert.Equal(single.C, streamed.C);
        Assert.Equal(single.Objective, streamed.Objective);

        var reference = Fit(memory, options);
        Assert.NotEqual(reference.C, single.C);
        Assert.Equal(reference.Objective, single.Objective, Math.Abs(reference.Objective) * 1e-4);
        Assert.Equal(reference.C.Length, single.C.Length);
        var scale = reference.C.Max(Math.Abs);
        Assert.All(reference.C.Zip(single.C), p => Assert.Equal(p.First, p.Second, scale * 1e-3));
    }

    [Fact]
    public void PlainHals_WithSingleProducts_TakesTheTwoPassKernels()
    {
        // The one-pass sweep has float64 kernels only: with float32 products the solver takes the two-pass sweep, so
        // asking for one pass gives the same bits as not asking.
        const int n = Rows * Cols;
        var x = NmfMatrix.FromArray(NdArray.Create(OutOfCoreTests.Counts(n, Channels), Rows, Cols, Channels)).WithSingleProducts();
        var options = new NmfSolverOptions { Components = 3, Restarts = 1, MaxIterations = 12, MinIterations = 12, Tolerance = 0, Threads = 2 };
        var twoPass = HalsSolver.Fit(x, options, new Xoshiro256StarStar(2), default);
        var asked = HalsSolver.Fit(x, options with { SinglePass = true }, new Xoshiro256StarStar(2), default);
        Assert.Equal(twoPass.C, asked.C);
        Assert.Equal(twoPass.S, asked.S);
    }

    private static void MakeBigEndian(string path, int count)
    {
        var bytes = File.ReadAllBytes(path);
        var text = System.Text.Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 256));
        var at = text.IndexOf("<u2", StringComparison.Ordinal);
        Assert.True(at > 0, "the header names <u2");
        bytes[at] = (byte)'>';
        var data = bytes.Length - (count * 2);
        for (var i = 0; i < count; i++)
        {
            var value = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(data + (2 * i)));
            BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(data + (2 * i)), value);
        }

        File.WriteAllBytes(path, bytes);
    }
}
