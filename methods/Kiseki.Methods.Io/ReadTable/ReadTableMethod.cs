using System.ComponentModel;
using System.Globalization;
using System.Text;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Io.ReadTable;

/// <summary>Parameters of <c>io.read-table@1</c>.</summary>
public sealed record ReadTableParameters
{
    /// <summary>Columns that must be present.</summary>
    [Description("Columns the file must have (the read fails naming any that is missing); empty: any.")]
    public string[] Columns { get; init; } = [];

    /// <summary>Columns that must be numeric.</summary>
    [Description("Columns whose every cell must be a number (the read fails naming the first cell that is not, with its line).")]
    public string[] Numeric { get; init; } = [];
}

/// <summary>Inputs of <c>io.read-table@1</c>.</summary>
public sealed record ReadTableInputs
{
    /// <summary>The CSV file.</summary>
    [Description("A CSV file (UTF-8, comma-separated, a header line first; lines starting with # are comments; quoted fields allowed).")]
    public required FileArtifact File { get; init; }
}

/// <summary>Outputs of <c>io.read-table@1</c>.</summary>
public sealed record ReadTableOutputs
{
    /// <summary>The table.</summary>
    [Description("The table: a column is numeric when every cell is a number (nan and inf allowed), text otherwise.")]
    public required Table Table { get; init; }
}

/// <summary>Reads a CSV file with a header into a table of numeric and text columns, with clear errors for bad files.</summary>
/// <remarks>
/// Observations, measured values and parameter lists enter a workflow this way (e.g. observed precipitate aspect
/// ratios); units are those of the file, recorded nowhere else, so name them in the column header.
/// </remarks>
[Method("io.read-table", 1,
    Summary = "Reads a CSV file with a header line into a table (numeric and text columns).",
    Remarks = "UTF-8 CSV: header line first, comma-separated, double-quoted fields may hold commas and \"\"; blank lines and lines "
        + "starting with # are skipped. A column is numeric when every cell parses as an invariant number (nan, inf allowed). "
        + "Refused with the file and line: not UTF-8 text, NUL bytes, no header, empty or repeated column names, rows with "
        + "another number of fields, missing required columns, text in a column required numeric.")]
public sealed class ReadTableMethod : IMethod<ReadTableParameters, ReadTableInputs, ReadTableOutputs>
{
    /// <summary>Largest file read (256 MiB).</summary>
    public const long MaxBytes = 256L << 20;

    /// <inheritdoc />
    public ValueTask<MethodResult<ReadTableOutputs>> RunAsync(
        ReadTableInputs inputs, ReadTableParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        var file = inputs.File;
        var name = file.FileName;
        if (file.Length > MaxBytes)
        {
            throw MethodException.InvalidInput("file", $"{name} has {file.Length} bytes; tables of at most {MaxBytes >> 20} MiB are read.");
        }

        var bytes = File.ReadAllBytes(file.Path);
        if (Array.IndexOf(bytes, (byte)0) is var nul and >= 0)
        {
            throw MethodException.InvalidInput("file", $"{name} is not a text file (a NUL byte at offset {nul}); expected CSV.");
        }

        string text;
        try
        {
            text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes).TrimStart('\uFEFF');
        }
        catch (DecoderFallbackException e)
        {
            throw MethodException.InvalidInput("file", $"{name} is not UTF-8 text ({e.Message}); save it as UTF-8 CSV.");
        }

        Table table;
        try
        {
            table = Table.ParseCsv(text, name);
        }
        catch (InvalidDataException e)
        {
            throw MethodException.InvalidInput("file", e.Message);
        }

        Check(table, parameters, name, text);
        context?.Log.Info($"{name}: {table.RowCount} rows, columns {string.Join(", ", table.Columns.Select(c => c.Name + (c.IsNumeric ? "" : " (text)")))}.");
        return ValueTask.FromResult(MethodResult.Success(new ReadTableOutputs { Table = table }));
    }

    private static void Check(Table table, ReadTableParameters parameters, string name, string text)
    {
        if (table.Columns.FirstOrDefault(c => string.IsNullOrWhiteSpace(c.Name)) is not null)
        {
            throw MethodException.InvalidInput("file", $"{name}: the header line has an empty column name.");
        }

        foreach (var column in parameters.Columns.Concat(parameters.Numeric).Distinct(StringComparer.Ordinal))
        {
            if (!table.HasColumn(column))
            {
                throw MethodException.InvalidInput("file",
                    $"{name} has no column '{column}' (columns: {string.Join(", ", table.Columns.Select(c => c.Name))}).");
            }
        }

        foreach (var column in parameters.Numeric)
        {
            var values = table[column];
            if (values.IsNumeric)
            {
                continue;
            }

            var row = Enumerable.Range(0, values.Count).First(r => !double.TryParse(values.Texts![r].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                && values.Texts[r].Trim().ToLowerInvariant() is not ("nan" or "inf" or "+inf" or "-inf"));
            throw MethodException.InvalidInput("file",
                $"{name}, line {LineOf(text, row)}: column '{column}' must be numeric, but holds '{values.Texts![row]}'.");
        }
    }

    /// <summary>The 1-based file line of data row <paramref name="row"/> (comments and blank lines skipped as the parser does).</summary>
    private static int LineOf(string text, int row)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var seen = -1;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0 || lines[i].StartsWith('#'))
            {
                continue;
            }

            if (seen++ == row)
            {
                return i + 1;
            }
        }

        return lines.Length;
    }
}
