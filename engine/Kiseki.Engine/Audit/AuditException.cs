using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Engine.Audit;

/// <summary>A problem an audit verb reports to the user as a plain message (unknown run, missing object, …).</summary>
public sealed class AuditException : Exception
{
    private AuditException(string message)
        : base(message)
    {
    }

    /// <summary>A run id, prefix or object hash did not resolve; <paramref name="problem"/> says why (no match, ambiguous, malformed).</summary>
    public static AuditException Unresolved(string problem) => new(problem);

    /// <summary>A run resolved a moment ago is gone (removed by a concurrent <c>gc</c>).</summary>
    public static AuditException RunVanished(string runId) => new($"run {runId} vanished from the store.");

    /// <summary>The run has no step with that id.</summary>
    public static AuditException NoSuchStep(string runId, string stepId, IEnumerable<string> steps)
        => new($"run {runId} has no step '{stepId}'; its steps are: {string.Join(", ", steps)}.");

    /// <summary>No run in the store has a step with that id; <paramref name="newest"/> lists the newest run's steps (or is empty).</summary>
    public static AuditException NoRecordedStep(string stepId, string newest) => new($"no recorded run has a step '{stepId}'.{newest}");

    /// <summary>The step has no output port with that name.</summary>
    public static AuditException NoSuchOutput(string stepId, string runId, string port, IEnumerable<string> outputs)
        => new($"step {stepId} in run {runId} has no output '{port}'; its outputs are: {string.Join(", ", outputs)}.");

    /// <summary>The hash names no artifact recorded in this store.</summary>
    public static AuditException NotAnArtifact(ContentHash hash) => new($"{hash} is not a recorded artifact of this store.");

    /// <summary>A recorded object file is absent.</summary>
    public static AuditException MissingObject(string what, ContentHash hash, string path) => new($"{what} {hash} is missing from the store ({path}).");

    /// <summary>A recorded object's bytes do not hash to its name; <paramref name="detail"/> says where or what they hash to.</summary>
    public static AuditException CorruptedObject(string what, ContentHash hash, string detail) => new($"{what} {hash} is corrupted ({detail}).");

    /// <summary>An external input of a re-executed step is found nowhere it is looked for.</summary>
    public static AuditException ExternalInputNotFound(ContentHash hash, string? workflowDirectory, IReadOnlyCollection<string> mirrors)
        => new($"external input {hash} is not in the store, beside the workflow ({workflowDirectory}) "
               + (mirrors.Count == 0 ? "and no --mirror folder was given." : $"or in {string.Join(", ", mirrors)}."));

    /// <summary>Recorded step-key components that are not a JSON object.</summary>
    public static AuditException MalformedKeyComponents() => new("recorded step-key components are not a JSON object.");

    /// <summary>A re-run needs method versions this build no longer ships; <paramref name="lines"/> list them with what the build has.</summary>
    public static AuditException MissingMethodVersions(string runId, IEnumerable<string> lines)
        => new($"cannot re-run {runId} exactly: it used method versions this build does not have:\n{string.Join("\n", lines)}\n"
               + "Use a Kiseki build that still ships them.");

    /// <summary>The recorded workflow text of a run no longer binds; <paramref name="diagnostics"/> are the binder's messages.</summary>
    public static AuditException NoLongerBinds(string runId, IEnumerable<string> diagnostics)
        => new($"the recorded workflow text of run {runId} no longer binds with this build:\n" + string.Join("\n", diagnostics.Select(d => "  " + d)));

    /// <summary>A run's recorded root seed differs from the seed its recorded workflow text gives.</summary>
    public static AuditException SeedMismatch(string runId, ulong recorded, ulong given)
        => new($"run {runId} recorded root seed {recorded}, but its workflow text gives {given}.");

    /// <summary>A re-run cannot tell which bytes an input had.</summary>
    public static AuditException UnpinnedInput(string runId, string input)
        => new($"run {runId} recorded no hash for input '{input}' (no step that read it succeeded) and the workflow does not pin one.");

    /// <summary>A snapshot workflow's run did not succeed.</summary>
    public static AuditException SnapshotRunFailed(string workflowPath, string status, string detail)
        => new($"{workflowPath}: the run {status}: {detail}");

    /// <summary>The file is not a snapshot file.</summary>
    public static AuditException NotASnapshot(string path) => new($"{path} is not a snapshot file.");
}
