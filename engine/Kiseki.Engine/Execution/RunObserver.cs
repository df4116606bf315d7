using Kiseki.Abstractions.Methods;
using Kiseki.Provenance;

namespace Kiseki.Engine.Execution;

/// <summary>Hears what a run does (the CLI renders it as progress bars or plain lines).</summary>
public interface IRunObserver
{
    /// <summary>A step started executing.</summary>
    void StepStarted(string stepId);

    /// <summary>A running step reported progress.</summary>
    void StepProgress(string stepId, StepProgress progress);

    /// <summary>A step reached its final status in this run; <paramref name="detail"/> is the reason, error or skip cause.</summary>
    void StepFinished(string stepId, RunStepStatus status, string? detail, TimeSpan duration);

    /// <summary>A message for the user (warnings, publish notes).</summary>
    void Message(string text);
}

/// <summary>An observer that ignores everything.</summary>
public sealed class NullRunObserver : IRunObserver
{
    /// <summary>The single instance.</summary>
    public static NullRunObserver Instance { get; } = new();

    private NullRunObserver()
    {
    }

    /// <inheritdoc />
    public void StepStarted(string stepId)
    {
    }

    /// <inheritdoc />
    public void StepProgress(string stepId, StepProgress progress)
    {
    }

    /// <inheritdoc />
    public void StepFinished(string stepId, RunStepStatus status, string? detail, TimeSpan duration)
    {
    }

    /// <inheritdoc />
    public void Message(string text)
    {
    }
}
