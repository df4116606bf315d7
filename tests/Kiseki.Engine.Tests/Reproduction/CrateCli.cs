using System.Diagnostics;
using System.Text.Json.Nodes;
using Kiseki.Cli;
using Spectre.Console;

namespace Kiseki.Engine.Tests.Reproduction;

/// <summary>Runs the command line in-process and external checkers (node, python) for the crate tests.</summary>
internal static class CrateCli
{
    public static async Task<(int Code, string Text)> RunAsync(params string[] args)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
        });
        var code = await KisekiApp.RunAsync(args, console);
        return (code, writer.ToString());
    }

    /// <summary>The run id printed by <c>kiseki run</c>.</summary>
    public static string RunId(string output)
        => System.Text.RegularExpressions.Regex.Match(output, @"run (01[0-9A-Z]{24}) succeeded").Groups[1].Value is { Length: 26 } id
            ? id : throw new InvalidOperationException("no run id in:\n" + output);

    /// <summary>The verdict JSON printed by <c>kiseki reproduce --json</c>.</summary>
    public static JsonObject Json(string output) => JsonNode.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..])!.AsObject();

    /// <summary>Runs a program; null when it cannot be started.</summary>
    public static (int Code, string Out, string Err)? Process(string file, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        try
        {
            using var process = System.Diagnostics.Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEnd();
            process.WaitForExit(120_000);
            return (process.ExitCode, stdout.Result, stderr);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
