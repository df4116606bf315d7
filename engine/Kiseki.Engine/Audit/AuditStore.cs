using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Provenance;

namespace Kiseki.Engine.Audit;

/// <summary>One step of a recorded run with the execution its key refers to (null when none was recorded).</summary>
/// <param name="Step">The run step.</param>
/// <param name="Execution">The successful execution with its key, else the attempt that failed in that run.</param>
public sealed record RunStepView(RunStepRecord Step, ExecutionRecord? Execution)
{
    /// <summary>The step id.</summary>
    public string Id => Step.StepId;
}

/// <summary>The state of an object file in the store.</summary>
public enum ObjectState
{
    /// <summary>Present, and its content hashes to its name.</summary>
    Intact,

    /// <summary>No file under its name.</summary>
    Missing,

    /// <summary>Present, but its content hashes to something else.</summary>
    Corrupted,
}

/// <summary>
/// A read-only view of a store folder for the audit verbs: the provenance store plus the object files, read directly
/// (never through <see cref="ObjectStore"/>, which creates folders and memo files).
/// </summary>
public sealed class AuditStore(IProvenanceStore provenance, string storeDirectory)
{
    /// <summary>The provenance store.</summary>
    public IProvenanceStore Provenance { get; } = provenance;

    /// <summary>Where things live in the store folder.</summary>
    public StoreLayout Layout { get; } = StoreLayout.Of(storeDirectory);

    /// <summary>The store folder (holding <c>objects/</c> and the database).</summary>
    public string Root => Layout.Root;

    /// <summary>The path an object has (whether or not it exists).</summary>
    public string PathOf(ContentHash hash) => Layout.PathOf(hash);

    /// <summary>Resolves a run id or unique prefix; unknown or ambiguous ids throw <see cref="AuditException"/> (ambiguous lists candidates).</summary>
    public RunRecord ResolveRun(string idOrPrefix)
    {
        var resolution = Provenance.ResolveRunId(idOrPrefix);
        if (resolution.Kind != RunIdResolutionKind.Unique || resolution.RunId is null)
        {
            throw AuditException.Unresolved(resolution.Message);
        }

        return Provenance.GetRun(resolution.RunId) ?? throw AuditException.RunVanished(resolution.RunId);
    }

    /// <summary>The steps of <paramref name="run"/> in recorded order, each with its execution.</summary>
    public IReadOnlyList<RunStepView> Steps(RunRecord run)
        => [.. Provenance.RunSteps(run.Id).Select(s => new RunStepView(s, ExecutionOf(s)))];

    /// <summary>The execution a run step refers to: the success with its key, else the attempt of that run.</summary>
    public ExecutionRecord? ExecutionOf(RunStepRecord step)
    {
        if (step.StepKey is not { } key)
        {
            return null;
        }

        return Provenance.FindSuccessfulExecution(key)
               ?? Provenance.FailedAttempts(key).LastOrDefault(a => a.RunId == step.RunId);
    }

    /// <summary>Re-hashes the object file of <paramref name="hash"/> (no memo: every byte is read).</summary>
    public ObjectState Check(ContentHash hash, out ContentHash? actual)
    {
        actual = null;
        var path = PathOf(hash);
        if (!File.Exists(path))
        {
            return ObjectState.Missing;
        }

        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan))
        {
            actual = FileHasher.HashStream(stream);
        }

        return actual == hash ? ObjectState.Intact : ObjectState.Corrupted;
    }

    /// <summary>Every object an artifact needs: its own hash and, for a manifest, its blobs (from the artifact record).</summary>
    public IReadOnlyList<ContentHash> ObjectsOf(ContentHash hash)
    {
        var record = Provenance.GetArtifact(hash);
        if (record is null || record.Blobs.Count == 0)
        {
            return [hash];
        }

        return [.. new[] { hash }.Concat(record.Blobs).Distinct()];
    }

    /// <summary>
    /// The step id that produced <paramref name="artifact"/> (looked up through the producing execution's run), or null
    /// for an external input or an unknown artifact.
    /// </summary>
    public (string StepId, ExecutionRecord Execution)? Producer(ContentHash artifact)
    {
        var record = Provenance.GetArtifact(artifact);
        if (record?.ProducedBy is not { } key || Provenance.FindSuccessfulExecution(key) is not { } execution)
        {
            return null;
        }

        var step = Provenance.RunSteps(execution.RunId).FirstOrDefault(s => s.StepKey == key);
        return (step?.StepId ?? execution.MethodId, execution);
    }

    /// <summary>Resolves a full hash or a unique hex prefix (at least 4 digits) of an object file.</summary>
    public ContentHash ResolveHash(string text)
        => Layout.ResolvePrefix(text, out var problem) ?? throw AuditException.Unresolved(problem!);
}
