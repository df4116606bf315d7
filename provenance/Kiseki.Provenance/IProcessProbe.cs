using System.Diagnostics;

namespace Kiseki.Provenance;

/// <summary>What is known about a recorded process.</summary>
public enum ProcessState
{
    /// <summary>The process still runs (same host, pid and start time).</summary>
    Alive,

    /// <summary>The process no longer exists (or the pid now belongs to a later process).</summary>
    Gone,

    /// <summary>Cannot tell (another host); such runs are left as they are.</summary>
    Unknown,
}

/// <summary>Tells whether the process that recorded a run still exists.</summary>
public interface IProcessProbe
{
    /// <summary>The state of <paramref name="process"/>.</summary>
    ProcessState Probe(ProcessIdentity process);
}

/// <summary>Probes processes of this host by pid and start time; processes of other hosts are <see cref="ProcessState.Unknown"/>.</summary>
public sealed class LocalProcessProbe : IProcessProbe
{
    private static readonly TimeSpan StartTimeTolerance = TimeSpan.FromSeconds(2);

    private LocalProcessProbe()
    {
    }

    /// <summary>The single instance.</summary>
    public static LocalProcessProbe Instance { get; } = new();

    /// <inheritdoc />
    public ProcessState Probe(ProcessIdentity process)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (!string.Equals(process.Host, System.Environment.MachineName, StringComparison.OrdinalIgnoreCase))
        {
            return ProcessState.Unknown;
        }

        try
        {
            using var running = Process.GetProcessById(process.ProcessId);
            if (running.HasExited)
            {
                return ProcessState.Gone;
            }

            var startedAt = ProcessIdentity.TryStartTime(running);
            if (process.StartedAt is null || startedAt is null)
            {
                return ProcessState.Alive;
            }

            return (startedAt.Value - process.StartedAt.Value).Duration() <= StartTimeTolerance ? ProcessState.Alive : ProcessState.Gone;
        }
        catch (ArgumentException)
        {
            return ProcessState.Gone;
        }
        catch (InvalidOperationException)
        {
            return ProcessState.Gone;
        }
    }
}
