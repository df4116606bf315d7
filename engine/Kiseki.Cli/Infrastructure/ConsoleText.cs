using Spectre.Console;

namespace Kiseki.Cli.Infrastructure;

/// <summary>Plain text output that is never wrapped or styled (stable for pipes, CI logs and snapshots).</summary>
internal static class ConsoleText
{
    public static void Line(this IAnsiConsole console, string text)
    {
        var writer = console.Profile.Out.Writer;
        writer.Write(text.Replace("\r\n", "\n"));
        writer.Write('\n');
        writer.Flush();
    }
}
