using System.Globalization;
using System.Text.Json.Nodes;

namespace Kiseki.Provenance.Export;

/// <summary>
/// The machine-readable record of a run inside its crate (<c>kiseki-run.json</c>): what <c>kiseki reproduce</c> needs to
/// rebuild the run exactly — workflow file, resolved parameters, root seed, inputs (hash, URL, file in the crate), and per
/// step the method version, step key, seed, parameters, input hashes, environment and output files with their hashes.
/// </summary>
public static class CrateRunManifest
{
    /// <summary>The file name of the manifest inside a crate.</summary>
    public const string FileName = "kiseki-run.json";

    /// <summary>The format tag written as <c>format</c>.</summary>
    public const string Format = "kiseki-run-crate/1";

    internal static JsonObject Build(
        ExportedRun export, RunCrateOptions options, CrateFiles files, IReadOnlyDictionary<string, CrateFile> includedInputs, string workflowFile)
    {
        var run = export.Run;
        var kiseki = KisekiVersionOf(export.Environment?.ContentJson);
        var inputs = new JsonArray([.. options.Inputs.Select(i => (JsonNode?)new JsonObject
        {
            ["name"] = i.Name, ["sha256"] = i.Hash.Hex, ["size"] = i.Size, ["url"] = i.Url, ["path"] = i.DeclaredPath,
            ["file"] = includedInputs.TryGetValue(i.Name, out var f) ? f.Path : null,
        })]);
        var steps = new JsonArray();
        foreach (var step in export.Steps)
        {
            var execution = step.Execution;
            var entry = new JsonObject
            {
                ["id"] = step.Step.StepId, ["declared"] = step.Step.DeclaredStepId,
                ["status"] = step.Step.Status.ToString().ToLowerInvariant(), ["cache_hit"] = step.Step.CacheHit,
                ["method"] = execution?.MethodId, ["version"] = execution?.MethodVersion,
                ["declared_method"] = options.StepMethods.TryGetValue(step.Step.DeclaredStepId, out var m) ? m : null,
                ["step_key"] = step.Step.StepKey?.ToString(),
            };
            if (execution is not null)
            {
                entry["implementation"] = execution.ImplementationDigest;
                entry["seed"] = execution.Seed.ToString(CultureInfo.InvariantCulture);
                entry["parameters"] = JsonNode.Parse(execution.Parameters);
                entry["environment"] = files.Environments.TryGetValue(execution.EnvironmentId, out var env) ? env : null;
                entry["inputs"] = new JsonObject([.. execution.InputHashes.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value.ToString()))]);
                entry["outputs"] = new JsonObject([.. execution.OutputHashes.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Where(p => files.Outputs.ContainsKey(p.Value))
                    .Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Output(files.Outputs[p.Value])))]);
                entry["error"] = execution.Error;
            }

            steps.Add(entry);
        }

        return new JsonObject
        {
            ["format"] = Format,
            ["run"] = new JsonObject
            {
                ["id"] = run.Id, ["workflow_name"] = run.WorkflowName, ["workflow_path"] = run.WorkflowPath, ["workflow_file"] = workflowFile,
                ["workflow_sha256"] = run.WorkflowTextHash.Hex, ["parameters"] = JsonNode.Parse(run.ResolvedParameters),
                ["root_seed"] = run.RootSeed.ToString(CultureInfo.InvariantCulture), ["status"] = run.Status.ToString().ToLowerInvariant(),
                ["started"] = run.StartedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                ["finished"] = run.FinishedAt?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                ["git_commit"] = run.GitCommit, ["kiseki_version"] = kiseki, ["exported_by"] = options.ExporterVersion,
                ["environment"] = files.Environments.TryGetValue(run.EnvironmentId, out var runEnv) ? runEnv : null,
                ["error"] = run.Error,
            },
            ["inputs"] = inputs,
            ["steps"] = steps,
        };
    }

    /// <summary>The <c>kiseki</c> version field of an environment record's JSON, or <c>unknown</c>.</summary>
    public static string KisekiVersionOf(string? environmentJson)
    {
        try
        {
            return environmentJson is not null && JsonNode.Parse(environmentJson)?["kiseki"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : "unknown";
        }
        catch (System.Text.Json.JsonException)
        {
            return "unknown";
        }
    }

    private static JsonObject Output(CrateOutput output) => new()
    {
        ["artifact"] = output.Artifact.ToString(), ["kind"] = output.Kind,
        ["files"] = new JsonArray([.. output.Files.Select(f => (JsonNode?)new JsonObject { ["path"] = f.Path, ["sha256"] = f.Sha256, ["role"] = f.Role })]),
    };
}
