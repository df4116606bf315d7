using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Provenance.Export;

/// <summary>One step of a run as exported: the run step, its execution and the file names its outputs get.</summary>
/// <param name="Step">The run step.</param>
/// <param name="Execution">Its execution (null for failed-before-start or skipped steps).</param>
public sealed record ExportedStep(RunStepRecord Step, ExecutionRecord? Execution);

/// <summary>A run loaded for export: records plus where each object's bytes are.</summary>
public sealed class ExportedRun
{
    private ExportedRun(RunRecord run, IReadOnlyList<ExportedStep> steps, EnvironmentRecord? environment, IProvenanceStore store, Func<ContentHash, string> objectPath)
    {
        Run = run;
        Steps = steps;
        Environment = environment;
        Store = store;
        ObjectPath = objectPath;
    }

    /// <summary>The run.</summary>
    public RunRecord Run { get; }

    /// <summary>Its steps in recorded order.</summary>
    public IReadOnlyList<ExportedStep> Steps { get; }

    /// <summary>The run's environment record.</summary>
    public EnvironmentRecord? Environment { get; }

    /// <summary>The store read from.</summary>
    public IProvenanceStore Store { get; }

    /// <summary>Where the bytes of an object are.</summary>
    public Func<ContentHash, string> ObjectPath { get; }

    /// <summary>Loads run <paramref name="runId"/> (an exact id) from <paramref name="store"/>.</summary>
    public static ExportedRun Load(IProvenanceStore store, string runId, Func<ContentHash, string> objectPath)
    {
        var run = store.GetRun(runId) ?? throw ProvenanceStoreException.UnknownRun(store.FilePath, runId);
        var steps = store.RunSteps(run.Id).Select(s => new ExportedStep(s, s.StepKey is { } key
            ? store.FindSuccessfulExecution(key) ?? store.FailedAttempts(key).LastOrDefault(a => a.RunId == run.Id)
            : null)).ToList();
        return new ExportedRun(run, steps, store.GetEnvironment(run.EnvironmentId), store, objectPath);
    }

    /// <summary>The file extension an artifact of <paramref name="kind"/> is written with.</summary>
    public static string Extension(string kind) => kind switch
    {
        ArtifactKind.NdArray or ArtifactKind.SpectrumImage => ".npy",
        ArtifactKind.Table => ".csv",
        ArtifactKind.Figure => ".png",
        ArtifactKind.Json => ".json",
        _ => ".bin",
    };

    /// <summary>
    /// The object holding an artifact's data as a standalone file: the array blob of a spectrum image (its axes are in
    /// the manifest), otherwise the artifact's own object.
    /// </summary>
    public ContentHash DataObject(ContentHash artifact, ArtifactRecord? record)
        => record is { Kind: ArtifactKind.SpectrumImage } && record.Blobs.FirstOrDefault(b => b != artifact) is { } data && data != default ? data : artifact;

    /// <summary>A file-name-safe form of a step id (<c>sweep[k=3]</c> → <c>sweep_k_3_</c>).</summary>
    public static string SafeName(string text)
    {
        var safe = new string([.. text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
        return safe.Length == 0 || safe.All(c => c == '.') ? "_" + safe : safe;
    }

    /// <summary>
    /// <paramref name="relative"/> joined to <paramref name="directory"/>; throws <see cref="IOException"/> when the result
    /// would lie outside it (a recorded name holding <c>../</c> or a rooted path must never place a file elsewhere).
    /// </summary>
    public static string Inside(string directory, string relative)
    {
        var root = Path.GetFullPath(directory);
        var full = Path.GetFullPath(Path.Combine(root, relative));
        var back = Path.GetRelativePath(root, full);
        if (Path.IsPathRooted(relative) || back == ".." || back.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            || Path.IsPathRooted(back))
        {
            throw new IOException($"the recorded name '{relative}' would place a file outside {root}; nothing was written there.");
        }

        return full;
    }
}
