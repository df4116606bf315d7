using System.Text;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Kiseki.Engine.Definitions.Yaml;

/// <summary>
/// Reads workflow YAML into a <see cref="WorkflowDocument"/> with YamlDotNet's event parser, so every node keeps its
/// line and column. Strict and defensive: duplicate keys, tabs, aliases, unknown tags, several documents and hostile
/// sizes are diagnostics; the only exception that leaves is <see cref="WorkflowException"/>.
/// </summary>
public static class YamlWorkflowReader
{
    /// <summary>Largest accepted workflow file, in bytes.</summary>
    public const long MaxFileBytes = 8L * 1024 * 1024;

    /// <summary>Deepest accepted nesting of mappings and sequences.</summary>
    public const int MaxDepth = 64;

    /// <summary>Longest accepted scalar, in characters.</summary>
    public const int MaxScalarLength = 1024 * 1024;

    /// <summary>Most nodes accepted in one document.</summary>
    public const int MaxNodes = 100_000;

    /// <summary>Reads a workflow file; the document's path is the absolute path.</summary>
    public static WorkflowDocument Read(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        var location = new SourceLocation(full, 1, 1);
        string text;
        try
        {
            var info = new FileInfo(full);
            if (!info.Exists)
            {
                throw Single(DiagnosticCodes.FileUnreadable, location, $"workflow file '{full}' does not exist",
                    "check the path; relative paths are taken from the current directory");
            }

            // Read with a bound whatever the file is: a device, pipe or process substitution reports length 0.
            var bytes = ReadBounded(full, MaxFileBytes, out var tooLarge);
            if (tooLarge || info.Length > MaxFileBytes)
            {
                throw Single(DiagnosticCodes.FileTooLarge, location,
                    $"workflow file is {(tooLarge && info.Length <= MaxFileBytes ? "more than " + MaxFileBytes : info.Length)} bytes; the limit is {MaxFileBytes} bytes",
                    "keep data out of the workflow: reference it under 'inputs:'");
            }

            text = new UTF8Encoding(false, true).GetString(bytes.AsSpan(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DecoderFallbackException)
        {
            throw Single(DiagnosticCodes.FileUnreadable, location, $"cannot read workflow file: {e.Message}",
                "the file must be readable UTF-8 text");
        }

        return Parse(text, full);
    }

    /// <summary>At most <paramref name="limit"/> bytes of a file of any kind; <paramref name="tooLarge"/> when it holds more.</summary>
    private static byte[] ReadBounded(string path, long limit, out bool tooLarge)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int read;
        while ((read = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                tooLarge = true;
                return [];
            }

            buffer.Write(chunk, 0, read);
        }

        tooLarge = false;
        return buffer.ToArray();
    }

    /// <summary>Parses workflow text; <paramref name="fileName"/> is used in every location.</summary>
    public static WorkflowDocument Parse(string text, string fileName)
    {
        var bag = new DiagnosticBag();
        if (text.Length > MaxFileBytes)
        {
            throw Single(DiagnosticCodes.FileTooLarge, new SourceLocation(fileName, 1, 1),
                $"workflow text has {text.Length} characters; the limit is {MaxFileBytes}",
                "keep data out of the workflow: reference it under 'inputs:'");
        }

        CheckCharacters(text, fileName, bag);
        bag.ThrowIfErrors();
        var builder = new YamlTreeBuilder(fileName, bag);
        YamlNode? root = null;
        try
        {
            var parser = new Parser(new Scanner(new StringReader(text), skipComments: true));
            root = builder.Build(parser);
        }
        catch (YamlException) when (UnquotedReferenceScanner.Scan(text) is { Count: > 0 } unquoted)
        {
            foreach (var hit in unquoted)
            {
                bag.Error(DiagnosticCodes.UnquotedFlowReference, new SourceLocation(fileName, hit.Line, hit.Column),
                    $"the reference {hit.Text} inside {{ }} or [ ] must be quoted: YAML ends a plain value at '{{'",
                    $"write \"{hit.Text}\" in double quotes, or use a block mapping with one 'key: {hit.Text}' per line");
            }
        }
        catch (YamlException e)
        {
            var location = new SourceLocation(fileName, ToInt(e.Start.Line), ToInt(e.Start.Column));
            bag.Error(DiagnosticCodes.YamlSyntax, location, $"invalid YAML: {Clean(e.Message)}",
                "check indentation, colons and brackets near this position");
        }
        catch (StopReadingException)
        {
            // The limit that stopped reading has been recorded.
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException
                                      or OverflowException or IndexOutOfRangeException)
        {
            var mark = builder.LastMark;
            bag.Error(DiagnosticCodes.YamlSyntax, new SourceLocation(fileName, ToInt(mark.Line), ToInt(mark.Column)),
                "invalid YAML after this position: an unclosed bracket, quote or block", "check brackets, quotes and indentation from here on");
        }

        bag.ThrowIfErrors();
        return new WorkflowDocument(fileName, text, root);
    }

    internal static int ToInt(long value) => value > int.MaxValue ? int.MaxValue : (int)Math.Max(1, value);

    private static void CheckCharacters(string text, string fileName, DiagnosticBag bag)
    {
        var line = 1;
        var lineStartIndex = 0;
        var lineStart = true;
        var reported = 0;
        for (var i = 0; i < text.Length && reported < 20; i++)
        {
            var ch = text[i];
            if (ch == '\n')
            {
                line++;
                lineStartIndex = i + 1;
                lineStart = true;
                continue;
            }

            if (ch == '\t' && lineStart)
            {
                bag.Error(DiagnosticCodes.TabIndentation, new SourceLocation(fileName, line, i - lineStartIndex + 1),
                    "tab character in indentation", "indent with spaces");
                reported++;
                lineStart = false;
                continue;
            }

            if (ch != ' ')
            {
                lineStart = false;
            }
        }
    }

    private static string Clean(string message) => message.Trim();

    internal static WorkflowException Single(string code, SourceLocation location, string message, string? hint)
        => new([new Diagnostic(code, DiagnosticSeverity.Error, message, location, hint)]);
}
