namespace Kiseki.Bench.Decomposition;

/// <summary>Matched scores of estimated factors against the truth (permutation maximising the mean spectral |cosine|).</summary>
internal static class Scoring
{
    /// <summary>
    /// Spectra (channels × K, row-major) and maps (pixels × K). Returns the mean |cosine| of matched spectra and the mean
    /// Pearson correlation of matched maps (sign taken from the spectrum match); true components left unmatched (an
    /// estimate with fewer components) score 0.
    /// </summary>
    public static (double Spectra, double Maps) Score(
        double[] trueS, double[] trueC, int kTrue, double[] s, double[] c, int k, int channels, int pixels)
    {
        var cos = new double[kTrue, Math.Max(k, 1)];
        for (var a = 0; a < kTrue; a++)
        {
            for (var b = 0; b < k; b++)
            {
                cos[a, b] = Cosine(Column(trueS, kTrue, a, channels), Column(s, k, b, channels));
            }
        }

        var best = (Score: double.NegativeInfinity, Perm: Array.Empty<int>());
        foreach (var perm in Assignments(kTrue, k))
        {
            var total = 0.0;
            for (var a = 0; a < kTrue; a++)
            {
                total += perm[a] < 0 ? 0 : Math.Abs(cos[a, perm[a]]);
            }

            if (total > best.Score)
            {
                best = (total, perm);
            }
        }

        double mapScore = 0;
        for (var a = 0; a < kTrue; a++)
        {
            var b = best.Perm[a];
            if (b >= 0)
            {
                mapScore += Math.Sign(cos[a, b]) * Pearson(Column(trueC, kTrue, a, pixels), Column(c, k, b, pixels));
            }
        }

        return (best.Score / kTrue, mapScore / kTrue);
    }

    /// <summary>Every injective assignment of kTrue truths to k estimates (−1 = unmatched when k &lt; kTrue).</summary>
    private static IEnumerable<int[]> Assignments(int kTrue, int k)
    {
        var current = new int[kTrue];
        var used = new bool[Math.Max(k, 1)];
        return Recurse(0);

        IEnumerable<int[]> Recurse(int a)
        {
            if (a == kTrue)
            {
                yield return (int[])current.Clone();
                yield break;
            }

            var free = kTrue - a > k - used.Count(u => u);
            if (free)
            {
                current[a] = -1;
                foreach (var r in Recurse(a + 1))
                {
                    yield return r;
                }
            }

            for (var b = 0; b < k; b++)
            {
                if (used[b])
                {
                    continue;
                }

                used[b] = true;
                current[a] = b;
                foreach (var r in Recurse(a + 1))
                {
                    yield return r;
                }

                used[b] = false;
            }
        }
    }

    private static double[] Column(double[] m, int k, int q, int n)
    {
        var v = new double[n];
        for (var i = 0; i < n; i++)
        {
            v[i] = m[(i * k) + q];
        }

        return v;
    }

    public static double Cosine(double[] a, double[] b)
    {
        double ab = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Length; i++)
        {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }

        return aa > 0 && bb > 0 ? ab / Math.Sqrt(aa * bb) : 0;
    }

    private static double Pearson(double[] a, double[] b)
    {
        double ma = a.Average(), mb = b.Average();
        return Cosine([.. a.Select(v => v - ma)], [.. b.Select(v => v - mb)]);
    }
}
