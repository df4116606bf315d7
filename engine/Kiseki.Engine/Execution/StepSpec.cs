using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Execution;

/// <summary>
/// The spec file of <c>kiseki exec-step</c>: one planned step (method, canonical parameters, input object hashes,
/// seed, object-store path, result path) and the result file it writes. Plain JSON so any executor can produce it.
/// </summary>
public static class StepSpec
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The spec JSON of <paramref name="work"/>.</summary>
    public static JsonObject Write(StepWork work, string storeDirectory, string resultPath)
    {
        var inputs = new JsonObject();
        foreach (var (port, input) in work.Inputs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            inputs[port] = new JsonObject { ["hash"] = input.Hash.ToString(), ["kind"] = input.Kind, ["path"] = input.Path };
        }

        var spec = new JsonObject
        {
            ["version"] = 1,
            ["step"] = work.StepId,
            ["method"] = work.Method.Reference.ToString(),
            ["params"] = work.Parameters.DeepClone(),
            ["inputs"] = inputs,
            ["seed"] = work.Seed,
            ["threads"] = work.Threads,
            ["store"] = storeDirectory,
            ["result"] = resultPath,
        };
        if (Commands.CommandSpecJson.Write(work.Command) is { } command)
        {
            spec["command"] = command;
        }

        return spec;
    }

    /// <summary>Reads a spec: the work, the store folder and the result path.</summary>
    public static (StepWork Work, string Store, string ResultPath) Read(JsonObject spec, MethodCatalog catalog, string specPath)
    {
        var methodText = Required(spec, "method", specPath).GetValue<string>();
        var command = Commands.CommandSpecJson.Read(spec["command"]);
        var method = command is not null ? Commands.CommandMethod.Descriptor : null;
        if (method is null && (!MethodRef.TryParse(methodText, out var reference) || !catalog.TryGet(reference, out method)))
        {
            throw StepSpecErrors.UnknownMethod(specPath, methodText);
        }

        var inputs = new Dictionary<string, InputReference>(StringComparer.Ordinal);
        foreach (var (port, node) in Required(spec, "inputs", specPath).AsObject())
        {
            inputs[port] = new InputReference(
                ContentHash.Parse(node!["hash"]!.GetValue<string>()), node["kind"]!.GetValue<string>(),
                node["path"]?.GetValue<string>());
        }

        var work = new StepWork(
            Required(spec, "step", specPath).GetValue<string>(), method, Required(spec, "params", specPath).AsObject(),
            inputs, Required(spec, "seed", specPath).GetValue<ulong>(), spec["threads"]?.GetValue<int>() ?? 1)
        {
            Command = command,
        };
        var result = spec["result"]?.GetValue<string>() ?? specPath + ".result.json";
        return (work, Required(spec, "store", specPath).GetValue<string>(), result);
    }

    /// <summary>The result JSON of an outcome.</summary>
    public static JsonObject WriteResult(StepOutcome outcome)
    {
        var outputs = new JsonObject();
        foreach (var (port, stored) in outcome.Outputs)
        {
            outputs[port] = new JsonObject
            {
                ["hash"] = stored.Hash.ToString(),
                ["kind"] = stored.Kind,
                ["mediaType"] = stored.MediaType,
                ["size"] = stored.Size,
                ["shape"] = stored.Shape is null ? null : new JsonArray([.. stored.Shape.Select(d => (JsonNode?)d)]),
                ["dtype"] = stored.DType,
                ["blobs"] = new JsonArray([.. stored.Blobs.Select(b => (JsonNode?)b.ToString())]),
            };
        }

        var metrics = new JsonObject();
        foreach (var (name, value) in outcome.Metrics.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            metrics[name] = double.IsFinite(value) ? value : null;
        }

        return new JsonObject
        {
            ["status"] = outcome.Status.ToString().ToLowerInvariant(),
            ["outputs"] = outputs,
            ["convergence"] = outcome.Convergence is { } c
                ? new JsonObject { ["converged"] = c.Converged, ["iterations"] = c.Iterations, ["reason"] = c.Reason }
                : null,
            ["metrics"] = metrics,
            ["log"] = outcome.LogExcerpt,
            ["error"] = outcome.Error,
            ["startedAt"] = outcome.StartedAt.ToString("O", CultureInfo.InvariantCulture),
            ["finishedAt"] = outcome.FinishedAt.ToString("O", CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Reads a result file back into an outcome.</summary>
    public static StepOutcome ReadResult(JsonObject result)
    {
        var outputs = new Dictionary<string, StoredArtifact>(StringComparer.Ordinal);
        foreach (var (port, node) in result["outputs"]!.AsObject())
        {
            outputs[port] = new StoredArtifact(
                ContentHash.Parse(node!["hash"]!.GetValue<string>()), node["kind"]!.GetValue<string>(),
                node["mediaType"]!.GetValue<string>(), node["size"]!.GetValue<long>(),
                node["shape"] is JsonArray shape ? [.. shape.Select(d => d!.GetValue<int>())] : null,
                node["dtype"]?.GetValue<string>(),
                [.. node["blobs"]!.AsArray().Select(b => ContentHash.Parse(b!.GetValue<string>()))]);
        }

        var metrics = result["metrics"]!.AsObject()
            .ToDictionary(p => p.Key, p => p.Value?.GetValue<double>() ?? double.NaN, StringComparer.Ordinal);
        var convergence = result["convergence"] is JsonObject c
            ? new Convergence(c["converged"]!.GetValue<bool>(), c["iterations"]!.GetValue<int>(), c["reason"]!.GetValue<string>())
            : null;
        var status = result["status"]!.GetValue<string>() switch
        {
            "succeeded" => StepOutcomeStatus.Succeeded,
            "cancelled" => StepOutcomeStatus.Cancelled,
            _ => StepOutcomeStatus.Failed,
        };
        return new StepOutcome(
            status, outputs, convergence, metrics, result["log"]?.GetValue<string>() ?? "", result["error"]?.GetValue<string>(),
            DateTimeOffset.Parse(result["startedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(result["finishedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture));
    }

    /// <summary>Writes JSON to a file atomically (temp file + rename).</summary>
    public static void WriteFile(string path, JsonNode node)
    {
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temp, node.ToJsonString(Indented));
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>
    /// Runs a spec file in this process (what <c>kiseki exec-step</c> does): writes objects into the spec's store and
    /// the result file; never opens the provenance database. Returns the outcome.
    /// </summary>
    public static async Task<StepOutcome> ExecuteFileAsync(string specPath, MethodCatalog catalog, CancellationToken cancellationToken)
    {
        var spec = JsonNode.Parse(await File.ReadAllTextAsync(specPath, cancellationToken).ConfigureAwait(false))?.AsObject()
                   ?? throw StepSpecErrors.NotAnObject(specPath);
        var (work, store, resultPath) = Read(spec, catalog, specPath);
        var objects = ObjectStore.Open(store);
        var runner = new StepRunner(new ArtifactCodec(objects), Path.Combine(objects.Root, "scratch"));
        var outcome = await runner.RunAsync(work, new Progress<StepProgress>(), cancellationToken).ConfigureAwait(false);
        WriteFile(resultPath, WriteResult(outcome));
        return outcome;
    }

    private static JsonNode Required(JsonObject spec, string name, string specPath)
        => spec[name] ?? throw StepSpecErrors.Missing(specPath, name);
}
