using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Audit;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Definitions.Binding;
using Kiseki.Engine.Environments;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Methods;
using Kiseki.Provenance;
using Kiseki.Provenance.Export;

namespace Kiseki.Engine.Reproduction;

/// <summary>
/// Re-executes the run of a Kiseki crate in a fresh store and judges every output against the crate's: rebuilds the
/// workflow from the crate's (hash-checked) workflow file with the recorded parameters and root seed, finds every input
/// in the crate, a mirror folder or at its URL (verified by SHA-256), runs every step, and reports per output
/// identical / within tolerance / equivalent up to component order/sign / different, with the first diverging step and
/// why. A method version this build no longer has is replaced by its newest version and named as a reason.
/// </summary>
public sealed class CrateReproducer(MethodCatalog catalog)
{
    /// <summary>Reproduces <paramref name="crate"/> into <paramref name="provenance"/>/<paramref name="objects"/>.</summary>
    public async Task<ReproductionReport> ReproduceAsync(
        RunCrate crate, IProvenanceStore provenance, ObjectStore objects, IStepExecutor executor, RunRequest request, CancellationToken cancellationToken = default)
    {
        var (workflow, substitutions) = Bind(crate);
        var inputs = await ResolveInputsAsync(crate, workflow, objects.Root, request.Mirrors, cancellationToken).ConfigureAwait(false);
        var keys = crate.Steps.Where(s => s.StepKey is not null && ContentHash.TryParse(s.StepKey, out _))
            .ToDictionary(s => s.Id, s => ContentHash.Parse(s.StepKey!), StringComparer.Ordinal);
        var source = SourceRecord(crate, workflow);
        var plan = new ReplayPlan(source, workflow, inputs, keys);
        var replay = await RunReplayer.RunAsync(plan, catalog, provenance, objects, executor,
            request with { Force = [.. workflow.Steps.Select(s => s.Id)] }, null, cancellationToken).ConfigureAwait(false);
        var summary = replay.Result.Summary;

        var notes = substitutions.Select(s => $"method {s.Key} is not in this build; re-executed with {s.Value}").ToList();
        var recordedVersion = RunCrate.Text(crate.Run, "kiseki_version") ?? "unknown";
        var kiseki = EnvironmentProbe.KisekiVersion();
        var environment = EnvironmentProbe.Describe(catalog, null);
        var steps = crate.Steps.ToDictionary(s => s.Id, StringComparer.Ordinal);
        var (outputs, first, judged) = RunJudge.Judge(workflow, summary, provenance, objects, id =>
        {
            if (!steps.TryGetValue(id, out var step))
            {
                return null;
            }

            var reasons = new List<string>();
            var reference = $"{step.Method}@{step.Version?.ToString(CultureInfo.InvariantCulture)}";
            if (substitutions.TryGetValue(reference, out var now))
            {
                reasons.Add($"different method version: {reference} recorded, {now} in this build");
            }

            if (recordedVersion != kiseki)
            {
                reasons.Add($"different Kiseki version: {recordedVersion} recorded, {kiseki} now");
            }

            reasons.AddRange(EnvironmentDifferences(crate, step.Environment, environment));
            return new RecordedStep(step.Outputs.Count == 0 ? null : step.Outputs.ToDictionary(o => o.Key, o => crate.Side(o.Value), StringComparer.Ordinal), step.Inputs, reasons);
        });
        notes.AddRange(judged);
        return new ReproductionReport(crate.RunId, workflow.Name, summary.RunId, summary.Status == RunStatus.Succeeded, outputs, first, notes, DateTimeOffset.UtcNow);
    }

    private (WorkflowDefinition Workflow, Dictionary<string, string> Substitutions) Bind(RunCrate crate)
    {
        var file = RunCrate.Text(crate.Run, "workflow_file") ?? "workflow.yaml";
        var text = Encoding.UTF8.GetString(crate.ReadVerified(file, RunCrate.Text(crate.Run, "workflow_sha256") ?? ""));
        var substitutions = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var step in crate.Steps.Where(s => s.Method is not null && s.Version is not null))
        {
            var reference = new MethodRef(step.Method!, step.Version!.Value);
            if (catalog.TryGet(reference, out _) || substitutions.ContainsKey(reference.ToString()))
            {
                continue;
            }

            var newest = catalog.Versions(reference.Id).OrderBy(v => v.Version).LastOrDefault()
                         ?? throw CrateException.Unbindable(crate.Label, $"step {step.Id} used method {reference}, and this build has no version of {reference.Id}.");
            substitutions[reference.ToString()] = newest.Reference.ToString();
            text = Regex.Replace(text, $@"(method:\s*[""']?){Regex.Escape(reference.ToString())}(?![0-9])", m => m.Groups[1].Value + newest.Reference);
        }

