namespace Kiseki.Engine.Definitions.Binding;

/// <summary>Suggests the closest known name for a misspelt one (Levenshtein distance, case-insensitive).</summary>
public static class DidYouMean
{
    /// <summary>The closest candidate within a distance of max(2, length / 3), else the only one that extends the name, or null.</summary>
    public static string? Suggest(string name, IEnumerable<string> candidates)
    {
        var list = candidates as IReadOnlyCollection<string> ?? [.. candidates];
        var limit = Math.Max(2, name.Length / 3);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in list)
        {
            var distance = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance || (distance == bestDistance && string.CompareOrdinal(candidate, best) < 0))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        if (bestDistance <= limit)
        {
            return best;
        }

        // A unique candidate that extends what was written ("malspy" → "malspy-0.4.0").
        var extending = name.Length >= 3
            ? list.Where(c => c.StartsWith(name, StringComparison.OrdinalIgnoreCase)).Take(2).ToList()
            : [];
        return extending.Count == 1 ? extending[0] : null;
    }

    /// <summary>A hint: "did you mean `x`?" or the list of allowed names.</summary>
    public static string Hint(string name, IReadOnlyCollection<string> candidates, string what = "names")
    {
        var suggestion = Suggest(name, candidates);
        if (suggestion is not null)
        {
            return $"did you mean '{suggestion}'?";
        }

        if (candidates.Count == 0)
        {
            return $"there are no {what}";
        }

        var shown = candidates.Take(12).ToList();
        return $"known {what}: {string.Join(", ", shown)}{(candidates.Count > shown.Count ? ", ..." : "")}";
    }

    /// <summary>Edit distance counting insertions, deletions, substitutions and adjacent transpositions (optimal string alignment).</summary>
    public static int Distance(string a, string b)
    {
        if (a.Length > 256 || b.Length > 256)
        {
            return Math.Max(a.Length, b.Length);
        }

        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
