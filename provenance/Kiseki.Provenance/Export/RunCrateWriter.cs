using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using static Kiseki.Provenance.Export.CrateJson;

namespace Kiseki.Provenance.Export;

/// <summary>
/// Writes a self-contained Workflow Run RO-Crate following RO-Crate 1.1 and the Provenance Run Crate profile (0.5):
/// <c>ro-crate-metadata.json</c> with the root Dataset (licence, date, profiles), the workflow text as a
/// ComputationalWorkflow whose HowToSteps name their method (workExample), the engine's OrganizeAction, one ControlAction
/// and CreateAction per executed step (instrument: the method; object: input files and typed parameter PropertyValues;
/// result: output files; the step's environment), the run's CreateAction with the workflow parameters and root seed,
/// output files in standard formats with SHA-256, external inputs copied in or referenced by name, URL and SHA-256, the
/// environment records, and <see cref="CrateRunManifest"/> for <c>kiseki reproduce</c>.
/// </summary>
public static class RunCrateWriter
{
    private const string Context = "https://w3id.org/ro/crate/1.1/context";
    private const string WorkflowFile = "workflow.yaml";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly string[] Profiles =
    [
        "https://w3id.org/ro/wfrun/process/0.5", "https://w3id.org/ro/wfrun/workflow/0.5",
        "https://w3id.org/ro/wfrun/provenance/0.5", "https://w3id.org/workflowhub/workflow-ro-crate/1.0",
    ];

