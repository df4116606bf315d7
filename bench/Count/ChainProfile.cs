using System.Diagnostics;
using System.Globalization;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Synthetic;
using Kiseki.Methods.Statistics.BootstrapLrt;

namespace Kiseki.Bench.Count;

/// <summary>Sweeps and seconds per rank of one fitting chain on the speed phantom (where the time of a replicate goes).</summary>
internal static class ChainProfile
{
    public static void Run()
    {
        var phantom = PhantomGenerator.Generate(new PhantomOptions { Rows = 48, Cols = 48, Channels = 200, Components = 4, Counts = 100 }, new Xoshiro256StarStar(1));
        foreach (var tolerance in new[] { 1e-6, 1e-8, 1e-9 })
        {
            var clock = Stopwatch.StartNew();
            var fits = BootstrapLrtSolver.Profile(phantom.Data, 48 * 48, 200, 6, tolerance, 2000);
            foreach (var (rank, deviance, sweeps) in fits)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tol {tolerance:G2} rank {rank}: 2KL={2 * deviance:F3}, sweeps {sweeps}"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"tol {tolerance:G2}: {clock.Elapsed.TotalSeconds:F2} s"));
        }
    }
}
