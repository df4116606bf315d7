namespace Kiseki.Engine.Execution.Slurm;

/// <summary>A Slurm command (<c>sbatch</c>, <c>squeue</c>, <c>scancel</c>, <c>sacct</c>) failed or could not be started.</summary>
public sealed class SlurmCommandException : InvalidOperationException
{
    private SlurmCommandException(string message)
        : base(message)
    {
    }

    /// <summary><paramref name="tool"/> exited with <paramref name="code"/>; <paramref name="detail"/> is what it printed.</summary>
    public static SlurmCommandException Failed(string tool, int code, string detail) => new($"{tool} exited with code {code}: {detail.Trim()}");

    /// <summary>The process could not be started.</summary>
    public static SlurmCommandException NotStarted(string command) => new($"could not start {command}");
}
