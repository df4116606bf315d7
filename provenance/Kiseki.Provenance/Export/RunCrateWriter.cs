using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Provenance.Export;

/// <summary>
/// Writes a Workflow Run RO-Crate following the Provenance Run Crate profile (0.5): <c>ro-crate-metadata.json</c> with
/// the root Dataset, the workflow text as a ComputationalWorkflow, the engine's OrganizeAction, one ControlAction and
/// one CreateAction per executed step (instrument: the method as SoftwareApplication; object: input files and
/// parameters as PropertyValue; result: output files), and each output file copied in under <c>outputs/</c> with its
/// sha256. External input files are described (hash, size) but not copied.
/// </summary>
public static class RunCrateWriter
{
    private const string Context = "https://w3id.org/ro/crate/1.1/context";
    private static readonly string[] Profiles =
    [
        "https://w3id.org/ro/wfrun/process/0.5", "https://w3id.org/ro/wfrun/workflow/0.5",
        "https://w3id.org/ro/wfrun/provenance/0.5", "https://w3id.org/workflowhub/workflow-ro-crate/1.0",
    ];

    /// <summary>Writes the crate into <paramref name="directory"/> (created; must be empty or absent); returns the metadata path.</summary>
    public static string WriteFolder(ExportedRun export, string directory)
    {
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new IOException($"{directory} is not empty; give an empty or new folder with --out.");
        }

        Directory.CreateDirectory(directory);
        var graph = new JsonArray();
        var files = new Dictionary<ContentHash, string>();
        var run = export.Run;
        var workflowFile = "workflow.yaml";
        File.WriteAllText(Path.Combine(directory, workflowFile), run.WorkflowText);

        var executed = export.Steps.Where(s => s.Execution is { Status: ExecutionStatus.Succeeded }).ToList();
        foreach (var step in executed)
        {
            foreach (var (port, hash) in step.Execution!.OutputHashes.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (files.ContainsKey(hash))
                {
                    continue;
                }

                var record = export.Store.GetArtifact(hash);
                var source = export.ObjectPath(export.DataObject(hash, record));
                if (!File.Exists(source))
                {
                    throw new IOException($"output {step.Step.StepId}.{port} ({hash}) is missing from the store ({source}); run `kiseki verify {run.Id}`.");
                }

                var relative = $"outputs/{ExportedRun.SafeName(step.Step.StepId)}/{ExportedRun.SafeName(port)}{ExportedRun.Extension(record?.Kind ?? "")}";
                var target = ExportedRun.Inside(directory, relative);
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(source, target);
                files[hash] = relative;
                graph.Add(FileEntity(relative, target, record?.MediaType ?? "application/octet-stream", $"{step.Step.StepId}.{port}"));
            }
        }

        var methods = new SortedDictionary<string, ExecutionRecord>(StringComparer.Ordinal);
        var actions = new JsonArray();
        var controls = new JsonArray();
        var steps = new JsonArray();
        var inputs = new Dictionary<ContentHash, string>();
        var position = 0;
        foreach (var step in export.Steps)
        {
            var stepId = ExportedRun.SafeName(step.Step.StepId);
            var howTo = $"#step-{stepId}";
            var execution = step.Execution;
            var stepEntity = new JsonObject { ["@id"] = howTo, ["@type"] = "HowToStep", ["name"] = step.Step.StepId, ["position"] = (position++).ToString(CultureInfo.InvariantCulture) };
            steps.Add(Ref(howTo));
            graph.Add(stepEntity);
            if (execution is null)
            {
                continue;
            }

            var methodId = MethodId(execution);
            methods.TryAdd(methodId, execution);
            stepEntity["workExample"] = Ref(methodId);
            var action = $"#action-{stepId}";
            var objects = new JsonArray();
            foreach (var (port, hash) in execution.InputHashes.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                if (files.TryGetValue(hash, out var file))
                {
                    objects.Add(Ref(file));
                }
                else
                {
                    if (!inputs.TryGetValue(hash, out var id))
                    {
                        id = inputs[hash] = $"#input-{hash.Hex[..16]}";
                        var record = export.Store.GetArtifact(hash);
                        graph.Add(new JsonObject
                        {
                            ["@id"] = id, ["@type"] = "File", ["name"] = $"external input ({port})",
                            ["sha256"] = hash.Hex, ["contentSize"] = record?.Size.ToString(CultureInfo.InvariantCulture),
                            ["description"] = "An external input file of the workflow (identified by content hash; not copied into the crate).",
                        });
                    }

                    objects.Add(Ref(id));
                }
            }

            if (JsonNode.Parse(execution.Parameters) is JsonObject parameters)
            {
                foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    var id = $"#param-{stepId}-{name}";
                    graph.Add(new JsonObject
                    {
                        ["@id"] = id, ["@type"] = "PropertyValue", ["name"] = name, ["value"] = Value(value),
                        ["exampleOfWork"] = Ref($"{methodId}-param-{name}"),
                    });
                    objects.Add(Ref(id));
                }
            }

