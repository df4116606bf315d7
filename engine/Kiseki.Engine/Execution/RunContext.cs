using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Planning;
using Kiseki.Provenance;

namespace Kiseki.Engine.Execution;

/// <summary>Options of one run.</summary>
public sealed record RunOptions
{
    /// <summary>Steps run at once (default: the number of cores).</summary>
    public int Jobs { get; init; } = System.Environment.ProcessorCount;

    /// <summary>Continue independent branches after a step fails.</summary>
    public bool KeepGoing { get; init; }

    /// <summary>
    /// Threads each method may use (default: the cores divided by the steps that can run when it starts, at most
    /// jobs, at least 1). Outputs do not depend on it.
    /// </summary>
    public int? ThreadsPerStep { get; init; }
}

/// <summary>What the scheduler needs to record a run: ids, stores and the executor.</summary>
public sealed record RunContext(
    string RunId, ContentHash EnvironmentId, IProvenanceStore Provenance, ArtifactCodec Codec, IStepExecutor Executor,
    IRunObserver Observer, TimeProvider Clock)
{
    /// <summary>The object store.</summary>
    public ObjectStore Objects => Codec.Store;
}

/// <summary>The final state of one step in a run.</summary>
/// <param name="StepId">The step id.</param>
/// <param name="Status">Its status.</param>
/// <param name="Key">Its step key, when computed.</param>
/// <param name="Reasons">Why it ran.</param>
/// <param name="Outputs">Output port → hash (for succeeded and cached steps).</param>
/// <param name="Detail">The error of a failed step, or the failed upstream of a skipped one.</param>
public sealed record StepReport(
    string StepId, RunStepStatus Status, ContentHash? Key, RerunReason Reasons, IReadOnlyDictionary<string, ContentHash> Outputs,
    string? Detail);

/// <summary>The result of a run: its status and every step's report in plan order.</summary>
public sealed record RunSummary(string RunId, RunStatus Status, IReadOnlyList<StepReport> Steps, string? Error)
{
    /// <summary>The process exit code: 0 succeeded, 1 failed, 130 cancelled.</summary>
    public int ExitCode => Status switch
    {
        RunStatus.Succeeded => 0,
        RunStatus.Cancelled => 130,
        _ => 1,
    };

    /// <summary>The report of <paramref name="stepId"/>.</summary>
    public StepReport this[string stepId] => Steps.First(s => s.StepId == stepId);

    /// <summary>Number of steps with <paramref name="status"/>.</summary>
    public int Count(RunStepStatus status) => Steps.Count(s => s.Status == status);
}