    /// <summary>Writes the crate into <paramref name="directory"/> (created; must be empty or absent); returns the metadata path.</summary>
    public static string WriteFolder(ExportedRun export, string directory, RunCrateOptions? options = null)
    {
        options ??= new RunCrateOptions();
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
        {
            throw new IOException($"{directory} is not empty; give an empty or new folder with --out.");
        }

        Directory.CreateDirectory(directory);
        var graph = new JsonArray();
        var run = export.Run;
        File.WriteAllText(Path.Combine(directory, WorkflowFile), run.WorkflowText);
        var files = new CrateFiles(export, directory);
        files.AddEnvironment(run.EnvironmentId);
        foreach (var step in export.Steps.Where(s => s.Execution is { Status: ExecutionStatus.Succeeded }))
        {
            files.AddOutputs(step.Step.StepId, step.Execution!);
        }

        foreach (var output in files.Outputs.Values)
        {
            foreach (var file in output.Files)
            {
                graph.Add(CrateFiles.Entity(file, file.Path, file.Role == "axes" ? "application/json" : output.MediaType,
                    file.Role == "axes" ? "Axes, signal and source metadata of the spectrum image beside it (the store's manifest)." : null));
            }
        }

        var inputIds = AddInputs(options, files, graph, out var included);
        var methods = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var formals = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        var actions = new List<string>();
        var controls = new List<string>();
        var steps = new List<string>();
        var position = 0;
        foreach (var step in export.Steps)
        {
            var stepId = ExportedRun.SafeName(step.Step.StepId);
            var howTo = $"#step-{stepId}";
            steps.Add(howTo);
            var execution = step.Execution;
            var methodRef = execution is not null ? $"{execution.MethodId}@{execution.MethodVersion.ToString(CultureInfo.InvariantCulture)}"
                : options.StepMethods.TryGetValue(step.Step.DeclaredStepId, out var declared) ? declared : null;
            var stepEntity = new JsonObject { ["@id"] = howTo, ["@type"] = "HowToStep", ["name"] = step.Step.StepId, ["position"] = (position++).ToString(CultureInfo.InvariantCulture) };
            graph.Add(stepEntity);
            if (methodRef is not null)
            {
                stepEntity["workExample"] = Ref(Tool(methods, formals, methodRef, execution));
            }

            if (execution is null)
            {
                stepEntity["description"] = $"Not executed in this run ({step.Step.Status.ToString().ToLowerInvariant()}"
                                            + (step.Step.SkippedBecause is { } because ? $" because {because} failed" : "") + ").";
                continue;
            }

            var methodId = Tool(methods, formals, methodRef!, execution);
            var objects = new List<string>();
            foreach (var (_, hash) in execution.InputHashes.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                objects.Add(files.Outputs.TryGetValue(hash, out var produced) ? produced.Files[0].Path : inputIds.GetValueOrDefault(hash, $"#artifact-{hash.Hex[..16]}"));
                if (!files.Outputs.ContainsKey(hash) && !inputIds.ContainsKey(hash))
                {
                    inputIds[hash] = objects[^1];
                    graph.Add(new JsonObject { ["@id"] = objects[^1], ["@type"] = "File", ["name"] = $"input of {step.Step.StepId}", ["sha256"] = hash.Hex });
                }
            }

            if (JsonNode.Parse(execution.Parameters) is JsonObject parameters)
            {
                foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    graph.Add(PropertyValue($"#param-{stepId}-{name}", name, value, $"{methodId}-param-{name}"));
                    objects.Add($"#param-{stepId}-{name}");
                }
            }

            foreach (var (row, text) in CommandKeyRows.Of(execution.KeyComponents))
            {
                var name = row == "argv" ? "command" : row;
                var value = JsonValue.Create(text);
                // A command step's code and environment as installed: command line, source hashes, executable, probe output, container digest.
                var formal = $"{methodId}-command-{ExportedRun.SafeName(name)}";
                if (formals.TryAdd(formal, FormalParameter(formal, name, "Text")))
                {
                    methods[methodId]["input"]!.AsArray().Add(Ref(formal));
                }

                graph.Add(PropertyValue($"#command-{stepId}-{ExportedRun.SafeName(name)}", name, value, formal));
                objects.Add($"#command-{stepId}-{ExportedRun.SafeName(name)}");
            }

            var action = $"#action-{stepId}";
            var environment = files.AddEnvironment(execution.EnvironmentId);
            graph.Add(new JsonObject
            {
                ["@id"] = action,
                ["@type"] = "CreateAction",
                ["name"] = $"Run of step {step.Step.StepId} ({methodRef})",
                ["instrument"] = Ref(methodId),
                ["object"] = Refs(objects),
                ["result"] = Refs(execution.OutputHashes.OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Where(p => files.Outputs.ContainsKey(p.Value)).SelectMany(p => files.Outputs[p.Value].Files.Select(f => f.Path)).Distinct()),
                ["startTime"] = Time(execution.StartedAt),
                ["endTime"] = Time(execution.FinishedAt),
                ["actionStatus"] = execution.Status == ExecutionStatus.Succeeded ? "http://schema.org/CompletedActionStatus" : "http://schema.org/FailedActionStatus",
                ["error"] = execution.Error,
                ["description"] = step.Step.CacheHit ? $"Reused from the cache: computed by run {execution.RunId}." : null,
                ["identifier"] = execution.StepKey.ToString(),
                [EnvironmentTerm] = environment is null ? null : Ref(environment),
            });
            var control = $"#control-{stepId}";
            graph.Add(new JsonObject { ["@id"] = control, ["@type"] = "ControlAction", ["instrument"] = Ref(howTo), ["object"] = Ref(action) });
            controls.Add(control);
            actions.Add(action);
        }

