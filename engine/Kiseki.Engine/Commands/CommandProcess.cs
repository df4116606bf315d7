using System.ComponentModel;
using System.Diagnostics;

namespace Kiseki.Engine.Commands;

/// <summary>How a child process ended.</summary>
/// <param name="ExitCode">The exit code (meaningless when it timed out or was cancelled).</param>
/// <param name="TimedOut">The timeout killed it.</param>
/// <param name="Cancelled">Cancellation killed it.</param>
public sealed record ProcessEnd(int ExitCode, bool TimedOut, bool Cancelled)
{
    /// <summary>True when the process exited by itself with code 0.</summary>
    public bool Succeeded => ExitCode == 0 && !TimedOut && !Cancelled;
}

/// <summary>
/// Runs one child process without a shell: argv items are passed as they are, standard output and error are copied to
/// the given streams, and a timeout or cancellation kills the whole process tree before returning.
/// </summary>
public static class CommandProcess
{
    /// <summary>Runs <paramref name="argv"/> in <paramref name="workingDirectory"/>; throws <see cref="CommandStartException"/> when it cannot start.</summary>
    public static async Task<ProcessEnd> RunAsync(
        IReadOnlyList<string> argv, string workingDirectory, IReadOnlyDictionary<string, string> environment, Stream stdout, Stream stderr,
        TimeSpan? timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(argv[0])
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in argv.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        Process process;
        try
        {
            process = Process.Start(info) ?? throw new CommandStartException(argv[0], "the process did not start");
        }
        catch (Exception e) when (e is Win32Exception or InvalidOperationException or PlatformNotSupportedException or ArgumentException)
        {
            throw new CommandStartException(argv[0], e.Message);
        }

        using (process)
        {
            process.StandardInput.Close();
            var copyOut = process.StandardOutput.BaseStream.CopyToAsync(stdout, CancellationToken.None);
            var copyErr = process.StandardError.BaseStream.CopyToAsync(stderr, CancellationToken.None);
            using var timer = timeout is { } limit ? new CancellationTokenSource(limit) : new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
            var timedOut = false;
            var cancelled = false;
            try
            {
                await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                cancelled = cancellationToken.IsCancellationRequested;
                timedOut = !cancelled;
                Kill(process);
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            // Grandchildren may still hold the pipes open; do not wait for them beyond a short grace period.
            await Task.WhenAny(Task.WhenAll(copyOut, copyErr), Task.Delay(TimeSpan.FromSeconds(timedOut || cancelled ? 2 : 30), CancellationToken.None))
                .ConfigureAwait(false);
            return new ProcessEnd(process.ExitCode, timedOut, cancelled);
        }
    }

    /// <summary>Runs <paramref name="argv"/> and returns its exit and its standard output and error as text.</summary>
    public static async Task<(ProcessEnd End, string Stdout, string Stderr)> CaptureAsync(
        IReadOnlyList<string> argv, string workingDirectory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        var end = await RunAsync(argv, workingDirectory, new Dictionary<string, string>(), stdout, stderr, timeout, cancellationToken)
            .ConfigureAwait(false);
        return (end, Text(stdout), Text(stderr));
    }

    private static string Text(MemoryStream stream)
        => System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length).Replace("\r\n", "\n", StringComparison.Ordinal);

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception or NotSupportedException)
        {
            // Already exited.
        }
    }
}
