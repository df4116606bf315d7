using Kiseki.Engine.Definitions;
using Kiseki.Engine.Environments;
using Kiseki.Provenance;

namespace Kiseki.Engine.Execution;

/// <summary>
/// What a run record says about where a run comes from beyond its workflow: the git commit of the workflow's folder
/// and the artifacts that entered the run already stored (rather than as external files).
/// </summary>
public sealed record RunOrigin
{
    /// <summary>The git commit recorded with the run (null outside a repository).</summary>
    public string? GitCommit { get; init; }

    /// <summary>Typed inputs stored before the run (<c>kiseki invoke</c> reads <c>.npy</c>/<c>.csv</c>/<c>.json</c> files into artifacts).</summary>
    public IReadOnlyList<ArtifactRecord> StoredInputs { get; init; } = [];

    /// <summary>The origin of a run of <paramref name="workflow"/> from its file: the commit of the folder holding it.</summary>
    public static RunOrigin Of(WorkflowDefinition workflow)
    {
        var directory = Path.GetDirectoryName(workflow.SourcePath);
        return new RunOrigin { GitCommit = directory is null ? null : EnvironmentProbe.GitCommit(directory) };
    }
}
