namespace Kiseki.Engine.Definitions.Yaml;

/// <summary>
/// Finds <c>${…}</c> references written unquoted inside a YAML flow collection (<c>{ image: ${load.outputs.image} }</c>).
/// Standard YAML ends a plain scalar at <c>{</c> inside <c>{ }</c> and <c>[ ]</c>, so that form is not YAML; the
/// reader uses this scan after a syntax error to say exactly which value to quote.
/// </summary>
internal static class UnquotedReferenceScanner
{
    /// <summary>One unquoted reference: its 1-based line and column and the reference text.</summary>
    public sealed record Hit(int Line, int Column, string Text);

    public static IReadOnlyList<Hit> Scan(string text)
    {
        var hits = new List<Hit>();
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var depth = 0;
        var blockScalarIndent = -1;
        for (var number = 0; number < lines.Length; number++)
        {
            var line = lines[number];
            var indent = line.Length - line.TrimStart(' ').Length;
            if (blockScalarIndent >= 0)
            {
                if (line.Trim().Length == 0 || indent > blockScalarIndent)
                {
                    continue;
                }

                blockScalarIndent = -1;
            }

            ScanLine(line, number + 1, indent, ref depth, ref blockScalarIndent, hits);
        }

        return hits;
    }

    private static void ScanLine(string line, int number, int indent, ref int depth, ref int blockScalarIndent, List<Hit> hits)
    {
        var nodeStart = true;
        var quote = '\0';
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quote != '\0')
            {
                if (ch == '\\' && quote == '"')
                {
                    i++;
                }
                else if (ch == quote)
                {
                    quote = '\0';
                }

                continue;
            }

            if (ch == '#' && (i == 0 || line[i - 1] == ' '))
            {
                return;
            }

            if (ch == ' ')
            {
                continue;
            }

            var separator = ch is ':' or '-' && (i + 1 == line.Length || line[i + 1] == ' ');
            if (separator || (depth > 0 && ch == ','))
            {
                nodeStart = true;
                continue;
            }

            if (nodeStart && ch is '"' or '\'')
            {
                quote = ch;
                nodeStart = false;
            }
            else if (nodeStart && ch is '{' or '[')
            {
                depth++;
            }
            else if (depth > 0 && ch is '}' or ']')
            {
                depth--;
                nodeStart = false;
            }
            else if (depth == 0 && nodeStart && ch is '|' or '>')
            {
                blockScalarIndent = indent;
                return;
            }
            else if (depth > 0 && ch == '$' && i + 1 < line.Length && line[i + 1] == '{')
            {
                var end = line.IndexOf('}', i);
                hits.Add(new Hit(number, i + 1, end < 0 ? line[i..] : line[i..(end + 1)]));
                i = end < 0 ? line.Length : end;
                nodeStart = false;
            }
            else
            {
                nodeStart = false;
            }
        }
    }
}
