using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Decomposition;

namespace Kiseki.Methods.Spectral.Tests.Decomposition;

/// <summary>The PCA/SVD Gram eigensolver reading X by rows from a file gives the same bits as from memory.</summary>
public sealed class GramStreamingTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("kiseki-gram-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Solve_FromFile_SameBitsAsInMemory(bool centre)
    {
        // 1000 pixels: three full chunks of 256 rows and a ragged one, more chunks than threads in flight.
        const int n = 1000, m = 17;
        var random = new Xoshiro256StarStar(4);
        var counts = new ushort[n * m];
        for (var i = 0; i < counts.Length; i++)
        {
            counts[i] = (ushort)random.NextPoisson(5 + (10 * ((i / m) % 3 == 0 ? 1 : 0)) + (i % m));
        }

        var path = Path.Combine(_folder, "x.npy");
        using (var stream = File.Create(path))
        {
            NpyFormat.Write(stream, NdArray.Create(counts, 40, 25, m));
        }

        using var file = RowFile.OpenNpy(path);
        var memory = GramEigenSolver.Solve(counts.Select(c => (double)c).ToArray(), n, m, 3, centre, 2, default);
        var streamed = GramEigenSolver.Solve(file, 3, centre, 2, default);

        Assert.Equal(memory.Eigenvalues, streamed.Eigenvalues);
        Assert.Equal(memory.Vectors, streamed.Vectors);
        Assert.Equal(memory.Trace, streamed.Trace);
        Assert.Equal(memory.Mean, streamed.Mean);
        Assert.True(memory.Eigenvalues[0] > memory.Eigenvalues[2]);
    }
}
