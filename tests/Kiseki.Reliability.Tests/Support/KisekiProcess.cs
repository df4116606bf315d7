using System.Diagnostics;
using System.Text;
using Kiseki.Cli;
using Spectre.Console;

namespace Kiseki.Reliability.Tests.Support;

/// <summary>Runs the real <c>kiseki</c> command: as a child process (<c>dotnet kiseki.dll …</c>) or in this process.</summary>
internal static class KisekiProcess
{
    /// <summary>The built CLI beside the test assembly.</summary>
    public static string Dll { get; } = Path.Combine(AppContext.BaseDirectory, "kiseki.dll");

    /// <summary>Starts <c>kiseki</c> with <paramref name="arguments"/>; output is collected into <paramref name="output"/>.</summary>
    public static Process Start(StringBuilder output, params string[] arguments)
    {
        Assert.True(File.Exists(Dll), $"the CLI was not built beside the tests ({Dll}).");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["NO_COLOR"] = "1";
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs <c>kiseki</c> to the end (two minutes at most); returns its exit code and output.</summary>
    public static (int Code, string Output) Run(params string[] arguments)
    {
        var output = new StringBuilder();
        using var process = Start(output, arguments);
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"kiseki {string.Join(' ', arguments)} did not finish in two minutes:\n{Text(output)}");
        }

        process.WaitForExit();
        return (process.ExitCode, Text(output));
    }

    /// <summary>Kills <paramref name="process"/> with SIGKILL and waits until it is gone.</summary>
    public static void KillHard(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }

        process.WaitForExit();
    }

    /// <summary>Runs the CLI in this process with a captured plain console; returns its exit code and output.</summary>
    public static async Task<(int Code, string Output)> InProcessAsync(params string[] arguments)
    {
        var writer = new StringWriter(new StringBuilder());
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        var code = await KisekiApp.RunAsync(arguments, console);
        return (code, writer.ToString());
    }

    /// <summary>The collected output so far.</summary>
    public static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}