        foreach (var entity in methods.Values.Concat(formals.Values))
        {
            graph.Add(entity);
        }
        var workflowParameters = AddRunParameters(run, graph, out var runObjects);
        var runAction = $"#run-{run.Id}";
        graph.Add(new JsonObject
        {
            ["@id"] = runAction, ["@type"] = "CreateAction", ["name"] = $"Run {run.Id} of workflow {run.WorkflowName}",
            ["instrument"] = Ref(WorkflowFile),
            ["object"] = Refs(inputIds.Values.Distinct().Concat(runObjects)),
            ["result"] = Refs(files.Outputs.Values.SelectMany(o => o.Files.Select(f => f.Path)).Order(StringComparer.Ordinal)),
            ["startTime"] = Time(run.StartedAt), ["endTime"] = run.FinishedAt is { } f ? Time(f) : null,
            ["actionStatus"] = run.Status == RunStatus.Succeeded ? "http://schema.org/CompletedActionStatus" : "http://schema.org/FailedActionStatus",
            ["error"] = run.Error,
            ["identifier"] = run.Id,
            ["description"] = $"Resolved parameters {run.ResolvedParameters}; root seed {run.RootSeed.ToString(CultureInfo.InvariantCulture)}.",
            [EnvironmentTerm] = files.Environments.TryGetValue(run.EnvironmentId, out var runEnvironment) ? Ref(runEnvironment) : null,
        });
        graph.Add(new JsonObject
        {
            ["@id"] = $"#organize-{run.Id}", ["@type"] = "OrganizeAction", ["name"] = "Orchestration of the run by Kiseki",
            ["instrument"] = Ref("#kiseki"), ["object"] = Refs(controls), ["result"] = Ref(runAction),
            ["startTime"] = Time(run.StartedAt), ["endTime"] = run.FinishedAt is { } g ? Time(g) : null,
        });
        graph.Add(new JsonObject
        {
            ["@id"] = "#kiseki", ["@type"] = "SoftwareApplication", ["name"] = "Kiseki",
            ["softwareVersion"] = CrateRunManifest.KisekiVersionOf(export.Environment?.ContentJson),
            ["description"] = $"The workflow engine that ran the workflow; the crate was written by Kiseki {options.ExporterVersion}.",
        });
        graph.Add(new JsonObject { ["@id"] = "#kiseki-language", ["@type"] = "ComputerLanguage", ["name"] = "Kiseki workflow", ["version"] = "1" });
        graph.Add(new JsonObject
        {
            ["@id"] = WorkflowFile,
            ["@type"] = new JsonArray("File", "SoftwareSourceCode", "ComputationalWorkflow", "HowTo"),
            ["name"] = run.WorkflowName,
            ["programmingLanguage"] = Ref("#kiseki-language"),
            ["sha256"] = CrateFiles.Sha256(Path.Combine(directory, WorkflowFile)),
            ["encodingFormat"] = "application/yaml",
            ["hasPart"] = Refs(methods.Keys),
            ["step"] = Refs(steps),
            ["input"] = Refs(workflowParameters),
        });

        var manifest = CrateRunManifest.Build(export, options, files, included, WorkflowFile);
        File.WriteAllText(Path.Combine(directory, CrateRunManifest.FileName), manifest.ToJsonString(Indented));
        graph.Add(CrateFiles.Entity(new CrateFile(CrateRunManifest.FileName, CrateFiles.Sha256(Path.Combine(directory, CrateRunManifest.FileName)), "manifest",
            new FileInfo(Path.Combine(directory, CrateRunManifest.FileName)).Length), "Kiseki run record", "application/json",
            "What `kiseki reproduce` needs to re-execute the run: parameters, seed, inputs, and per step the method version, key and outputs."));
        foreach (var environment in files.Environments.Values)
        {
            var path = Path.Combine(directory, environment);
            graph.Add(CrateFiles.Entity(new CrateFile(environment, CrateFiles.Sha256(path), "environment", new FileInfo(path).Length),
                "Environment record", "application/json", "OS, CPU and ISA flags, cores, .NET runtime, Kiseki version and method implementation digests."));
        }

        var parts = new List<string> { WorkflowFile, CrateRunManifest.FileName };
        parts.AddRange(files.Outputs.Values.SelectMany(o => o.Files.Select(x => x.Path)).Order(StringComparer.Ordinal));
        parts.AddRange(included.Values.Select(i => i.Path));
        parts.AddRange(files.Environments.Values);
        var license = "https://spdx.org/licenses/" + options.License;
        graph.Insert(0, new JsonObject
        {
            ["@id"] = "./", ["@type"] = "Dataset", ["name"] = $"Kiseki run {run.Id} of {run.WorkflowName}",
            ["description"] = $"Workflow Run RO-Crate of run {run.Id} ({run.Status.ToString().ToLowerInvariant()}) of the Kiseki workflow {run.WorkflowName}.",
            ["datePublished"] = Time(run.FinishedAt ?? run.StartedAt),
            ["license"] = Ref(license),
            ["conformsTo"] = Refs(Profiles),
            ["mainEntity"] = Ref(WorkflowFile),
            ["hasPart"] = Refs(parts),
            ["mentions"] = Refs(new[] { runAction }.Concat(actions)),
        });
        graph.Insert(0, new JsonObject
        {
            ["@id"] = "ro-crate-metadata.json", ["@type"] = "CreativeWork",
            ["conformsTo"] = Ref("https://w3id.org/ro/crate/1.1"), ["about"] = Ref("./"),
        });
        graph.Add(new JsonObject
        {
            ["@id"] = license, ["@type"] = "CreativeWork", ["name"] = options.License,
            ["description"] = $"The crate is published under the licence with SPDX identifier {options.License}.",
        });
        foreach (var profile in Profiles)
        {
            graph.Add(new JsonObject { ["@id"] = profile, ["@type"] = "CreativeWork", ["name"] = profile });
        }

