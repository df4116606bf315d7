using System.Globalization;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Audit;

namespace Kiseki.Engine.Reproduction;

/// <summary>A component matching between a recorded and a recomputed factor set.</summary>
/// <param name="Permutation">Recorded component i is recomputed component <c>Permutation[i]</c>.</param>
/// <param name="Signs">+1 or −1 per recorded component (all +1 unless the set is sign-free).</param>
/// <param name="MaxRelativeError">The largest relative difference after matching.</param>
public sealed record FactorMatch(IReadOnlyList<int> Permutation, IReadOnlyList<int> Signs, double MaxRelativeError)
{
    /// <summary>Whether the matching is the identity with no sign flip.</summary>
    public bool IsIdentity => Permutation.Select((p, i) => p == i).All(x => x) && Signs.All(s => s > 0);

    /// <inheritdoc />
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture,
            $"components (recorded → recomputed) {string.Join(", ", Permutation.Select((p, i) => $"{i}→{(Signs[i] < 0 ? "−" : "")}{p}"))}; "
            + $"largest relative difference after matching {MaxRelativeError:G3}");
}

/// <summary>
/// Matches the components of two factor sets jointly across their arrays (the last axis indexes components): every
/// recorded component is paired with one recomputed component (and sign, for sign-free sets) so that the largest
/// relative difference over all arrays of the set is smallest; exhaustive for up to 8 components, greedy beyond.
/// </summary>
public static class FactorSetComparer
{
    private const int ExhaustiveLimit = 8;

    /// <summary>
    /// The best matching of <paramref name="recomputed"/> onto <paramref name="recorded"/> (port → array), or null when
    /// the arrays do not have matching shapes or a common component count.
    /// </summary>
    public static FactorMatch? Match(FactorSetAttribute set, IReadOnlyDictionary<string, NdArray> recorded, IReadOnlyDictionary<string, NdArray> recomputed)
    {
        var ports = set.Outputs.Concat(set.Companions).Where(recorded.ContainsKey).ToList();
        if (ports.Count == 0 || ports.Any(p => !recomputed.ContainsKey(p) || !recorded[p].Shape.SequenceEqual(recomputed[p].Shape) || recorded[p].Rank == 0))
        {
            return null;
        }

        var k = recorded[ports[0]].Shape[^1];
        if (k == 0 || ports.Any(p => recorded[p].Shape[^1] != k))
        {
            return null;
        }

        var signFree = new HashSet<string>(set.SignFree ? set.Outputs : [], StringComparer.Ordinal);
        var before = ports.ToDictionary(p => p, p => Columns(recorded[p], k));
        var after = ports.ToDictionary(p => p, p => Columns(recomputed[p], k));
        var cost = new double[k, k];
        var sign = new int[k, k];
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var plus = ports.Max(p => Error(before[p][i], after[p][j], 1));
                var minus = set.SignFree ? ports.Max(p => Error(before[p][i], after[p][j], signFree.Contains(p) ? -1 : 1)) : double.PositiveInfinity;
                (cost[i, j], sign[i, j]) = minus < plus ? (minus, -1) : (plus, 1);
            }
        }

        var permutation = k <= ExhaustiveLimit ? Exhaustive(cost, k) : Greedy(cost, k);
        var signs = permutation.Select((j, i) => sign[i, j]).ToArray();
        return new FactorMatch(permutation, signs, permutation.Select((j, i) => cost[i, j]).Max());
    }

    private static double[][] Columns(NdArray array, int k)
    {
        var values = array.ToDoubleArray();
        var rows = values.Length / k;
        var columns = new double[k][];
        for (var c = 0; c < k; c++)
        {
            columns[c] = new double[rows];
            for (var r = 0; r < rows; r++)
            {
                columns[c][r] = values[(r * k) + c];
            }
        }

        return columns;
    }

    private static double Error(double[] a, double[] b, int sign)
        => OutputComparer.Numbers(a, sign > 0 ? b : [.. b.Select(v => -v)], double.PositiveInfinity).MaxRelativeError;

    private static int[] Exhaustive(double[,] cost, int k)
    {
        var best = Enumerable.Range(0, k).ToArray();
        var bestCost = Score(cost, best);
        var current = Enumerable.Range(0, k).ToArray();
        void Permute(int at)
        {
            if (at == k)
            {
                var score = Score(cost, current);
                if (score < bestCost)
                {
                    bestCost = score;
                    best = (int[])current.Clone();
                }

                return;
            }

            for (var i = at; i < k; i++)
            {
                (current[at], current[i]) = (current[i], current[at]);
                Permute(at + 1);
                (current[at], current[i]) = (current[i], current[at]);
            }
        }

        Permute(0);
        return best;
    }

    /// <summary>The worst pair's error, then the sum as a tie-breaker (scaled so the maximum dominates).</summary>
    private static double Score(double[,] cost, int[] permutation)
    {
        var max = 0.0;
        var sum = 0.0;
        for (var i = 0; i < permutation.Length; i++)
        {
            var c = Math.Min(cost[i, permutation[i]], 1e300);
            max = Math.Max(max, c);
            sum += c;
        }

        return max + (1e-6 * sum / permutation.Length);
    }

    private static int[] Greedy(double[,] cost, int k)
    {
        var result = new int[k];
        var rowDone = new bool[k];
        var colDone = new bool[k];
        var pairs = Enumerable.Range(0, k * k).OrderBy(x => cost[x / k, x % k]).ThenBy(x => x);
        foreach (var x in pairs)
        {
            var (i, j) = (x / k, x % k);
            if (!rowDone[i] && !colDone[j])
            {
                result[i] = j;
                rowDone[i] = colDone[j] = true;
            }
        }

        return result;
    }
}
