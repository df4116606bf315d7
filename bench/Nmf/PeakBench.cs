using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Kiseki.Bench.Nmf;

/// <summary>
/// <c>peak</c> mode: the fused multiply–add throughput of this machine's cores on 512-bit vectors, float64 and float32,
/// on one thread and on all — twelve independent accumulator chains per thread, no memory traffic, so it is the ceiling
/// any NMF kernel could reach (multiply–adds per second, each lane counted once).
/// </summary>
internal static class PeakBench
{
    public static void Run(List<string> args)
    {
        var seconds = double.Parse(args.SkipWhile(a => a != "--seconds").Skip(1).FirstOrDefault() ?? "2", CultureInfo.InvariantCulture);
        Console.WriteLine($"Vector512 accelerated: {Vector512.IsHardwareAccelerated}, cores {Environment.ProcessorCount}");
        foreach (var threads in new[] { 1, Environment.ProcessorCount })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"threads {threads}: float64 {Measure(threads, seconds, Chains64) / 1e9:F1} GFMA/s, float32 {Measure(threads, seconds, Chains32) / 1e9:F1} GFMA/s"));
        }
    }

    private static double Measure(int threads, double seconds, Func<long, double> body)
    {
        body(1000);
        const long Rounds = 20_000_000;
        var clock = Stopwatch.StartNew();
        var total = 0L;
        var sink = 0.0;
        while (clock.Elapsed.TotalSeconds < seconds)
        {
            var lanes = new double[threads];
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t => lanes[t] = body(Rounds));
            total += threads * Rounds;
            sink += lanes.Sum();
        }

        // Every body does 96 multiply–adds per round; the sum is printed nowhere but keeps the chains from being dropped.
        GC.KeepAlive(sink);
        return total * 96.0 / clock.Elapsed.TotalSeconds;
    }

    /// <summary>Twelve chains of 8-lane float64 FMAs per round: 96 multiply–adds.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static double Chains64(long rounds)
    {
        var m = Vector512.Create(0.999999);
        var a = Vector512.Create(1e-9);
        Vector512<double> v0 = Vector512.Create(1.0), v1 = v0, v2 = v0, v3 = v0, v4 = v0, v5 = v0, v6 = v0, v7 = v0, v8 = v0, v9 = v0, v10 = v0, v11 = v0;
        for (var r = 0L; r < rounds; r++)
        {
            v0 = Vector512.FusedMultiplyAdd(v0, m, a); v1 = Vector512.FusedMultiplyAdd(v1, m, a); v2 = Vector512.FusedMultiplyAdd(v2, m, a);
            v3 = Vector512.FusedMultiplyAdd(v3, m, a); v4 = Vector512.FusedMultiplyAdd(v4, m, a); v5 = Vector512.FusedMultiplyAdd(v5, m, a);
            v6 = Vector512.FusedMultiplyAdd(v6, m, a); v7 = Vector512.FusedMultiplyAdd(v7, m, a); v8 = Vector512.FusedMultiplyAdd(v8, m, a);
            v9 = Vector512.FusedMultiplyAdd(v9, m, a); v10 = Vector512.FusedMultiplyAdd(v10, m, a); v11 = Vector512.FusedMultiplyAdd(v11, m, a);
        }

        return Vector512.Sum(v0 + v1 + v2 + v3 + v4 + v5 + v6 + v7 + v8 + v9 + v10 + v11);
    }

    /// <summary>Twelve chains of 16-lane float32 FMAs per loop trip (192 multiply–adds) over rounds / 2 trips: 96 per round.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static double Chains32(long rounds)
    {
        var m = Vector512.Create(0.9999f);
        var a = Vector512.Create(1e-6f);
        Vector512<float> v0 = Vector512.Create(1.0f), v1 = v0, v2 = v0, v3 = v0, v4 = v0, v5 = v0, v6 = v0, v7 = v0, v8 = v0, v9 = v0, v10 = v0, v11 = v0;
        for (var r = 0L; r < rounds / 2; r++)
        {
            v0 = Vector512.FusedMultiplyAdd(v0, m, a); v1 = Vector512.FusedMultiplyAdd(v1, m, a); v2 = Vector512.FusedMultiplyAdd(v2, m, a);
            v3 = Vector512.FusedMultiplyAdd(v3, m, a); v4 = Vector512.FusedMultiplyAdd(v4, m, a); v5 = Vector512.FusedMultiplyAdd(v5, m, a);
            v6 = Vector512.FusedMultiplyAdd(v6, m, a); v7 = Vector512.FusedMultiplyAdd(v7, m, a); v8 = Vector512.FusedMultiplyAdd(v8, m, a);
            v9 = Vector512.FusedMultiplyAdd(v9, m, a); v10 = Vector512.FusedMultiplyAdd(v10, m, a); v11 = Vector512.FusedMultiplyAdd(v11, m, a);
        }

        return Vector512.Sum(v0 + v1 + v2 + v3 + v4 + v5 + v6 + v7 + v8 + v9 + v10 + v11);
    }
}
