using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Definitions;

namespace Kiseki.Engine.Execution.Slurm;

/// <summary>One step submitted (or waiting to be submitted) as a Slurm array task, and the outcome its caller awaits.</summary>
internal sealed class SlurmTask(
    StepWork work, StepResources resources, string specPath, string resultPath, IProgress<StepProgress> progress, DateTimeOffset started)
{
    private readonly TaskCompletionSource<StepOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public StepWork Work { get; } = work;

    public StepResources Resources { get; } = resources;

    public string SpecPath { get; } = specPath;

    public string ResultPath { get; } = resultPath;

    public IProgress<StepProgress> Progress { get; } = progress;

    public DateTimeOffset Started { get; } = started;

    public string? JobId { get; set; }

    public string? ArrayJobId { get; set; }

    public string? LogPath { get; set; }

    /// <summary>Polls spent waiting for Slurm's final state after a failure result appeared.</summary>
    public int PollsAfterResult { get; set; }

    public Task<StepOutcome> Completion => _completion.Task;

    public void Complete(StepOutcome outcome) => _completion.TrySetResult(outcome);
}
