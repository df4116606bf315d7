namespace Kiseki.Engine.Planning;

/// <summary>Why a step runs instead of being reused from the cache (flags: several may apply).</summary>
[Flags]
public enum RerunReason
{
    /// <summary>The step is a cache hit.</summary>
    None = 0,

    /// <summary>No earlier successful execution of this step id (or of this key) is recorded.</summary>
    NoRecord = 1,

    /// <summary>The bound parameters (or the step seed) differ from the latest recorded execution of this step.</summary>
    ParametersChanged = 2,

    /// <summary>An external input file differs from the latest recorded execution of this step.</summary>
    InputsChanged = 4,

    /// <summary>The method version differs from the latest recorded execution of this step.</summary>
    MethodVersionChanged = 8,

    /// <summary>An upstream step re-runs or produced different outputs.</summary>
    UpstreamChanged = 16,

    /// <summary>A successful execution with this key exists but one of its output objects is missing or corrupted.</summary>
    OutputMissing = 32,

    /// <summary>Forced by <c>--force</c>.</summary>
    Forced = 64,

    /// <summary>A command step's command template, source files or own executable file differ (the detail names the file).</summary>
    CodeChanged = 128,

    /// <summary>A command step's environment differs: what its probe prints, the executable it finds, or its container digest.</summary>
    EnvironmentChanged = 256,
}

/// <summary>Text forms of <see cref="RerunReason"/>.</summary>
public static class RerunReasons
{
    private static readonly (RerunReason Flag, string Text)[] Texts =
    [
        (RerunReason.NoRecord, "no record"),
        (RerunReason.ParametersChanged, "parameters changed"),
        (RerunReason.InputsChanged, "inputs changed"),
        (RerunReason.MethodVersionChanged, "method version changed"),
        (RerunReason.UpstreamChanged, "upstream changed"),
        (RerunReason.OutputMissing, "output missing"),
        (RerunReason.Forced, "forced"),
        (RerunReason.CodeChanged, "code changed"),
        (RerunReason.EnvironmentChanged, "environment changed"),
    ];

    /// <summary>The flag names, e.g. <c>["ParametersChanged", "UpstreamChanged"]</c>.</summary>
    public static IReadOnlyList<string> Names(RerunReason reasons)
        => [.. Texts.Where(t => reasons.HasFlag(t.Flag)).Select(t => t.Flag.ToString())];

    /// <summary>A short phrase, e.g. <c>parameters changed, upstream changed</c>.</summary>
    public static string Describe(RerunReason reasons)
        => reasons == RerunReason.None ? "cached" : string.Join(", ", Texts.Where(t => reasons.HasFlag(t.Flag)).Select(t => t.Text));
}
