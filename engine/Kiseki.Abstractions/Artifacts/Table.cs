using System.Globalization;
using System.Text;

namespace Kiseki.Abstractions.Artifacts;

/// <summary>One column of a <see cref="Table"/>: numbers (doubles) or texts.</summary>
public sealed class TableColumn
{
    private TableColumn(string name, double[]? numbers, string[]? texts)
    {
        Name = name;
        Numbers = numbers;
        Texts = texts;
    }

    public string Name { get; }

    /// <summary>The values when the column is numeric, otherwise null.</summary>
    public double[]? Numbers { get; }

    /// <summary>The values when the column is text, otherwise null.</summary>
    public string[]? Texts { get; }

    public bool IsNumeric => Numbers is not null;

    public int Count => Numbers?.Length ?? Texts!.Length;

    public static TableColumn Numeric(string name, double[] values) => new(name, values, null);

    public static TableColumn Text(string name, string[] values) => new(name, null, values);

    /// <summary>Cell <paramref name="row"/> as CSV text (numbers in shortest round-trip invariant form).</summary>
    public string Format(int row)
        => Numbers is { } n ? Table.FormatNumber(n[row]) : Texts![row];
}

/// <summary>A rectangular table of named columns, stored as CSV (invariant culture, shortest round-trip numbers).</summary>
public sealed class Table : IArtifact
{
    public Table(IReadOnlyList<TableColumn> columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        var rows = columns.Count == 0 ? 0 : columns[0].Count;
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (column.Count != rows)
            {
                throw new ArgumentException($"Column '{column.Name}' has {column.Count} rows, expected {rows}.", nameof(columns));
            }

            if (!names.Add(column.Name))
            {
                throw new ArgumentException($"Duplicate column name '{column.Name}'.", nameof(columns));
            }
        }

        Columns = columns;
        RowCount = rows;
    }

    public string Kind => ArtifactKind.Table;

    public IReadOnlyList<TableColumn> Columns { get; }

    public int RowCount { get; }

    public TableColumn this[string name]
        => Columns.FirstOrDefault(c => c.Name == name)
           ?? throw new KeyNotFoundException(
               $"No column '{name}'; the table has {string.Join(", ", Columns.Select(c => c.Name))}.");

    public bool HasColumn(string name) => Columns.Any(c => c.Name == name);

    public static string FormatNumber(double value)
        => double.IsNaN(value) ? "nan"
            : double.IsPositiveInfinity(value) ? "inf"
            : double.IsNegativeInfinity(value) ? "-inf"
            : value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>CSV text with a header line and LF line endings; fields with commas or quotes are quoted.</summary>
    public string ToCsv()
    {
        var builder = new StringBuilder();
        builder.AppendJoin(',', Columns.Select(c => Quote(c.Name))).Append('\n');
        for (var row = 0; row < RowCount; row++)
        {
            for (var c = 0; c < Columns.Count; c++)
            {
                if (c > 0)
                {
                    builder.Append(',');
                }

                builder.Append(Quote(Columns[c].Format(row)));
            }

            builder.Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>
    /// Parses CSV with a header line. A column is numeric when every cell parses as an invariant double
    /// (<c>nan</c>/<c>inf</c> allowed); otherwise text. <paramref name="source"/> names the file in errors.
    /// </summary>
    public static Table ParseCsv(string text, string source = "<csv>")
    {
        var lines = text.Replace("\r\n", "\n").Split('\n');
        var records = new List<string[]>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i].StartsWith('#'))
            {
                continue;
            }

            records.Add(SplitLine(lines[i], source, i + 1));
        }

        if (records.Count == 0)
        {
            throw new InvalidDataException($"{source}: the CSV has no header line.");
        }

        var header = records[0];
        var duplicate = header.GroupBy(h => h, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidDataException($"{source}: the header names column '{duplicate.Key}' more than once.");
        }

        var columns = new List<TableColumn>(header.Length);
        for (var c = 0; c < header.Length; c++)
        {
            var cells = new string[records.Count - 1];
            for (var r = 1; r < records.Count; r++)
            {
                if (records[r].Length != header.Length)
                {
                    throw new InvalidDataException(
                        $"{source}: data row {r} has {records[r].Length} fields but the header has {header.Length}.");
                }

                cells[r - 1] = records[r][c];
            }

            var numbers = new double[cells.Length];
            var numeric = true;
            for (var r = 0; r < cells.Length && numeric; r++)
            {
                numeric = TryParseNumber(cells[r], out numbers[r]);
            }

            columns.Add(numeric ? TableColumn.Numeric(header[c], numbers) : TableColumn.Text(header[c], cells));
        }

        return new Table(columns);
    }

    private static bool TryParseNumber(string cell, out double value)
    {
        var trimmed = cell.Trim();
        switch (trimmed.ToLowerInvariant())
        {
            case "nan":
                value = double.NaN;
                return true;
            case "inf" or "+inf":
                value = double.PositiveInfinity;
                return true;
            case "-inf":
                value = double.NegativeInfinity;
                return true;
        }

        return double.TryParse(trimmed, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static string Quote(string field)
        => field.AsSpan().IndexOfAny(",\"\n\r") < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";

    private static string[] SplitLine(string line, string source, int lineNumber)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(ch);
            }
        }

        if (quoted)
        {
            throw new InvalidDataException($"{source}:{lineNumber}: unterminated quoted field.");
        }

        fields.Add(current.ToString());
        return [.. fields];
    }
}