        RemoveNulls(graph);
        var metadata = new JsonObject { ["@context"] = Context, ["@graph"] = graph };
        var metadataPath = Path.Combine(directory, "ro-crate-metadata.json");
        File.WriteAllText(metadataPath, metadata.ToJsonString(Indented));
        return metadataPath;
    }

    /// <summary>Writes the crate as a zip file (the folder layout at the archive root).</summary>
    public static void WriteZip(ExportedRun export, string zipPath, RunCrateOptions? options = null)
    {
        if (File.Exists(zipPath))
        {
            throw new IOException($"{zipPath} exists; give a new file name with --out.");
        }

        var temp = Path.Combine(Path.GetTempPath(), "kiseki-crate-" + Guid.NewGuid().ToString("N"));
        try
        {
            WriteFolder(export, temp, options);
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

    private static Dictionary<ContentHash, string> AddInputs(RunCrateOptions options, CrateFiles files, JsonArray graph, out Dictionary<string, CrateFile> included)
    {
        var ids = new Dictionary<ContentHash, string>();
        included = [];
        foreach (var input in options.Inputs)
        {
            JsonObject entity;
            if (options.Includes(input))
            {
                var file = files.AddInput(input);
                included[input.Name] = file;
                entity = CrateFiles.Entity(file, input.Name, "application/octet-stream", $"External input '{input.Name}' of the workflow, copied into the crate.");
            }
            else
            {
                entity = new JsonObject
                {
                    ["@id"] = input.Url ?? $"#input-{ExportedRun.SafeName(input.Name)}", ["@type"] = "File", ["name"] = input.Name,
                    ["sha256"] = input.Hash.Hex, ["contentSize"] = input.Size?.ToString(CultureInfo.InvariantCulture),
                    ["description"] = $"External input '{input.Name}' of the workflow, not copied into the crate: find it by its SHA-256"
                                      + (input.Url is null ? " (no URL is declared)." : " or download it from its URL."),
                };
            }

            entity["alternateName"] = input.DeclaredPath;
            entity["url"] = input.Url;
            ids.TryAdd(input.Hash, entity["@id"]!.GetValue<string>());
            graph.Add(entity);
        }

        return ids;
    }

    private static List<string> AddRunParameters(RunRecord run, JsonArray graph, out List<string> values)
    {
        var formal = new List<string>();
        values = [];
        var parameters = JsonNode.Parse(run.ResolvedParameters) as JsonObject ?? [];
        var seed = JsonValue.Create(run.RootSeed.ToString(CultureInfo.InvariantCulture));
        foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Append(KeyValuePair.Create("seed", (JsonNode?)seed)))
        {
            var formalId = $"{WorkflowFile}#param-{name}";
            graph.Add(FormalParameter(formalId, name, TypeOf(value)));
            graph.Add(PropertyValue($"#run-param-{name}", name, value, formalId));
            formal.Add(formalId);
            values.Add($"#run-param-{name}");
        }

        return formal;
    }

    private static string Tool(SortedDictionary<string, JsonObject> methods, SortedDictionary<string, JsonObject> formals, string methodRef, ExecutionRecord? execution)
    {
        var id = "#method-" + methodRef;
        if (!methods.TryGetValue(id, out var entity))
        {
            var at = methodRef.LastIndexOf('@');
            methods[id] = entity = new JsonObject
            {
                ["@id"] = id, ["@type"] = "SoftwareApplication", ["name"] = at > 0 ? methodRef[..at] : methodRef,
                ["softwareVersion"] = at > 0 ? methodRef[(at + 1)..] : null, ["input"] = new JsonArray(),
            };
        }

        if (execution is not null && JsonNode.Parse(execution.Parameters) is JsonObject parameters && entity["input"]!.AsArray().Count == 0)
        {
            entity["identifier"] = execution.ImplementationDigest;
            foreach (var (name, value) in parameters.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                entity["input"]!.AsArray().Add(Ref($"{id}-param-{name}"));
                formals[$"{id}-param-{name}"] = FormalParameter($"{id}-param-{name}", name, TypeOf(value));
            }
        }

        return id;
    }
}