        var overrides = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in crate.Run["parameters"] as JsonObject ?? [])
        {
            overrides[name] = value?.ToJsonString() ?? "null";
        }

        WorkflowDefinition workflow;
        try
        {
            workflow = WorkflowLoader.LoadText(text, crate.PathOf(file), catalog, new BindOptions { Overrides = overrides });
        }
        catch (WorkflowException e)
        {
            throw CrateException.Unbindable(crate.Label, "its workflow does not bind with this build:\n" + string.Join("\n", e.Diagnostics.Select(d => "  " + d)));
        }

        if (workflow.Seed.ToString(CultureInfo.InvariantCulture) != RunCrate.Text(crate.Run, "root_seed"))
        {
            throw CrateException.Unbindable(crate.Label, $"the run recorded root seed {RunCrate.Text(crate.Run, "root_seed")}, but its workflow gives {workflow.Seed}.");
        }

        return (workflow, substitutions);
    }

    private static async Task<Dictionary<string, FileArtifact>> ResolveInputsAsync(
        RunCrate crate, WorkflowDefinition workflow, string storeRoot, IReadOnlyList<string> mirrors, CancellationToken cancellationToken)
    {
        var recorded = (crate.Manifest["inputs"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(i => RunCrate.Text(i, "name") is not null).ToDictionary(i => RunCrate.Text(i, "name")!, StringComparer.Ordinal);
        var resolver = new InputResolver(new FileHasher(HashMemo.InMemory()), mirrors);
        var result = new Dictionary<string, FileArtifact>(StringComparer.Ordinal);
        foreach (var declared in workflow.Inputs)
        {
            if (!recorded.TryGetValue(declared.Name, out var entry) || !ContentHash.TryParse("sha256:" + RunCrate.Text(entry, "sha256"), out var hash))
            {
                throw CrateException.MissingInput(crate.Label, $"the crate records no SHA-256 for input '{declared.Name}', so it cannot be verified.");
            }

            var inCrate = RunCrate.Text(entry, "file");
            var path = inCrate is not null ? crate.PathOf(inCrate)
                : Path.Combine(storeRoot, "inputs", ExportedRun.SafeName(declared.Name), Path.GetFileName(RunCrate.Text(entry, "path") ?? declared.Name));
            var url = RunCrate.Text(entry, "url") is { } u && Uri.TryCreate(u, UriKind.Absolute, out var parsed) ? parsed : null;
            try
            {
                result[declared.Name] = await resolver.ResolveAsync(declared with { Path = path, Sha256 = hash, Url = url }, crate.Directory, cancellationToken).ConfigureAwait(false);
            }
            catch (InputException e)
            {
                throw CrateException.MissingInput(crate.Label, e.Message + (inCrate is null && url is null ? " Give a --mirror folder that holds it." : ""));
            }
        }

        return result;
    }

    private static IEnumerable<string> EnvironmentDifferences(RunCrate crate, string? environmentFile, JsonObject now)
    {
        if (environmentFile is null)
        {
            yield break;
        }

        JsonObject? recorded;
        try
        {
            recorded = JsonNode.Parse(File.ReadAllText(crate.PathOf(environmentFile))) as JsonObject;
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or IOException or CrateException)
        {
            recorded = null;
        }

        foreach (var key in new[] { "os", "architecture", "cpu", "isa", "runtime" })
        {
            var before = recorded?[key]?.ToJsonString();
            var after = now[key]?.ToJsonString();
            if (recorded is not null && before != after)
            {
                yield return $"different environment: {key} {before} recorded, {after} now";
            }
        }
    }

    private static RunRecord SourceRecord(RunCrate crate, WorkflowDefinition workflow) => new()
    {
        Id = crate.RunId,
        WorkflowName = workflow.Name,
        WorkflowPath = workflow.SourcePath,
        WorkflowText = workflow.Text,
        WorkflowTextHash = workflow.TextHash,
        ResolvedParameters = crate.Run["parameters"]?.ToJsonString() ?? "{}",
        RootSeed = workflow.Seed,
        Status = RunStatus.Succeeded,
        StartedAt = DateTimeOffset.UtcNow,
        EnvironmentId = ContentHash.Of([]),
        Process = ProcessIdentity.Current(),
        CommandLine = "",
        GitCommit = RunCrate.Text(crate.Run, "git_commit"),
        Executor = "local",
    };
}
