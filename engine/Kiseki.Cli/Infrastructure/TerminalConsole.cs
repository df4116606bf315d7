using Spectre.Console;

namespace Kiseki.Cli.Infrastructure;

/// <summary>
/// The process console. When output goes to a pipe or a file it is never wrapped (Spectre would otherwise assume 80
/// columns) and carries no colour or cursor codes, so JSON and long messages stay intact for other tools.
/// </summary>
internal static class TerminalConsole
{
    /// <summary>Width used when output is not a terminal: wide enough that no line is ever wrapped.</summary>
    public const int PipeWidth = 32_767;

    public static IAnsiConsole Create()
    {
        if (!Console.IsOutputRedirected)
        {
            return AnsiConsole.Console;
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(Console.Out),
        });
        console.Profile.Width = PipeWidth;
        return console;
    }
}
