using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Planning;
using Kiseki.Provenance;

namespace Kiseki.Engine.Execution;

/// <summary>What publishing a run wrote: the files, their folder (null when none) and the error that makes the run fail.</summary>
/// <param name="Files">The files written.</param>
/// <param name="Directory">The folder holding them, or null when nothing was written.</param>
/// <param name="Error">Why publishing is incomplete (entries missing after a successful run, or an I/O failure).</param>
public sealed record PublishedFiles(IReadOnlyList<string> Files, string? Directory, string? Error)
{
    /// <summary>Nothing published and nothing wrong.</summary>
    public static PublishedFiles None { get; } = new([], null, null);
}

/// <summary>Publishes the <c>publish</c> entries of a finished run from its succeeded and cached steps' outputs.</summary>
public sealed class RunPublication(IProvenanceStore provenance, ArtifactCodec codec, IRunObserver observer)
{
    /// <summary>Writes the outputs named by <paramref name="plan"/>'s workflow into <paramref name="directory"/>.</summary>
    public PublishedFiles Publish(ExecutionPlan plan, RunSummary summary, string directory)
    {
        var workflow = plan.Workflow;
        if (workflow.Publish.Count == 0)
        {
            return PublishedFiles.None;
        }

        var outputs = new Dictionary<string, (ContentHash, string)>(StringComparer.Ordinal);
        var steps = plan.Steps.ToDictionary(s => s.Id, s => s.Step, StringComparer.Ordinal);
        foreach (var report in summary.Steps.Where(s => s.Status is RunStepStatus.Succeeded or RunStepStatus.Cached))
        {
            foreach (var (port, hash) in report.Outputs)
            {
                var kind = steps[report.StepId].Method.FindOutput(port)?.ArtifactKind;
                if (kind is null or ArtifactKind.Any)
                {
                    kind = provenance.GetArtifact(hash)?.Kind ?? ArtifactKind.File;
                }

                outputs[$"{report.StepId}\0{port}"] = (hash, kind);
            }
        }

        try
        {
            var entries = workflow.Publish.Where(e => !e.IfProduced || outputs.ContainsKey($"{e.StepId}\0{e.Port}")).ToList();
            var files = new Publisher(codec).Publish(entries, outputs, directory, out var missing);
            foreach (var file in files)
            {
                observer.Message($"published {file}");
            }

            if (missing.Count > 0 && summary.Status == RunStatus.Succeeded)
            {
                return new PublishedFiles(files, directory, $"not published: {string.Join(", ", missing)}");
            }

            return new PublishedFiles(files, files.Count > 0 ? directory : null, null);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return new PublishedFiles([], null, $"publishing to {directory} failed: {e.Message}");
        }
    }
}
