using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Transport.Barrier;
using Kiseki.Methods.Transport.Grid;
using Kiseki.Methods.Transport.Sampling;

namespace Kiseki.Methods.Transport.DominantPointSearch;

/// <summary>
/// Dominant points of M posterior surface samples: how often each grid point is a sample's minimum or bottleneck, and
/// each sample's barrier. Samples are drawn in pairs, pair p from its own stream <c>Derive("pair-p")</c>; pairs are
/// spread over workers in a fixed pattern and written by index, so results do not depend on the thread count.
/// </summary>
internal sealed class SampleStatistics
{
    private SampleStatistics(int[] minimumCounts, int[] bottleneckCounts, double[] barriers, int samples)
    {
        MinimumCounts = minimumCounts;
        BottleneckCounts = bottleneckCounts;
        Barriers = barriers;
        Samples = samples;
    }

    /// <summary>Per grid point: samples whose minimum it is.</summary>
    public int[] MinimumCounts { get; }

    /// <summary>Per grid point: samples whose bottleneck it is.</summary>
    public int[] BottleneckCounts { get; }

    /// <summary>Barrier of each sample (NaN where the sample has no percolating path).</summary>
    public double[] Barriers { get; }

    /// <summary>M.</summary>
    public int Samples { get; }

    public static SampleStatistics Draw(
        TorusGaussianProcess gp, PeriodicGrid grid, bool[] walls, int samples, Connectivity connectivity,
        PathDirection direction, IRandomSource random, int threads, CancellationToken cancellationToken)
    {
        var pairs = (samples + 1) / 2;
        var minima = new int[2 * pairs];
        var bottlenecks = new int[2 * pairs];
        var barriers = new double[2 * pairs];
        var workers = Math.Max(1, Math.Min(threads, pairs));
        var streams = new IRandomSource[pairs];
        for (var p = 0; p < pairs; p++)
        {
            streams[p] = random.Derive($"pair-{p}");
        }

        void Work(int worker)
        {
            var workspace = new TorusGaussianProcess.Workspace(grid);
            var solver = new BarrierWorkspace(grid, connectivity);
            var a = new double[grid.Count];
            var b = new double[grid.Count];
            for (var p = worker; p < pairs; p += workers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                gp.SamplePair(streams[p], workspace, a, b);
                for (var s = 0; s < 2; s++)
                {
                    var f = s == 0 ? a : b;
                    for (var i = 0; i < f.Length; i++)
                    {
                        if (walls[i])
                        {
                            f[i] = double.NaN;
                        }
                    }

                    var r = solver.Solve(f, direction);
                    minima[(2 * p) + s] = r.MinimumIndex;
                    bottlenecks[(2 * p) + s] = r.BottleneckIndex;
                    barriers[(2 * p) + s] = r.Barrier;
                }
            }
        }

        if (workers == 1)
        {
            Work(0);
        }
        else
        {
            Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers, CancellationToken = cancellationToken }, Work);
        }

        var minimumCounts = new int[grid.Count];
        var bottleneckCounts = new int[grid.Count];
        for (var s = 0; s < samples; s++)
        {
            if (minima[s] >= 0)
            {
                minimumCounts[minima[s]]++;
            }

            if (bottlenecks[s] >= 0)
            {
                bottleneckCounts[bottlenecks[s]]++;
            }
        }

        return new SampleStatistics(minimumCounts, bottleneckCounts, barriers[..samples], samples);
    }

    /// <summary>Index of the largest count (lowest index on ties).</summary>
    public static int ArgMax(int[] counts)
    {
        var best = 0;
        for (var i = 1; i < counts.Length; i++)
        {
            if (counts[i] > counts[best])
            {
                best = i;
            }
        }

        return best;
    }
}
