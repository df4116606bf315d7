namespace Kiseki.Engine.Execution.Slurm;

/// <summary>Classifies Slurm job states.</summary>
public static class SlurmStates
{
    private static readonly HashSet<string> Active = new(StringComparer.Ordinal)
    {
        "PENDING", "CONFIGURING", "RUNNING", "COMPLETING", "SUSPENDED", "REQUEUED", "REQUEUE_FED", "REQUEUE_HOLD",
        "RESIZING", "SIGNALING", "STAGE_OUT", "STOPPED", "RESV_DEL_HOLD", "SPECIAL_EXIT",
    };

    /// <summary>The state name without decorations (<c>CANCELLED by 0</c> → <c>CANCELLED</c>, <c>CA</c> → <c>CANCELLED</c>).</summary>
    public static string Normalize(string state)
    {
        var word = state.Trim().Split(' ', 2)[0].TrimEnd('+').ToUpperInvariant();
        return word switch
        {
            "PD" => "PENDING",
            "R" => "RUNNING",
            "CG" => "COMPLETING",
            "CD" => "COMPLETED",
            "F" => "FAILED",
            "CA" => "CANCELLED",
            "TO" => "TIMEOUT",
            "OOM" => "OUT_OF_MEMORY",
            "NF" => "NODE_FAIL",
            "PR" => "PREEMPTED",
            "BF" => "BOOT_FAIL",
            "DL" => "DEADLINE",
            _ => word,
        };
    }

    /// <summary>Whether a job in <paramref name="state"/> has ended (any state that is not queued or running).</summary>
    public static bool IsFinished(string state) => !Active.Contains(Normalize(state));

    /// <summary>What a finished state means for the user.</summary>
    public static string Describe(string state) => Normalize(state) switch
    {
        "COMPLETED" => "completed",
        "TIMEOUT" => "exceeded its time limit",
        "CANCELLED" => "was cancelled",
        "OUT_OF_MEMORY" => "ran out of memory",
        "NODE_FAIL" => "lost its node",
        "PREEMPTED" => "was preempted",
        "BOOT_FAIL" => "failed to boot its node",
        "DEADLINE" => "missed its deadline",
        "FAILED" => "failed",
        _ => "ended",
    };
}
