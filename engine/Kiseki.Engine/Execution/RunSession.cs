using System.Text.Json.Nodes;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Environments;
using Kiseki.Engine.Hashing;
using Kiseki.Engine.Methods;
using Kiseki.Engine.Planning;
using Kiseki.Provenance;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Engine.Execution;

/// <summary>
/// The one lifecycle of a recorded run, shared by <c>kiseki run</c>, <c>kiseki rerun</c> and <c>kiseki invoke</c>:
/// report the plan's warnings, record the inputs and the environment, begin the run, drive the <see cref="Scheduler"/>,
/// publish the results and record the final status (succeeded, failed or cancelled). Every time stamp and the run id
/// come from the injected clock.
/// </summary>
public sealed class RunSession(
    MethodCatalog catalog, IProvenanceStore provenance, ObjectStore objects, IStepExecutor executor, IRunObserver? observer = null,
    TimeProvider? clock = null)
{
    private readonly IRunObserver _observer = observer ?? NullRunObserver.Instance;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Runs <paramref name="plan"/>; an exception from the scheduler records the run as failed and is rethrown.</summary>
    public async Task<RunResult> RunAsync(ExecutionPlan plan, RunRequest request, RunOrigin origin, CancellationToken cancellationToken)
    {
        foreach (var warning in plan.Warnings)
        {
            _observer.Message("warning: " + warning);
        }

        var workflow = plan.Workflow;
        var environment = EnvironmentProbe.Capture(catalog, Path.GetDirectoryName(workflow.SourcePath));
        var runId = Ulid.NewUlid(_clock);
        provenance.Record(new ProvenanceBatch
        {
            Environments = [environment],
            Artifacts = [.. InputRecords(plan, origin)],
        });
        provenance.BeginRun(new RunRecord
        {
            Id = runId,
            WorkflowName = workflow.Name,
            WorkflowPath = workflow.SourcePath,
            WorkflowText = workflow.Text,
            WorkflowTextHash = workflow.TextHash,
            ResolvedParameters = ResolvedParameters(workflow.Parameters),
            RootSeed = workflow.Seed,
            Status = RunStatus.Running,
            StartedAt = _clock.GetUtcNow(),
            EnvironmentId = environment.Id,
            Process = ProcessIdentity.Current(),
            CommandLine = request.CommandLine,
            GitCommit = origin.GitCommit,
            Executor = executor.Name,
        });

        RunSummary summary;
        try
        {
            var context = new RunContext(runId, environment.Id, provenance, new ArtifactCodec(objects), executor, _observer, _clock);
            summary = await new Scheduler(context, request.Options).RunAsync(plan, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            provenance.UpdateRunStatus(runId, RunStatus.Failed, _clock.GetUtcNow(), e.Message);
            throw;
        }

        var publication = request.Publish
            ? new RunPublication(provenance, new ArtifactCodec(objects), _observer).Publish(plan, summary, PublishDirectory(workflow.SourcePath, runId, request))
            : PublishedFiles.None;
        var error = summary.Error ?? publication.Error;
        var status = summary.Status == RunStatus.Succeeded && publication.Error is not null ? RunStatus.Failed : summary.Status;
        provenance.UpdateRunStatus(runId, status, _clock.GetUtcNow(), error);
        return new RunResult(summary with { Status = status, Error = error }, plan, publication.Files, publication.Directory);
    }

    /// <summary>The workflow parameters as recorded: canonical JSON of the values after overrides.</summary>
    public static string ResolvedParameters(IReadOnlyDictionary<string, JsonNode?> parameters)
    {
        var json = new JsonObject();
        foreach (var (name, value) in parameters)
        {
            json[name] = value?.DeepClone();
        }

        return CanonicalJson.ToText(json);
    }

    private static IEnumerable<ArtifactRecord> InputRecords(ExecutionPlan plan, RunOrigin origin)
    {
        var stored = origin.StoredInputs.Select(a => a.Hash).ToHashSet();
        var files = plan.Inputs.Values.DistinctBy(f => f.Hash).Where(f => !stored.Contains(f.Hash)).Select(f => new ArtifactRecord
        {
            Hash = f.Hash, Kind = ArtifactKind.File, MediaType = "application/octet-stream", Size = f.Length, Blobs = [],
        });
        return files.Concat(origin.StoredInputs.DistinctBy(a => a.Hash));
    }

    private static string PublishDirectory(string workflowPath, string runId, RunRequest request)
    {
        var root = request.ResultsDirectory ?? Path.Combine(Path.GetDirectoryName(workflowPath) ?? ".", "results");
        return request.FolderPerRun ? Path.Combine(root, runId) : root;
    }
}
