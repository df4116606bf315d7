using System.Diagnostics;

namespace Kiseki.Engine.Execution.Slurm;

/// <summary>The real Slurm commands (<c>sbatch</c>, <c>squeue</c>, <c>sacct</c>, <c>scancel</c>), found on <c>PATH</c>.</summary>
public sealed class SlurmCommandClient : ISlurmClient
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Number of commands run so far (for diagnostics).</summary>
    public int Commands { get; private set; }

    /// <inheritdoc />
    public async Task<string> SubmitAsync(SlurmSubmission submission, CancellationToken cancellationToken)
    {
        var (code, output, error) = await RunAsync("sbatch", [.. submission.Arguments, submission.ScriptPath], cancellationToken).ConfigureAwait(false);
        var id = output.Trim().Split('\n').LastOrDefault()?.Trim().Split(';')[0] ?? "";
        if (code != 0 || id.Length == 0 || !id.All(char.IsAsciiDigit))
        {
            throw SlurmCommandException.Failed("sbatch", code, error + output);
        }

        return id;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SlurmJobState>> QueueAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken)
    {
        if (jobIds.Count == 0)
        {
            return [];
        }

        var (code, output, error) = await RunAsync(
            "squeue", ["--array", "--states=all", "--noheader", "--format=%i|%T|%r", "--jobs=" + string.Join(',', jobIds)],
            cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            // A single job the controller has already purged makes squeue fail with "Invalid job id specified".
            if (error.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase))
            {
                return [];
            }

            throw SlurmCommandException.Failed("squeue", code, error);
        }

        return Parse(output);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<SlurmJobState>?> AccountingAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken)
    {
        if (jobIds.Count == 0)
        {
            return [];
        }

        try
        {
            var (code, output, _) = await RunAsync(
                "sacct", ["--noheader", "--parsable2", "--allocations", "--format=JobID,State,ExitCode", "--jobs=" + string.Join(',', jobIds)],
                cancellationToken).ConfigureAwait(false);
            return code == 0 ? Parse(output) : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public async Task CancelAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken)
    {
        if (jobIds.Count == 0)
        {
            return;
        }

        var (code, _, error) = await RunAsync("scancel", [.. jobIds], cancellationToken).ConfigureAwait(false);
        if (code != 0)
        {
            throw SlurmCommandException.Failed("scancel", code, error);
        }
    }

    /// <summary>Parses <c>ID|STATE|REASON</c> lines (squeue <c>%i|%T|%r</c>, sacct <c>JobID|State|ExitCode</c>).</summary>
    public static IReadOnlyList<SlurmJobState> Parse(string output)
    {
        var states = new List<SlurmJobState>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split('|');
            if (fields.Length < 2 || fields[0].Length == 0)
            {
                continue;
            }

            states.Add(new SlurmJobState(fields[0], SlurmStates.Normalize(fields[1]), fields.Length > 2 ? fields[2] : null));
        }

        return states;
    }

    /// <summary>Whether the Slurm client commands are on <c>PATH</c>.</summary>
    public static bool IsAvailable()
        => (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(d => d.Length > 0 && File.Exists(Path.Combine(d, "sbatch")) && File.Exists(Path.Combine(d, "squeue")));

    private async Task<(int Code, string Output, string Error)> RunAsync(string command, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        Commands++;
        var info = new ProcessStartInfo(command)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw SlurmCommandException.NotStarted(command);
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{command} did not answer within {CommandTimeout.TotalSeconds:0} s.");
        }

        return (process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
    }
}
