namespace Kiseki.Engine.Audit;

/// <summary>One line of a line diff: <c>' '</c> kept, <c>'-'</c> only in the first text, <c>'+'</c> only in the second.</summary>
/// <param name="Op">The operation.</param>
/// <param name="Text">The line.</param>
public sealed record DiffLine(char Op, string Text)
{
    /// <inheritdoc />
    public override string ToString() => $"{Op} {Text}";
}

/// <summary>A small line diff by longest common subsequence (O(n·m); meant for workflow files of a few hundred lines).</summary>
public static class LineDiff
{
    private const int MaxCells = 16_000_000;

    /// <summary>The diff from <paramref name="before"/> to <paramref name="after"/>, every line included.</summary>
    public static IReadOnlyList<DiffLine> Compute(string before, string after)
    {
        var a = Split(before);
        var b = Split(after);
        if ((long)a.Length * b.Length > MaxCells)
        {
            return [.. a.Select(l => new DiffLine('-', l)), .. b.Select(l => new DiffLine('+', l))];
        }

        // lcs[i, j] = LCS length of a[i..] and b[j..].
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var result = new List<DiffLine>(a.Length + b.Length);
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y])
            {
                result.Add(new DiffLine(' ', a[x++]));
                y++;
            }
            else if (lcs[x + 1, y] >= lcs[x, y + 1])
            {
                result.Add(new DiffLine('-', a[x++]));
            }
            else
            {
                result.Add(new DiffLine('+', b[y++]));
            }
        }

        while (x < a.Length)
        {
            result.Add(new DiffLine('-', a[x++]));
        }

        while (y < b.Length)
        {
            result.Add(new DiffLine('+', b[y++]));
        }

        return result;
    }

    /// <summary>Only the changed lines with <paramref name="context"/> unchanged lines around them; gaps shown as <c>…</c>.</summary>
    public static IReadOnlyList<DiffLine> Hunks(IReadOnlyList<DiffLine> diff, int context = 2)
    {
        var keep = new bool[diff.Count];
        for (var i = 0; i < diff.Count; i++)
        {
            if (diff[i].Op != ' ')
            {
                for (var k = Math.Max(0, i - context); k <= Math.Min(diff.Count - 1, i + context); k++)
                {
                    keep[k] = true;
                }
            }
        }

        var result = new List<DiffLine>();
        for (var i = 0; i < diff.Count; i++)
        {
            if (keep[i])
            {
                result.Add(diff[i]);
            }
            else if (i > 0 && keep[i - 1])
            {
                result.Add(new DiffLine(' ', "…"));
            }
        }

        return result;
    }

    private static string[] Split(string text)
        => text.Length == 0 ? [] : text.Replace("\r\n", "\n").TrimEnd('\n').Split('\n');
}
