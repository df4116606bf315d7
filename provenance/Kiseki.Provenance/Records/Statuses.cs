namespace Kiseki.Provenance;

/// <summary>The state of a whole run.</summary>
public enum RunStatus
{
    /// <summary>The run is in progress (or its process died without saying so; see <see cref="Interrupted"/>).</summary>
    Running,

    /// <summary>Every step succeeded or was reused from the cache.</summary>
    Succeeded,

    /// <summary>At least one step failed.</summary>
    Failed,

    /// <summary>The user cancelled the run (Ctrl-C); finished steps are kept.</summary>
    Cancelled,

    /// <summary>The run's process disappeared while the run was still running (detected on a later open).</summary>
    Interrupted,
}

/// <summary>The outcome of one computation of a step key.</summary>
public enum ExecutionStatus
{
    /// <summary>The method returned outputs; this execution can be reused by its step key.</summary>
    Succeeded,

    /// <summary>The method threw or its outputs could not be stored.</summary>
    Failed,

    /// <summary>The computation was cancelled before it finished.</summary>
    Cancelled,
}

/// <summary>The state of one step inside one run.</summary>
public enum RunStepStatus
{
    /// <summary>Planned, not started.</summary>
    Pending,

    /// <summary>Executing now.</summary>
    Running,

    /// <summary>Executed in this run and succeeded.</summary>
    Succeeded,

    /// <summary>Executed in this run and failed.</summary>
    Failed,

    /// <summary>Not executed because an upstream step failed (see <see cref="RunStepRecord.SkippedBecause"/>).</summary>
    Skipped,

    /// <summary>Cancelled, or left running by an interrupted run.</summary>
    Cancelled,

    /// <summary>Reused from a previous successful execution with the same step key.</summary>
    Cached,
}