            graph.Add(new JsonObject
            {
                ["@id"] = action,
                ["@type"] = "CreateAction",
                ["name"] = $"Run of step {step.Step.StepId} ({execution.MethodId}@{execution.MethodVersion})",
                ["instrument"] = Ref(methodId),
                ["object"] = objects,
                ["result"] = new JsonArray([.. execution.OutputHashes.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Where(p => files.ContainsKey(p.Value)).Select(p => (JsonNode?)Ref(files[p.Value]))]),
                ["startTime"] = Time(execution.StartedAt),
                ["endTime"] = Time(execution.FinishedAt),
                ["actionStatus"] = execution.Status == ExecutionStatus.Succeeded ? "http://schema.org/CompletedActionStatus" : "http://schema.org/FailedActionStatus",
                ["error"] = execution.Error,
                ["description"] = step.Step.CacheHit ? $"Reused from the cache: computed by run {execution.RunId}." : null,
                ["identifier"] = execution.StepKey.ToString(),
            });
            var control = $"#control-{stepId}";
            graph.Add(new JsonObject { ["@id"] = control, ["@type"] = "ControlAction", ["instrument"] = Ref(howTo), ["object"] = Ref(action) });
            controls.Add(Ref(control));
            actions.Add(Ref(action));
        }

        foreach (var (id, execution) in methods)
        {
            var parameterIds = new JsonArray();
            if (JsonNode.Parse(execution.Parameters) is JsonObject parameters)
            {
                foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    graph.Add(new JsonObject
                    {
                        ["@id"] = $"{id}-param-{name}", ["@type"] = "FormalParameter", ["name"] = name, ["additionalType"] = TypeOf(value),
                        ["conformsTo"] = Ref("https://bioschemas.org/profiles/FormalParameter/1.0-RELEASE"),
                    });
                    parameterIds.Add(Ref($"{id}-param-{name}"));
                }
            }

            graph.Add(new JsonObject
            {
                ["@id"] = id, ["@type"] = "SoftwareApplication", ["name"] = execution.MethodId,
                ["softwareVersion"] = execution.MethodVersion.ToString(CultureInfo.InvariantCulture),
                ["identifier"] = execution.ImplementationDigest, ["input"] = parameterIds,
            });
        }

        var runAction = $"#run-{run.Id}";
        var published = new JsonArray([.. files.Values.Order(StringComparer.Ordinal).Select(f => (JsonNode?)Ref(f))]);
        graph.Add(new JsonObject
        {
            ["@id"] = runAction, ["@type"] = "CreateAction", ["name"] = $"Run {run.Id} of workflow {run.WorkflowName}",
            ["instrument"] = Ref(workflowFile),
            ["object"] = new JsonArray([.. inputs.Values.Select(i => (JsonNode?)Ref(i))]),
            ["result"] = published,
            ["startTime"] = Time(run.StartedAt), ["endTime"] = run.FinishedAt is { } f ? Time(f) : null,
            ["actionStatus"] = run.Status == RunStatus.Succeeded ? "http://schema.org/CompletedActionStatus" : "http://schema.org/FailedActionStatus",
            ["error"] = run.Error,
            ["identifier"] = run.Id,
            ["description"] = $"Resolved parameters {run.ResolvedParameters}; root seed {run.RootSeed.ToString(CultureInfo.InvariantCulture)}.",
        });
        graph.Add(new JsonObject
        {
            ["@id"] = $"#organize-{run.Id}", ["@type"] = "OrganizeAction", ["name"] = "Orchestration of the run by Kiseki",
            ["instrument"] = Ref("#kiseki"), ["object"] = controls, ["result"] = Ref(runAction),
            ["startTime"] = Time(run.StartedAt), ["endTime"] = run.FinishedAt is { } g ? Time(g) : null,
        });
        graph.Add(new JsonObject
        {
            ["@id"] = "#kiseki", ["@type"] = "SoftwareApplication", ["name"] = "Kiseki",
            ["description"] = export.Environment?.ContentJson,
        });
        graph.Add(new JsonObject
        {
            ["@id"] = "#kiseki-language", ["@type"] = "ComputerLanguage", ["name"] = "Kiseki workflow", ["version"] = "1",
        });
        graph.Add(new JsonObject
        {
            ["@id"] = workflowFile,
            ["@type"] = new JsonArray("File", "SoftwareSourceCode", "ComputationalWorkflow", "HowTo"),
            ["name"] = run.WorkflowName,
            ["programmingLanguage"] = Ref("#kiseki-language"),
            ["sha256"] = Sha256(Path.Combine(directory, workflowFile)),
            ["encodingFormat"] = "application/yaml",
            ["hasPart"] = new JsonArray([.. methods.Keys.Select(m => (JsonNode?)Ref(m))]),
            ["step"] = steps,
        });
        var parts = new JsonArray(Ref(workflowFile));
        foreach (var file in files.Values.Order(StringComparer.Ordinal))
        {
            parts.Add(Ref(file));
        }

        graph.Insert(0, new JsonObject
        {
            ["@id"] = "./", ["@type"] = "Dataset", ["name"] = $"Kiseki run {run.Id} of {run.WorkflowName}",
            ["description"] = $"Workflow Run RO-Crate of run {run.Id} ({run.Status.ToString().ToLowerInvariant()}).",
            ["datePublished"] = Time(run.FinishedAt ?? run.StartedAt),
            ["conformsTo"] = new JsonArray([.. Profiles.Select(p => (JsonNode?)Ref(p))]),
            ["mainEntity"] = Ref(workflowFile),
            ["hasPart"] = parts,
            ["mentions"] = new JsonArray([Ref(runAction), .. actions.Select(a => a!.DeepClone())]),
        });
        graph.Insert(0, new JsonObject
        {
            ["@id"] = "ro-crate-metadata.json", ["@type"] = "CreativeWork",
            ["conformsTo"] = Ref("https://w3id.org/ro/crate/1.1"), ["about"] = Ref("./"),
        });
        foreach (var profile in Profiles)
        {
            graph.Add(new JsonObject { ["@id"] = profile, ["@type"] = "CreativeWork", ["name"] = profile });
        }

        RemoveNulls(graph);
        var metadata = new JsonObject { ["@context"] = Context, ["@graph"] = graph };
        var path = Path.Combine(directory, "ro-crate-metadata.json");
        File.WriteAllText(path, metadata.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    /// <summary>Writes the crate as a zip file (the folder layout at the archive root).</summary>
    public static void WriteZip(ExportedRun export, string zipPath)
    {
        var temp = Path.Combine(Path.GetTempPath(), "kiseki-crate-" + Guid.NewGuid().ToString("N"));
        try
        {
            WriteFolder(export, temp);
            if (File.Exists(zipPath))
            {
                throw new IOException($"{zipPath} exists; give a new file name with --out.");
            }

            ZipFile.CreateFromDirectory(temp, zipPath, CompressionLevel.Optimal, includeBaseDirectory: false);
        }
        finally
        {
            if (Directory.Exists(temp))
            {
                Directory.Delete(temp, recursive: true);
            }
        }
    }

    private static JsonObject FileEntity(string id, string path, string mediaType, string name) => new()
    {
        ["@id"] = id, ["@type"] = "File", ["name"] = name, ["encodingFormat"] = mediaType,
        ["contentSize"] = new FileInfo(path).Length.ToString(CultureInfo.InvariantCulture), ["sha256"] = Sha256(path),
    };

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string MethodId(ExecutionRecord e) => $"#method-{e.MethodId}@{e.MethodVersion.ToString(CultureInfo.InvariantCulture)}";

    private static JsonObject Ref(string id) => new() { ["@id"] = id };

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    private static JsonNode? Value(JsonNode? value)
        => value is JsonValue v && (v.TryGetValue<double>(out _) || v.TryGetValue<string>(out _) || v.TryGetValue<bool>(out _))
            ? value.DeepClone()
            : value?.ToJsonString();

    private static string TypeOf(JsonNode? value) => value switch
    {
        JsonValue v when v.TryGetValue<long>(out _) => "Integer",
        JsonValue v when v.TryGetValue<double>(out _) => "Float",
        JsonValue v when v.TryGetValue<bool>(out _) => "Boolean",
        JsonArray => "Collection",
        _ => "Text",
    };

    private static void RemoveNulls(JsonArray graph)
    {
        foreach (var entity in graph.OfType<JsonObject>())
        {
            foreach (var key in entity.Where(p => p.Value is null).Select(p => p.Key).ToList())
            {
                entity.Remove(key);
            }
        }
    }
}
