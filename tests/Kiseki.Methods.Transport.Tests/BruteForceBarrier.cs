using Kiseki.Methods.Transport.Grid;

namespace Kiseki.Methods.Transport.Tests;

/// <summary>
/// Reference barrier: for each candidate level e (the sorted finite energies), a breadth-first flood fill from the
/// minimum over points with E ≤ e that records each point's cell offset; a point reached again with another offset
/// means the component winds. The barrier is the lowest such level.
/// </summary>
internal static class BruteForceBarrier
{
    public static double? Barrier(double[] energies, PeriodicGrid grid, Connectivity connectivity, int axisMask = 7)
    {
        var finite = Enumerable.Range(0, energies.Length).Where(i => double.IsFinite(energies[i])).ToArray();
        if (finite.Length == 0)
        {
            return null;
        }

        var minimum = finite.OrderBy(i => energies[i]).ThenBy(i => i).First();
        foreach (var level in finite.Select(i => energies[i]).Distinct().Order())
        {
            if (Winds(energies, grid, connectivity, minimum, level, axisMask))
            {
                return level - energies[minimum];
            }
        }

        return null;
    }

    private static bool Winds(double[] e, PeriodicGrid grid, Connectivity connectivity, int start, double level, int axisMask)
    {
        var offsets = new Dictionary<int, (int A, int B, int C)> { [start] = (0, 0, 0) };
        var queue = new Queue<int>();
        queue.Enqueue(start);
        var n = new[] { grid.N0, grid.N1, grid.N2 };
        var stencil = grid.Stencil(connectivity);
        while (queue.Count > 0)
        {
            var u = queue.Dequeue();
            var (i, j, k) = grid.CoordinatesOf(u);
            var ou = offsets[u];
            foreach (var s in stencil)
            {
                int[] c = [i + s[0], j + s[1], k + s[2]];
                int[] shift = new int[3];
                for (var a = 0; a < 3; a++)
                {
                    shift[a] = (int)Math.Floor((double)c[a] / n[a]);
                    c[a] -= shift[a] * n[a];
                }

                var v = grid.IndexOf(c[0], c[1], c[2]);
                if (!double.IsFinite(e[v]) || e[v] > level)
                {
                    continue;
                }

                var ov = (ou.A + shift[0], ou.B + shift[1], ou.C + shift[2]);
                if (offsets.TryGetValue(v, out var seen))
                {
                    var mask = (seen.A != ov.Item1 ? 1 : 0) | (seen.B != ov.Item2 ? 2 : 0) | (seen.C != ov.Item3 ? 4 : 0);
                    if ((mask & axisMask) != 0)
                    {
                        return true;
                    }
                }
                else
                {
                    offsets[v] = ov;
                    queue.Enqueue(v);
                }
            }
        }

        return false;
    }
}
