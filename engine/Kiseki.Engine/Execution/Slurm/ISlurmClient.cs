namespace Kiseki.Engine.Execution.Slurm;

/// <summary>One job (or job-array task) as Slurm reports it.</summary>
/// <param name="JobId">The job id: <c>123</c>, or <c>123_4</c> for task 4 of array job 123.</param>
/// <param name="State">The Slurm state name (<c>PENDING</c>, <c>RUNNING</c>, <c>COMPLETED</c>, <c>FAILED</c>, <c>TIMEOUT</c>, …).</param>
/// <param name="Reason">Slurm's reason or exit code, when known.</param>
public sealed record SlurmJobState(string JobId, string State, string? Reason = null);

/// <summary>One <c>sbatch</c> call: its arguments, the batch script, and the spec files of its array tasks (in task order).</summary>
/// <param name="Arguments">Options passed to <c>sbatch</c> before the script (e.g. <c>--array=0-9</c>, <c>--mem=1024M</c>).</param>
/// <param name="ScriptPath">The batch script.</param>
/// <param name="Specs">Spec file of array task <c>i</c> at index <c>i</c> (the manifest the script reads).</param>
public sealed record SlurmSubmission(IReadOnlyList<string> Arguments, string ScriptPath, IReadOnlyList<string> Specs);

/// <summary>
/// The few Slurm commands the executor needs (<c>sbatch</c>, <c>squeue</c>, <c>sacct</c>, <c>scancel</c>), behind an
/// interface so the scheduling logic can be tested without a cluster.
/// </summary>
public interface ISlurmClient
{
    /// <summary>Submits a batch job (<c>sbatch --parsable</c>); returns the job id.</summary>
    Task<string> SubmitAsync(SlurmSubmission submission, CancellationToken cancellationToken);

    /// <summary>
    /// One <c>squeue</c> call for all <paramref name="jobIds"/> (array jobs expanded per task, finished jobs included while the
    /// controller still holds them). Jobs the controller no longer knows are simply absent.
    /// </summary>
    Task<IReadOnlyList<SlurmJobState>> QueueAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken);

    /// <summary>Final states from <c>sacct</c>, or <see langword="null"/> when accounting is not available.</summary>
    Task<IReadOnlyList<SlurmJobState>?> AccountingAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken);

    /// <summary>Cancels the jobs (<c>scancel</c>).</summary>
    Task CancelAsync(IReadOnlyCollection<string> jobIds, CancellationToken cancellationToken);
}
