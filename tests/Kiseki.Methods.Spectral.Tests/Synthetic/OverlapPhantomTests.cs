using Kiseki.Abstractions.Methods;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Synthetic;

namespace Kiseki.Methods.Spectral.Tests.Synthetic;

public sealed class OverlapPhantomTests
{
    private static double Cosine(double[] s, int k, int n, int a, int b)
    {
        double ab = 0, aa = 0, bb = 0;
        for (var j = 0; j < n; j++)
        {
            double x = s[(j * k) + a], y = s[(j * k) + b];
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }

        return ab / Math.Sqrt(aa * bb);
    }

    [Theory]
    [InlineData(128)]
    [InlineData(256)]
    public void Spectra_SimilarAsInThePapersRegime_UnitSum(int channels)
    {
        var p = OverlapPhantomGenerator.Generate(8, 8, channels, 50, PhantomNoise.None, 0, new Xoshiro256StarStar(1));
        for (var a = 0; a < 3; a++)
        {
            Assert.Equal(1.0, Enumerable.Range(0, channels).Sum(j => p.Spectra[(j * 3) + a]), 12);
            for (var b = a + 1; b < 3; b++)
            {
                Assert.InRange(Cosine(p.Spectra, 3, channels, a, b), 0.90, 0.98);
            }
        }
    }

    [Fact]
    public void Maps_OverlapSumToCountsOnSpecimen_ZeroOnVacuum()
    {
        const int rows = 10, cols = 7, vacuum = 3;
        var p = OverlapPhantomGenerator.Generate(rows, cols, 32, 40, PhantomNoise.None, vacuum, new Xoshiro256StarStar(1));
        for (var pixel = 0; pixel < rows * cols; pixel++)
        {
            var values = Enumerable.Range(0, 3).Select(q => p.Maps[(pixel * 3) + q]).ToArray();
            if (pixel / cols < vacuum)
            {
                Assert.All(values, v => Assert.Equal(0.0, v));
                Assert.All(Enumerable.Range(0, 32), j => Assert.Equal(0.0, p.Data[(pixel * 32) + j]));
            }
            else
            {
                Assert.Equal(40.0, values.Sum(), 9);
                Assert.All(values, v => Assert.True(v > 40 * 0.05, "every specimen pixel is a mixture of all three"));
                Assert.Equal(40.0, Enumerable.Range(0, 32).Sum(j => p.Data[(pixel * 32) + j]), 9);
            }
        }
    }

    [Fact]
    public void Poisson_SameSeedSameCounts_MeanNearCounts()
    {
        var a = OverlapPhantomGenerator.Generate(24, 24, 64, 100, PhantomNoise.Poisson, 0, new Xoshiro256StarStar(9));
        var b = OverlapPhantomGenerator.Generate(24, 24, 64, 100, PhantomNoise.Poisson, 0, new Xoshiro256StarStar(9));
        var c = OverlapPhantomGenerator.Generate(24, 24, 64, 100, PhantomNoise.Poisson, 0, new Xoshiro256StarStar(10));
        Assert.Equal(a.Data, b.Data);
        Assert.NotEqual(a.Data, c.Data);
        Assert.All(a.Data, v => Assert.Equal(Math.Round(v), v));
        Assert.InRange(a.Data.Sum() / (24 * 24), 99, 101);
    }

    [Fact]
    public async Task Method_TooManyVacuumRows_InvalidParameterNamingIt()
    {
        var error = await Assert.ThrowsAsync<MethodException>(async () => await new OverlapPhantomMethod().RunAsync(
            new NoInputs(), new OverlapPhantomParameters { Rows = 4, VacuumRows = 3 }, MethodContext.CreateStandalone(1), default));
        Assert.Contains("vacuum_rows", error.Message, StringComparison.Ordinal);
    }
}
