using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral;
using Kiseki.Methods.Spectral.Nmf;
using Kiseki.Methods.Spectral.Nmf.Ard;
using Kiseki.Methods.Spectral.Nmf.Beta;
using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Methods.Spectral.Nmf.Kernels;
using Kiseki.Testing;

namespace Kiseki.Methods.Spectral.Tests.Nmf;

/// <summary>A matrix read from a file by row chunks gives the same bits as the same values in memory.</summary>
public sealed class OutOfCoreTests : IDisposable
{
    private readonly TempDirectory _folder = new();

    public void Dispose() => _folder.Dispose();

    // 37 × 29 = 1073 pixels: more than four chunks of NmfMatrix.ChunkRows, three row blocks, a ragged last chunk.
    internal static ushort[] Counts(int n, int m)
    {
        var random = new Xoshiro256StarStar(21);
        var counts = new ushort[n * m];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                var a = (i % 37) / 37.0;
                counts[(i * m) + j] = (ushort)random.NextPoisson((30 * a * (j < m / 2 ? 1 : 0.2)) + (20 * (1 - a) * (j >= m / 3 ? 1 : 0.1)) + 1);
            }
        }

        return counts;
    }

    private string Save(NdArray array, string name) => _folder.SaveNpy(array, name);

    public static TheoryData<string, double, bool> Fits() => new()
    {
        { "nmf", 0, true }, { "nmf-so", 0.1, false }, { "ard", 0.1, false }, { "nmf", 0, false },
    };

    [Theory]
    [MemberData(nameof(Fits))]
    public void Fit_FromFile_BitIdenticalToInMemory(string solver, double orthogonality, bool singlePass)
    {
        const int n = 37 * 29, m = 24;
        var counts = Counts(n, m);
        var memory = NmfMatrix.FromArray(NdArray.Create(counts, 37, 29, m));
        using var file = RowFile.OpenNpy(Save(NdArray.Create(counts, 37, 29, m), "counts.npy"));
        var streamed = NmfMatrix.FromFile(file);
        var options = new NmfSolverOptions
        {
            Components = solver == "ard" ? 4 : 2, Orthogonality = orthogonality, Restarts = 2, MaxIterations = 15,
            MinIterations = 15, Tolerance = 0, Threads = 3, SinglePass = singlePass,
        };

        double[] Fit(NmfMatrix x) => solver == "ard"
            ? ArdSoSolver.Fit(x, options, new Xoshiro256StarStar(6), default).C
            : HalsSolver.Fit(x, options, new Xoshiro256StarStar(6), default).C;

        Assert.False(streamed.IsDouble);
        Assert.Null(streamed.Singles);
        var expected = Fit(memory);
        Assert.Equal(expected, Fit(streamed));
        Assert.Contains(expected, v => v > 0);
    }

    [Theory]
    [InlineData(0.0, 4)]
    [InlineData(0.0, 3)]
    [InlineData(0.5, 3)]
    [InlineData(-1.0, 2)]
    public void BetaFit_OnePass_FromFile_BitIdenticalToInMemory(double beta, int k)
    {
        // three row blocks of 357–358 rows: a 256-row chunk, then an odd one (a single row after the KL pairs)
        const int n = 37 * 29, m = 24;
        var counts = Counts(n, m).Select(v => (ushort)(v + 1)).ToArray();
        var memory = NmfMatrix.FromArray(NdArray.Create(counts, 37, 29, m));
        using var file = RowFile.OpenNpy(Save(NdArray.Create(counts, 37, 29, m), "beta.npy"));
        var options = new NmfSolverOptions
        {
            Components = k, Restarts = 2, MaxIterations = 11, MinIterations = 11, Tolerance = 0, Threads = 3, SinglePass = true,
        };

        var expected = BetaNmfSolver.Fit(memory, beta, options, new Xoshiro256StarStar(6), default);
        var streamed = BetaNmfSolver.Fit(NmfMatrix.FromFile(file), beta, options, new Xoshiro256StarStar(6), default);

        Assert.Equal(expected.C, streamed.C);
        Assert.Equal(expected.S, streamed.S);
        Assert.Equal(expected.Objective, streamed.Objective);
        Assert.Equal(expected.PixelDivergence, streamed.PixelDivergence);
        Assert.Contains(expected.C, v => v > 0);
        Assert.Throws<NotSupportedException>(
            () => BetaNmfSolver.Fit(NmfMatrix.FromFile(file), beta, options with { SinglePass = false }, new Xoshiro256StarStar(6), default));
    }

    [Fact]
    public void BetaFit_OnePass_FileShrinksDuringTheFit_FailsNamingTheFile()
    {
        const int n = 600, m = 16;
        var path = Save(NdArray.Create(Counts(n, m), n, m), "beta-shrinks.npy");
        using var file = RowFile.OpenNpy(path);
        var x = NmfMatrix.FromFile(file);
        DataScan.Of(x, 2); // the scan (shared with the input check) still sees the whole file
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            stream.SetLength(stream.Length - (2 * m));
        }

        var options = new NmfSolverOptions { Components = 2, Restarts = 1, MaxIterations = 5, SinglePass = true, Threads = 1 };
        var e = Assert.Throws<InvalidDataException>(() => BetaNmfSolver.Fit(x, 0, options, new Xoshiro256StarStar(1), default));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFailure_OnSeveralRowBlockThreads_BecomesOneInputErrorNamingTheFile()
    {
        var aggregate = new AggregateException(new InvalidDataException("/data/x.npy: truncated at row 300"), new IOException("/data/x.npy: gone"));
        var e = Assert.Throws<Kiseki.Abstractions.Methods.MethodException>(() => ReadFailure.Guard<int>(() => throw aggregate));
        Assert.Contains("/data/x.npy: truncated at row 300", e.Message, StringComparison.Ordinal);
        Assert.Throws<AggregateException>(() => ReadFailure.Guard<int>(() => throw new AggregateException(new InvalidOperationException("other"))));
        Assert.Throws<InvalidOperationException>(() => ReadFailure.Guard<int>(() => throw new InvalidOperationException("other")));
    }

    [Fact]
    public void Kernels_BigEndianFloat64File_SameAsInMemory()
    {
        const int n = 600, m = 13;
        var values = Counts(n, m).Select(v => v + 0.25).ToArray();
        var path = _folder.Combine("big.npy");
        WriteBigEndianNpy(path, values, n, m);
        using var file = RowFile.OpenNpy(path);
        var streamed = NmfMatrix.FromFile(file);
        var memory = NmfMatrix.FromDoubles(values, n, m);
        var c = Enumerable.Range(0, n * 3).Select(i => (i % 7) / 7.0).ToArray();
        var sT = Enumerable.Range(0, m * 3).Select(i => (i % 5) / 5.0).ToArray();

        Assert.True(streamed.IsDouble);
        Assert.Equal(DataScan.Of(memory, 2), DataScan.Of(streamed, 2));
        Assert.Equal(Product(memory, c, sT, n, m), Product(streamed, c, sT, n, m));
        Assert.Equal(memory[599, 12], streamed[599, 12]);
    }

    [Fact]
    public void OpenNpy_TruncatedFile_NamesTheFileAndTheMissingBytes()
    {
        var path = Save(NdArray.Create(new float[40 * 8], 40, 8), "short.npy");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^5]);

        var e = Assert.Throws<InvalidDataException>(() => RowFile.OpenNpy(path));
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenNpy_HostileHeaderOrLayout_ClearErrors()
    {
        var garbage = _folder.Combine("garbage.npy");
        File.WriteAllBytes(garbage, "\x93NUMPY\x01\x00\x10\x00{'descr': '<f8'  "u8.ToArray());
        var fortran = _folder.Combine("fortran.npy");
        File.WriteAllBytes(fortran, NpyWithHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (3, 4), }", 48));
        var complex = Save(NdArray.Create(new System.Numerics.Complex[6], 2, 3), "complex.npy");

        Assert.Contains(garbage, Assert.Throws<InvalidDataException>(() => RowFile.OpenNpy(garbage)).Message, StringComparison.Ordinal);
        Assert.Contains("Fortran-order", Assert.Throws<InvalidDataException>(() => RowFile.OpenNpy(fortran)).Message, StringComparison.Ordinal);
        Assert.Contains("complex", Assert.Throws<InvalidDataException>(() => RowFile.OpenNpy(complex)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadRows_FileShrunkAfterOpening_ThrowsInsteadOfReturningZeros()
    {
        var path = Save(NdArray.Create(Enumerable.Range(0, 600).Select(i => (float)i).ToArray(), 100, 6), "shrinks.npy");
        using var file = RowFile.OpenNpy(path);
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
        {
            stream.SetLength(stream.Length - 100);
        }

        var rows = new float[10 * 6];
        file.ReadRows(0, 10, rows);
        Assert.Equal(59f, rows[^1]);
        Assert.Throws<InvalidDataException>(() => file.ReadRows(90, 10, rows));
        Assert.Throws<ArgumentOutOfRangeException>(() => file.ReadRows(95, 10, rows));
    }

    private static double[] Product(NmfMatrix x, double[] c, double[] sT, int n, int m)
    {
        var xc = new double[3 * m];
        var xs = new double[n * 3];
        NmfKernels.TransposeTimes(x, c, 3, xc, 2);
        NmfKernels.Times(x, sT, 3, xs, 2);
        var residual = ResidualKernels.SquaredResidual(x, c, sT, 3, 2);
        return [.. xc, .. xs, residual];
    }

    private static void WriteBigEndianNpy(string path, double[] values, int n, int m)
    {
        var header = NpyWithHeader($"{{'descr': '>f8', 'fortran_order': False, 'shape': ({n}, {m}), }}", 0);
        using var stream = File.Create(path);
        stream.Write(header);
        Span<byte> eight = stackalloc byte[8];
        foreach (var v in values)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteDoubleBigEndian(eight, v);
            stream.Write(eight);
        }
    }

    private static byte[] NpyWithHeader(string dict, int dataBytes)
    {
        var header = dict.PadRight(((dict.Length + 11 + 63) / 64 * 64) - 11) + "\n";
        var bytes = new List<byte> { 0x93 };
        bytes.AddRange("NUMPY"u8.ToArray());
        bytes.AddRange([1, 0, (byte)(header.Length & 0xff), (byte)(header.Length >> 8)]);
        bytes.AddRange(System.Text.Encoding.Latin1.GetBytes(header));
        bytes.AddRange(new byte[dataBytes]);
        return [.. bytes];
    }
}
