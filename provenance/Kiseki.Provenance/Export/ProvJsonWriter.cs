using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Provenance.Export;

/// <summary>
/// Writes a run as W3C PROV-JSON: artifacts (and the workflow text) as entities, the run and each step execution as
/// activities, Kiseki and each method version as software agents, with <c>used</c>, <c>wasGeneratedBy</c>,
/// <c>wasAssociatedWith</c>, <c>wasInformedBy</c> and the run's plan as an association plan.
/// </summary>
public static class ProvJsonWriter
{
    /// <summary>The PROV-JSON document of <paramref name="export"/>.</summary>
    public static JsonObject Build(ExportedRun export)
    {
        var run = export.Run;
        var entity = new JsonObject();
        var activity = new JsonObject();
        var agent = new JsonObject();
        var used = new JsonObject();
        var generated = new JsonObject();
        var associated = new JsonObject();
        var informed = new JsonObject();
        var counter = 0;
        string Next(string prefix) => $"_:{prefix}{(++counter).ToString(CultureInfo.InvariantCulture)}";

        var runActivity = $"kiseki:run/{run.Id}";
        var plan = $"sha256:{run.WorkflowTextHash.Hex}";
        entity[plan] = new JsonObject
        {
            ["prov:type"] = new JsonArray("prov:Plan", "kiseki:workflow"), ["prov:label"] = run.WorkflowName, ["kiseki:path"] = run.WorkflowPath,
        };
        activity[runActivity] = new JsonObject
        {
            ["prov:startTime"] = Time(run.StartedAt), ["prov:endTime"] = run.FinishedAt is { } f ? Time(f) : null,
            ["prov:type"] = "kiseki:run", ["kiseki:status"] = run.Status.ToString().ToLowerInvariant(),
            ["kiseki:parameters"] = run.ResolvedParameters, ["kiseki:rootSeed"] = run.RootSeed.ToString(CultureInfo.InvariantCulture),
            ["kiseki:environment"] = run.EnvironmentId.ToString(),
        };
        agent["kiseki:engine"] = new JsonObject { ["prov:type"] = "prov:SoftwareAgent", ["prov:label"] = "Kiseki" };
        associated[Next("a")] = new JsonObject { ["prov:activity"] = runActivity, ["prov:agent"] = "kiseki:engine", ["prov:plan"] = plan };

        foreach (var step in export.Steps)
        {
            if (step.Execution is not { } execution)
            {
                continue;
            }

            var act = $"kiseki:execution/{execution.StepKey.Hex}";
            var method = $"kiseki:method/{execution.MethodId}@{execution.MethodVersion.ToString(CultureInfo.InvariantCulture)}";
            agent[method] = new JsonObject
            {
                ["prov:type"] = "prov:SoftwareAgent", ["prov:label"] = $"{execution.MethodId}@{execution.MethodVersion.ToString(CultureInfo.InvariantCulture)}",
                ["kiseki:implementation"] = execution.ImplementationDigest,
            };
            if (!activity.ContainsKey(act))
            {
                activity[act] = new JsonObject
                {
                    ["prov:startTime"] = Time(execution.StartedAt), ["prov:endTime"] = Time(execution.FinishedAt),
                    ["prov:label"] = step.Step.StepId, ["prov:type"] = "kiseki:step",
                    ["kiseki:cached"] = step.Step.CacheHit, ["kiseki:computedByRun"] = execution.RunId,
                    ["kiseki:parameters"] = execution.Parameters, ["kiseki:seed"] = execution.Seed.ToString(CultureInfo.InvariantCulture),
                    ["kiseki:status"] = execution.Status.ToString().ToLowerInvariant(),
                };
                associated[Next("a")] = new JsonObject { ["prov:activity"] = act, ["prov:agent"] = method };
                foreach (var (port, hash) in execution.InputHashes.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    AddEntity(export, entity, hash);
                    used[Next("u")] = new JsonObject { ["prov:activity"] = act, ["prov:entity"] = Id(hash), ["prov:role"] = "kiseki:" + port };
                }

                foreach (var (port, hash) in execution.OutputHashes.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    AddEntity(export, entity, hash);
                    generated[Next("g")] = new JsonObject
                    {
                        ["prov:entity"] = Id(hash), ["prov:activity"] = act, ["prov:role"] = "kiseki:" + port, ["prov:time"] = Time(execution.FinishedAt),
                    };
                }
            }

            informed[Next("i")] = new JsonObject { ["prov:informed"] = act, ["prov:informant"] = runActivity };
        }

        return new JsonObject
        {
            ["prefix"] = new JsonObject
            {
                ["kiseki"] = "https://w3id.org/kiseki/ns#",
                ["sha256"] = "urn:sha256:",
                ["prov"] = "http://www.w3.org/ns/prov#",
            },
            ["entity"] = entity,
            ["activity"] = activity,
            ["agent"] = agent,
            ["used"] = used,
            ["wasGeneratedBy"] = generated,
            ["wasAssociatedWith"] = associated,
            ["wasInformedBy"] = informed,
        };
    }

    /// <summary>Writes the PROV-JSON document to <paramref name="path"/>.</summary>
    public static void Write(ExportedRun export, string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        File.WriteAllText(path, Build(export).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static void AddEntity(ExportedRun export, JsonObject entity, ContentHash hash)
    {
        var id = Id(hash);
        if (entity.ContainsKey(id))
        {
            return;
        }

        var record = export.Store.GetArtifact(hash);
        entity[id] = new JsonObject
        {
            ["prov:type"] = "kiseki:" + (record?.Kind ?? ArtifactKind.File),
            ["kiseki:mediaType"] = record?.MediaType,
            ["kiseki:size"] = record?.Size,
            ["kiseki:external"] = record?.ProducedBy is null,
        };
    }

    private static string Id(ContentHash hash) => "sha256:" + hash.Hex;

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
}
