using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Definitions.Binding;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Methods;
using Kiseki.Engine.Reproduction;
using Kiseki.Provenance;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Engine.Audit;

/// <summary>One difference found by a snapshot test.</summary>
/// <param name="StepId">The step.</param>
/// <param name="Port">The output port (empty for step-level findings).</param>
/// <param name="Method">The method now (<c>id@version</c>).</param>
/// <param name="RecordedMethod">The method recorded in the snapshot.</param>
/// <param name="Detail">What changed.</param>
/// <param name="Fails">Whether this fails the test (an output changed without a version bump, or a step appeared/vanished).</param>
public sealed record SnapshotFinding(string StepId, string Port, string Method, string RecordedMethod, string Detail, bool Fails)
{
    /// <inheritdoc />
    public override string ToString()
        => $"{(Fails ? "FAIL" : "note")} {StepId}{(Port.Length > 0 ? "." + Port : "")} [{Method}]: {Detail}";
}

/// <summary>
/// Snapshot tests of workflows: <see cref="Record"/> runs a workflow in a scratch store and summarises every step
/// output (hash plus <see cref="OutputSummary"/>); <see cref="Compare"/> checks a fresh recording against a snapshot
/// with per-type comparators (<paramref name="openStore"/> opens a provenance store in a scratch folder): exact for integers and text, relative tolerance for floats (the method's declared
/// tolerance, at least <see cref="MinimumTolerance"/>), figures by decoded pixels.
/// </summary>
public sealed class SnapshotSuite(MethodCatalog catalog, Func<string, IProvenanceStore> openStore)
{
    /// <summary>The smallest relative tolerance used for float summaries.</summary>
    public const double MinimumTolerance = 1e-9;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Runs <paramref name="workflowPath"/> with <paramref name="set"/> overrides in a scratch store (missing pinned inputs found in <paramref name="mirrors"/>) and returns the snapshot document.</summary>
    public async Task<JsonObject> Record(string workflowPath, IReadOnlyList<string> set, CancellationToken cancellationToken = default, IReadOnlyList<string>? mirrors = null)
    {
        var workflow = WorkflowLoader.Load(Path.GetFullPath(workflowPath), catalog, BindOptions.FromAssignments(set));
        var scratch = Path.Combine(Path.GetTempPath(), "kiseki-snapshot-" + Guid.NewGuid().ToString("N"));
        try
        {
            var objects = ObjectStore.Open(scratch);
            using var provenance = openStore(scratch);
            var executor = new LocalStepExecutor(new StepRunner(new ArtifactCodec(objects), Path.Combine(scratch, "scratch")));
            var result = await new WorkflowRunner(catalog, provenance, objects, executor)
                .RunAsync(workflow, new RunRequest { ResultsDirectory = Path.Combine(scratch, "results"), Mirrors = mirrors ?? [] }, cancellationToken).ConfigureAwait(false);
            if (result.Summary.Status != RunStatus.Succeeded)
            {
                var failed = result.Summary.Steps.Where(s => s.Status == RunStepStatus.Failed).Select(s => s.Detail);
                throw AuditException.SnapshotRunFailed(workflowPath, result.Summary.Status.ToString().ToLowerInvariant(), result.Summary.Error ?? string.Join("; ", failed));
            }

            var codec = new ArtifactCodec(objects);
            var steps = new JsonObject();
            foreach (var planned in result.Plan.Steps)
            {
                var report = result.Summary[planned.Id];
                var outputs = new JsonObject();
                var factorPorts = catalog.TryGet(planned.Step.Method.Reference, out var method)
                    ? method.FactorSets.SelectMany(f => f.Outputs.Concat(f.Companions)).ToHashSet(StringComparer.Ordinal) : [];
                foreach (var (port, hash) in report.Outputs.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    var kind = provenance.GetArtifact(hash)?.Kind ?? ArtifactKind.File;
                    var artifact = codec.Decode(hash, kind);
                    var output = new JsonObject
                    {
                        ["kind"] = kind,
                        ["sha256"] = hash.Hex,
                        ["summary"] = OutputSummary.Of(artifact),
                    };
                    if (factorPorts.Contains(port) && artifact is NdArray array && SnapshotFactors.Sketch(array) is { } sketch)
                    {
                        output["factors"] = sketch;
                    }

                    outputs[port] = output;
                }

                steps[planned.Id] = new JsonObject { ["method"] = planned.Step.Method.Reference.ToString(), ["outputs"] = outputs };
            }

            return new JsonObject
            {
                ["snapshot"] = "kiseki-snapshot/v1",
                ["workflow"] = workflow.Name,
                ["set"] = new JsonArray([.. set.Select(s => (JsonNode?)s)]),
                ["steps"] = steps,
            };
        }
        finally
        {
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The <c>--set</c> overrides a snapshot file was recorded with.</summary>
    public static IReadOnlyList<string> SetOf(JsonObject snapshot)
        => snapshot["set"] is JsonArray a ? [.. a.Select(n => n!.GetValue<string>())] : [];

    /// <summary>Writes a snapshot document.</summary>
    public static void Save(JsonObject snapshot, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, snapshot.ToJsonString(Indented) + "\n");
    }

    /// <summary>Reads a snapshot document.</summary>
    public static JsonObject Load(string path)
        => JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw AuditException.NotASnapshot(path);

    /// <summary>Compares a fresh recording with the stored snapshot.</summary>
    public IReadOnlyList<SnapshotFinding> Compare(JsonObject recorded, JsonObject fresh)
    {
        var findings = new List<SnapshotFinding>();
        var before = recorded["steps"] as JsonObject ?? [];
        var after = fresh["steps"] as JsonObject ?? [];
        foreach (var (stepId, node) in after)
        {
            var now = node!.AsObject();
            var method = now["method"]!.GetValue<string>();
            if (before[stepId] is not JsonObject old)
            {
                findings.Add(new SnapshotFinding(stepId, "", method, "", "a step the snapshot does not have (update the snapshot)", true));
                continue;
            }

            var oldMethod = old["method"]!.GetValue<string>();
            var bumped = oldMethod != method;
            MethodRef.TryParse(method, out var reference);
            var tolerance = Math.Max(MinimumTolerance, catalog.TryGet(reference, out var descriptor) ? descriptor.Attribute.RelativeTolerance : 0);
            var oldOutputs = old["outputs"] as JsonObject ?? [];
            var equivalent = EquivalentUpToOrder(descriptor, oldOutputs, now["outputs"]!.AsObject(), tolerance);
            foreach (var (port, output) in now["outputs"]!.AsObject())
            {
                if (oldOutputs[port] is not JsonObject oldOutput)
                {
                    findings.Add(new SnapshotFinding(stepId, port, method, oldMethod, "a new output", !bumped));
                    continue;
                }

                if (oldOutput["sha256"]?.GetValue<string>() == output!["sha256"]?.GetValue<string>())
                {
                    continue;
                }

                if (equivalent.TryGetValue(port, out var match))
                {
                    findings.Add(new SnapshotFinding(stepId, port, method, oldMethod, $"{FactorSetEquivalence.Outcome}: {match}", false));
                    continue;
                }

                var problem = Differences(oldOutput["summary"], output!["summary"], tolerance, "");
                if (problem is null)
                {
                    continue; // bytes differ, summaries agree within tolerance (or a figure with identical pixels)
                }

                findings.Add(new SnapshotFinding(stepId, port, method, oldMethod,
                    bumped ? $"output changed ({problem}); version bumped {oldMethod} → {method}: run `kiseki snapshot update`"
                           : $"output changed without a version bump of {method}: {problem}", !bumped));
            }

            foreach (var (port, _) in oldOutputs.Where(p => !now["outputs"]!.AsObject().ContainsKey(p.Key)))
            {
                findings.Add(new SnapshotFinding(stepId, port, method, oldMethod, "an output the snapshot has is no longer produced", !bumped));
            }
        }

        foreach (var (stepId, node) in before.Where(p => !after.ContainsKey(p.Key)))
        {
            findings.Add(new SnapshotFinding(stepId, "", "", node!["method"]?.GetValue<string>() ?? "", "a step the workflow no longer has (update the snapshot)", true));
        }

        return findings;
    }

    /// <summary>Per port, the matching of each declared factor set whose changed outputs agree up to component order/sign under <paramref name="tolerance"/>.</summary>
    private static Dictionary<string, FactorMatch> EquivalentUpToOrder(MethodDescriptor? method, JsonObject recorded, JsonObject fresh, double tolerance)
    {
        var result = new Dictionary<string, FactorMatch>(StringComparer.Ordinal);
        foreach (var set in method?.FactorSets ?? [])
        {
            if (SnapshotFactors.Match(set, recorded, fresh) is not { } match || match.IsIdentity || match.MaxRelativeError > tolerance)
            {
                continue;
            }

            foreach (var port in set.Outputs.Concat(set.Companions))
            {
                result[port] = match;
            }
        }

        return result;
    }

    /// <summary>The first difference between two summaries (exact for integers, text and hashes; relative for floats), or null.</summary>
    internal static string? Differences(JsonNode? a, JsonNode? b, double tolerance, string path)
    {
        switch (a, b)
        {
            case (JsonObject x, JsonObject y):
                var exact = x["integer"] is JsonValue i && i.TryGetValue<bool>(out var flag) && flag; // a JSON output may hold "integer" as data
                foreach (var key in x.Select(p => p.Key).Union(y.Select(p => p.Key)))
                {
                    var d = Differences(x[key], y[key], exact ? 0 : tolerance, path.Length == 0 ? key : $"{path}.{key}");
                    if (d is not null)
                    {
                        return d;
                    }
                }

                return null;
            case (JsonArray x, JsonArray y):
                if (x.Count != y.Count)
                {
                    return $"{path}: {x.ToJsonString()} → {y.ToJsonString()}";
                }

                for (var k = 0; k < x.Count; k++)
                {
                    var d = Differences(x[k], y[k], tolerance, $"{path}[{k}]");
                    if (d is not null)
                    {
                        return d;
                    }
                }

                return null;
            case (JsonValue x, JsonValue y) when x.TryGetValue<double>(out var p) && y.TryGetValue<double>(out var q):
                var isInteger = x.TryGetValue<long>(out _) && y.TryGetValue<long>(out _);
                var scale = Math.Max(Math.Abs(p), Math.Abs(q));
                return p.Equals(q) || (!isInteger && Math.Abs(p - q) <= tolerance * scale)
                    ? null
                    : string.Create(CultureInfo.InvariantCulture, $"{path}: {p:R} → {q:R}");
            default:
                return a?.ToJsonString() == b?.ToJsonString() ? null : $"{path}: {a?.ToJsonString() ?? "absent"} → {b?.ToJsonString() ?? "absent"}";
        }
    }
}
