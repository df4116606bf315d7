using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Definitions.Binding;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Hashing;
using Kiseki.Engine.Methods;
using Kiseki.Provenance;

namespace Kiseki.Engine.Audit;

/// <summary>What a past run needs to be run again: its workflow bound from the recorded text and its input files by hash.</summary>
/// <param name="Source">The recorded run.</param>
/// <param name="Workflow">The workflow bound from the recorded text with the recorded parameters.</param>
/// <param name="Inputs">External input name → file located by its recorded hash.</param>
/// <param name="RecordedKeys">Step id → the step key recorded in the source run.</param>
public sealed record ReplayPlan(
    RunRecord Source, WorkflowDefinition Workflow, IReadOnlyDictionary<string, FileArtifact> Inputs, IReadOnlyDictionary<string, ContentHash> RecordedKeys);

/// <summary>The outcome of a re-run, with how its step keys compare with the source run's.</summary>
/// <param name="Result">The new run.</param>
/// <param name="SameKeys">Steps whose key equals the recorded one.</param>
/// <param name="ChangedKeys">Steps whose key differs (the re-run is then not exact).</param>
public sealed record ReplayResult(RunResult Result, IReadOnlyList<string> SameKeys, IReadOnlyList<string> ChangedKeys);

/// <summary>
/// Re-runs a recorded run exactly: binds the recorded workflow text with the recorded resolved parameters (root seed
/// from the text, checked against the record), resolves every external input by its recorded hash (object store,
/// beside the recorded workflow, or mirror folders), and refuses when a method version the run used is not in this build.
/// </summary>
public static class RunReplayer
{
    /// <summary>Prepares the replay of <paramref name="runIdOrPrefix"/> from <paramref name="source"/> (read only).</summary>
    public static ReplayPlan Prepare(AuditStore source, string runIdOrPrefix, MethodCatalog catalog, IReadOnlyList<string> mirrors)
    {
        var run = source.ResolveRun(runIdOrPrefix);
        var steps = source.Steps(run);
        var missing = steps.Where(s => s.Execution is not null)
            .Select(s => new MethodRef(s.Execution!.MethodId, s.Execution.MethodVersion))
            .Distinct().Where(m => m.Id != Commands.CommandMethod.Id && !catalog.TryGet(m, out _)).ToList();
        if (missing.Count > 0)
        {
            var lines = missing.Select(m =>
            {
                var have = catalog.Versions(m.Id);
                return $"  {m}: " + (have.Count == 0 ? "no version of this method is in this build" : "this build has " + string.Join(", ", have.Select(h => h.Reference.ToString())));
            });
            throw AuditException.MissingMethodVersions(run.Id, lines);
        }

        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        if (JsonNode.Parse(run.ResolvedParameters) is JsonObject parameters)
        {
            foreach (var (name, value) in parameters)
            {
                overrides[name] = value?.ToJsonString() ?? "null";
            }
        }

        WorkflowDefinition workflow;
        try
        {
            workflow = WorkflowLoader.LoadText(run.WorkflowText, run.WorkflowPath, catalog, new BindOptions { Overrides = overrides });
        }
        catch (WorkflowException e)
        {
            throw AuditException.NoLongerBinds(run.Id, e.Diagnostics.Select(d => d.ToString()));
        }

        if (workflow.Seed != run.RootSeed)
        {
            throw AuditException.SeedMismatch(run.Id, run.RootSeed, workflow.Seed);
        }

        var recordedInputs = new Dictionary<string, ContentHash>(StringComparer.Ordinal);
        var byId = steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        foreach (var step in workflow.Steps)
        {
            if (!byId.TryGetValue(step.Id, out var view) || view.Execution is null)
            {
                continue;
            }

            foreach (var (port, binding) in step.Inputs)
            {
                if (binding is ExternalInputBinding external && view.Execution.InputHashes.TryGetValue(port, out var hash))
                {
                    recordedInputs.TryAdd(external.InputName, hash);
                }
            }
        }

        var locator = new InputLocator(source, mirrors);
        var inputs = new Dictionary<string, FileArtifact>(StringComparer.Ordinal);
        foreach (var input in workflow.Inputs)
        {
            var hash = recordedInputs.TryGetValue(input.Name, out var recorded) ? recorded
                : input.Sha256 ?? throw AuditException.UnpinnedInput(run.Id, input.Name);
            var path = locator.Locate(run, hash);
            inputs[input.Name] = new FileArtifact(path, hash, new FileInfo(path).Length);
        }

        var keys = steps.Where(s => s.Step.StepKey is not null).ToDictionary(s => s.Id, s => s.Step.StepKey!.Value, StringComparer.Ordinal);
        return new ReplayPlan(run, workflow, inputs, keys);
    }

    /// <summary>
    /// Runs <paramref name="plan"/> into <paramref name="provenance"/>/<paramref name="objects"/> through the one
    /// <see cref="RunSession"/> (cached steps are reused unless forced; the workflow's publish entries are published
    /// under <see cref="RunRequest.ResultsDirectory"/>/&lt;new-run-id&gt; only when the caller names that folder, since
    /// the recorded workflow's own folder need not exist here). The run records the
    /// source run's git commit, since its workflow text is the recorded one rather than a file in a repository.
    /// </summary>
    public static async Task<ReplayResult> RunAsync(
        ReplayPlan plan, MethodCatalog catalog, IProvenanceStore provenance, ObjectStore objects, IStepExecutor executor, RunRequest request,
        IRunObserver? observer = null, CancellationToken cancellationToken = default, TimeProvider? clock = null)
    {
        var executionPlan = new RunPlanner(provenance, objects).Plan(plan.Workflow, plan.Inputs, request);
        var session = new RunSession(catalog, provenance, objects, executor, observer, clock);
        var result = await session.RunAsync(executionPlan, request with { Publish = request.Publish && request.ResultsDirectory is not null }, new RunOrigin { GitCommit = plan.Source.GitCommit }, cancellationToken)
            .ConfigureAwait(false);
        var summary = result.Summary;
        var same = new List<string>();
        var changed = new List<string>();
        foreach (var step in summary.Steps)
        {
            if (plan.RecordedKeys.TryGetValue(step.StepId, out var recorded) && step.Key == recorded)
            {
                same.Add(step.StepId);
            }
            else
            {
                changed.Add(step.StepId);
            }
        }

        return new ReplayResult(result, same, changed);
    }
}
