namespace Kiseki.Provenance;

/// <summary>
/// Identifies an operating-system process across pid reuse: host name, process id and the process start time.
/// </summary>
/// <param name="Host">The machine name.</param>
/// <param name="ProcessId">The process id on that host.</param>
/// <param name="StartedAt">When the process started (UTC); null when unknown.</param>
public sealed record ProcessIdentity(string Host, int ProcessId, DateTimeOffset? StartedAt)
{
    /// <summary>The identity of the calling process.</summary>
    public static ProcessIdentity Current()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return new ProcessIdentity(System.Environment.MachineName, process.Id, TryStartTime(process));
    }

    internal static DateTimeOffset? TryStartTime(System.Diagnostics.Process process)
    {
        try
        {
            return new DateTimeOffset(process.StartTime.ToUniversalTime(), TimeSpan.Zero);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }
}
