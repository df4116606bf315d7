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

    /// <summary>Levenshtein edit distance.</summary>
    public static int Distance(string a, string b)
    {
        if (a.Length > 256 || b.Length > 256)
        {
            return Math.Max(a.Length, b.Length);
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
