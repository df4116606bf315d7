using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Environments;
using Kiseki.Engine.Hashing;
using Kiseki.Engine.Methods;
using Kiseki.Engine.Planning;
using Kiseki.Provenance;

namespace Kiseki.Engine.Execution;

/// <summary>What to run and how: forced steps, mirrors, parallelism, results folder.</summary>
public sealed record RunRequest
{
    /// <summary>Steps to re-run even when cached.</summary>
    public IReadOnlyCollection<string> Force { get; init; } = [];

    /// <summary>Folders searched (by hash) for missing pinned inputs.</summary>
    public IReadOnlyList<string> Mirrors { get; init; } = [];

    /// <summary>Scheduling options.</summary>
    public RunOptions Options { get; init; } = new();

    /// <summary>The folder under which <c>&lt;run-id&gt;/</c> receives published files (default: <c>results</c> beside the workflow).</summary>
    public string? ResultsDirectory { get; init; }

    /// <summary>The command line recorded with the run.</summary>
    public string CommandLine { get; init; } = "";
}

/// <summary>A finished run: the summary plus the published files.</summary>
public sealed record RunResult(RunSummary Summary, ExecutionPlan Plan, IReadOnlyList<string> PublishedFiles, string? ResultsDirectory);

/// <summary>
/// Runs a bound workflow end to end: resolves external inputs, plans, records the run and its environment, schedules
/// the steps, publishes the results and records the final status (succeeded, failed or cancelled).
/// </summary>
public sealed class WorkflowRunner(
    MethodCatalog catalog, IProvenanceStore provenance, ObjectStore objects, IStepExecutor executor, IRunObserver? observer = null,
    TimeProvider? clock = null)
{
    private readonly IRunObserver _observer = observer ?? NullRunObserver.Instance;
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Resolves the external inputs of <paramref name="workflow"/> (hashing memoised; mirrors; download by URL).</summary>
    public async Task<IReadOnlyDictionary<string, FileArtifact>> ResolveInputsAsync(
        WorkflowDefinition workflow, IReadOnlyList<string> mirrors, CancellationToken cancellationToken)
    {
        var resolver = new InputResolver(new FileHasher(objects.Memo), mirrors);
        var directory = Path.GetDirectoryName(workflow.SourcePath) ?? ".";
        var result = new Dictionary<string, FileArtifact>(StringComparer.Ordinal);
        foreach (var input in workflow.Inputs)
        {
            result[input.Name] = await resolver.ResolveAsync(input, directory, cancellationToken).ConfigureAwait(false);
        }

        return result;
    }

    /// <summary>Plans <paramref name="workflow"/> (resolving its inputs first).</summary>
    public async Task<ExecutionPlan> PlanAsync(WorkflowDefinition workflow, RunRequest request, CancellationToken cancellationToken)
    {
        var inputs = await ResolveInputsAsync(workflow, request.Mirrors, cancellationToken).ConfigureAwait(false);
        return new Planner(provenance, objects).Plan(workflow, inputs, new PlanOptions { Force = request.Force });
    }

    /// <summary>Runs <paramref name="workflow"/>; cancellation records the run as cancelled with finished steps kept.</summary>
    public async Task<RunResult> RunAsync(WorkflowDefinition workflow, RunRequest request, CancellationToken cancellationToken)
    {
        var plan = await PlanAsync(workflow, request, cancellationToken).ConfigureAwait(false);
        foreach (var warning in plan.Warnings)
        {
            _observer.Message("warning: " + warning);
        }

        var workflowDirectory = Path.GetDirectoryName(workflow.SourcePath);
        var environment = EnvironmentProbe.Capture(catalog, workflowDirectory);
        var runId = Ulid.NewUlid(_clock);
        var parameters = new JsonObject();
        foreach (var (name, value) in workflow.Parameters)
        {
            parameters[name] = value?.DeepClone();
        }

        provenance.Record(new ProvenanceBatch
        {
            Environments = [environment],
            Artifacts = [.. plan.Inputs.Values.DistinctBy(f => f.Hash).Select(f => new ArtifactRecord
            {
                Hash = f.Hash, Kind = "file", MediaType = "application/octet-stream", Size = f.Length, Blobs = [],
            })],
        });
        provenance.BeginRun(new RunRecord
        {
            Id = runId,
            WorkflowName = workflow.Name,
            WorkflowPath = workflow.SourcePath,
            WorkflowText = workflow.Text,
            WorkflowTextHash = workflow.TextHash,
            ResolvedParameters = CanonicalJson.ToText(parameters),
            RootSeed = workflow.Seed,
            Status = RunStatus.Running,
            StartedAt = _clock.GetUtcNow(),
            EnvironmentId = environment.Id,
            Process = ProcessIdentity.Current(),
            CommandLine = request.CommandLine,
            GitCommit = workflowDirectory is null ? null : EnvironmentProbe.GitCommit(workflowDirectory),
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

        var (published, resultsDirectory, publishError) = Publish(workflow, plan, summary, request);
        var error = summary.Error ?? publishError;
        var status = summary.Status == RunStatus.Succeeded && publishError is not null ? RunStatus.Failed : summary.Status;
        provenance.UpdateRunStatus(runId, status, _clock.GetUtcNow(), error);
        return new RunResult(summary with { Status = status, Error = error }, plan, published, resultsDirectory);
    }

    private (IReadOnlyList<string> Files, string? Directory, string? Error) Publish(
        WorkflowDefinition workflow, ExecutionPlan plan, RunSummary summary, RunRequest request)
    {
        if (workflow.Publish.Count == 0)
        {
            return ([], null, null);
        }

        var outputs = new Dictionary<string, (ContentHash, string)>(StringComparer.Ordinal);
        var steps = plan.Steps.ToDictionary(s => s.Id, s => s.Step, StringComparer.Ordinal);
        foreach (var report in summary.Steps.Where(s => s.Status is RunStepStatus.Succeeded or RunStepStatus.Cached))
        {
            foreach (var (port, hash) in report.Outputs)
            {
                var kind = steps[report.StepId].Method.FindOutput(port)?.ArtifactKind;
                if (kind is null or "any")
                {
                    kind = provenance.GetArtifact(hash)?.Kind ?? "file";
                }

                outputs[$"{report.StepId}\0{port}"] = (hash, kind);
            }
        }

        var root = request.ResultsDirectory
                   ?? Path.Combine(Path.GetDirectoryName(workflow.SourcePath) ?? ".", "results");
        var directory = Path.Combine(root, summary.RunId);
        try
        {
            var files = new Publisher(new ArtifactCodec(objects)).Publish(workflow.Publish, outputs, directory, out var missing);
            foreach (var file in files)
            {
                _observer.Message($"published {file}");
            }

            if (missing.Count > 0 && summary.Status == RunStatus.Succeeded)
            {
                return (files, directory, $"not published: {string.Join(", ", missing)}");
            }

            return (files, files.Count > 0 ? directory : null, null);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return ([], null, $"publishing to {directory} failed: {e.Message}");
        }
    }
}
