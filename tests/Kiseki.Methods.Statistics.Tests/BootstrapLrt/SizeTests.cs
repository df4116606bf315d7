using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Synthetic;
using Kiseki.Methods.Statistics.BootstrapLrt;

namespace Kiseki.Methods.Statistics.Tests.BootstrapLrt;

public sealed class SizeTests
{
    [Fact]
    public void Run_TrueRankTwoPhantoms_RejectTheTrueCountAtMostAtTheNominalRate()
    {
        // 2-vs-3 test alone on 40 seeded 8×8×32 phantoms with exactly two components at 1000 counts per pixel (about
        // 30 events per entry, where the calibration table holds the size), α = 0.05, B = 39. Under the nominal size
        // the rejections are Binomial(40, 0.05): more than 5 has probability 0.014. Replicate fits stopped before the
        // side of T is settled (a stop trusted before the fit's tail) reject about half the time.
        var parameters = new BootstrapLrtParameters { Alpha = 0.05, Replicates = 39, MaxComponents = 3 };
        var rejected = 0;
        Parallel.For(0, 40, new ParallelOptions { MaxDegreeOfParallelism = 2 }, r =>
        {
            var phantom = PhantomGenerator.Generate(
                new PhantomOptions { Rows = 8, Cols = 8, Channels = 32, Components = 2, Counts = 1000 }, new Xoshiro256StarStar(5000 + (ulong)r));
            var step = BootstrapLrtSolver.Run(phantom.Data, 64, 32, parameters, new Xoshiro256StarStar(9000 + (ulong)r), 1, null, default, firstTest: 3).Steps[^1];
            Assert.Equal(3, step.K);
            if (step.Rejected)
            {
                Interlocked.Increment(ref rejected);
            }
        });
        Assert.InRange(rejected, 0, 5);
    }
}
