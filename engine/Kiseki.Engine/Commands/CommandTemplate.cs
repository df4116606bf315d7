using System.Text;
using System.Text.RegularExpressions;

namespace Kiseki.Engine.Commands;

/// <summary>One placeholder of a command template: <c>{inputs.image}</c> is (<c>inputs</c>, <c>image</c>); <c>{seed}</c> has no name.</summary>
/// <param name="Group"><c>inputs</c>, <c>outputs</c>, <c>params</c>, <c>seed</c> or <c>threads</c>.</param>
/// <param name="Name">The declared name, or null for <c>{seed}</c> and <c>{threads}</c>.</param>
/// <param name="Text">The placeholder as written, braces included.</param>
/// <param name="Offset">Character offset of the placeholder in its argv item.</param>
public sealed record CommandPlaceholder(string Group, string? Name, string Text, int Offset);

/// <summary>
/// Placeholders in argv items: <c>{inputs.NAME}</c>, <c>{outputs.NAME}</c>, <c>{params.NAME}</c>, <c>{seed}</c>,
/// <c>{threads}</c>; <c>{{</c> and <c>}}</c> stand for literal braces. Substitution is per argv item, so a value never
/// passes through a shell (unless the step opts in with <c>shell: true</c>, where values are single-quoted).
/// </summary>
public static partial class CommandTemplate
{
    /// <summary>Every placeholder of <paramref name="item"/>, plus the text of malformed ones (an unclosed or unknown brace form).</summary>
    public static (IReadOnlyList<CommandPlaceholder> Placeholders, IReadOnlyList<(string Text, int Offset)> Malformed) Parse(string item)
    {
        var placeholders = new List<CommandPlaceholder>();
        var malformed = new List<(string, int)>();
        var i = 0;
        while (i < item.Length)
        {
            if (item[i] == '{' && i + 1 < item.Length && item[i + 1] == '{')
            {
                i += 2;
                continue;
            }

            if (item[i] == '}' && i + 1 < item.Length && item[i + 1] == '}')
            {
                i += 2;
                continue;
            }

            if (item[i] != '{')
            {
                i++;
                continue;
            }

            var end = item.IndexOf('}', i + 1);
            if (end < 0)
            {
                malformed.Add((item[i..], i));
                break;
            }

            var text = item[i..(end + 1)];
            var match = PlaceholderPattern().Match(text);
            if (!match.Success)
            {
                malformed.Add((text, i));
            }
            else
            {
                var group = match.Groups[1].Value;
                var name = match.Groups[2].Success ? match.Groups[2].Value : null;
                if ((group is "seed" or "threads") != (name is null))
                {
                    malformed.Add((text, i));
                }
                else
                {
                    placeholders.Add(new CommandPlaceholder(group, name, text, i));
                }
            }

            i = end + 1;
        }

        return (placeholders, malformed);
    }

    /// <summary>Replaces every placeholder of <paramref name="item"/> with <paramref name="resolve"/>'s value and unescapes braces.</summary>
    public static string Substitute(string item, Func<CommandPlaceholder, string> resolve)
    {
        var (placeholders, malformed) = Parse(item);
        if (malformed.Count > 0)
        {
            throw new ArgumentException($"malformed placeholder '{malformed[0].Text}' in '{item}'.", nameof(item));
        }

        var text = new StringBuilder();
        var last = 0;
        foreach (var placeholder in placeholders)
        {
            text.Append(Unescape(item[last..placeholder.Offset])).Append(resolve(placeholder));
            last = placeholder.Offset + placeholder.Text.Length;
        }

        return text.Append(Unescape(item[last..])).ToString();
    }

    /// <summary>Single-quotes a value for <c>/bin/sh</c>.</summary>
    public static string ShellQuote(string value) => Kiseki.Provenance.CommandKeyRows.ShellQuote(value);

    private static string Unescape(string text) => text.Replace("{{", "{", StringComparison.Ordinal).Replace("}}", "}", StringComparison.Ordinal);

    [GeneratedRegex(@"^\{\s*(inputs|outputs|params|seed|threads)(?:\.([A-Za-z_][A-Za-z0-9_-]*))?\s*\}$")]
    private static partial Regex PlaceholderPattern();
}
