using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Execution.Slurm;
using Kiseki.Provenance;

namespace Kiseki.Cli.Commands;

/// <summary>Wires <c>kiseki run --executor slurm</c>: the Slurm executor from the run options and the bound workflow.</summary>
internal static class SlurmRun
{
    /// <summary>Steps in flight at once without <c>--jobs</c>: unbounded for Slurm (it schedules), the cores otherwise.</summary>
    public static int DefaultJobs(IStepExecutor executor) => executor is SlurmExecutor ? 100_000 : Environment.ProcessorCount;

    public static SlurmExecutor CreateExecutor(RunSettings settings, WorkflowSession session)
    {
        if (!SlurmCommandClient.IsAvailable())
        {
            throw new UsageException("--executor slurm needs the Slurm commands (sbatch, squeue, scancel) on PATH.");
        }

        if (settings.PollInterval is { } poll && (!double.IsFinite(poll) || poll is < 0.1 or > 3600))
        {
            throw new UsageException("--poll-interval must be between 0.1 and 3600 seconds.");
        }

        string[] extra;
        try
        {
            extra = [.. settings.SlurmOpt.Select(SlurmOptions.ToSbatchOption)];
        }
        catch (ArgumentException e)
        {
            throw new UsageException(e.Message);
        }

        var workDirectory = settings.WorkDir is not null
            ? Path.GetFullPath(settings.WorkDir)
            : SlurmOptions.DefaultWorkDirectory(session.Objects.Root, Ulid.NewUlid(TimeProvider.System));
        var options = new SlurmOptions
        {
            KisekiCommand = [.. SelfCommand.Get().Select(Absolute)],
            WorkDirectory = workDirectory,
            Partition = settings.Partition,
            Account = settings.Account,
            ExtraOptions = extra,
            PollInterval = TimeSpan.FromSeconds(settings.PollInterval ?? 2),
        };
        var resources = session.Workflow.Steps.ToDictionary(s => s.Id, s => s.Resources, StringComparer.Ordinal);
        return new SlurmExecutor(new SlurmCommandClient(), session.Objects, options, resources);
    }

    /// <summary>An absolute path for a compute node: rooted paths as they are, bare names looked up on PATH.</summary>
    private static string Absolute(string program)
    {
        if (Path.IsPathRooted(program) || program.Contains(Path.DirectorySeparatorChar))
        {
            return Path.GetFullPath(program);
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Where(d => d.Length > 0)
            .Select(d => Path.Combine(d, program))
            .FirstOrDefault(File.Exists) ?? program;
    }
}
