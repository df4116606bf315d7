using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Execution;
using Kiseki.Engine.Methods;
using Kiseki.Provenance;

namespace Kiseki.Engine.Audit;

/// <summary>
/// Re-executes recorded executions in a scratch object store (never the audited one) from their recorded parameters,
/// seed and input hashes, and compares each output with the recorded one using the method's declared relative
/// tolerance. Inputs are copied by hash from the audited store; external input files are found by hash in the store,
/// beside the recorded workflow file, or in mirror folders.
/// </summary>
public sealed class StepReexecutor(AuditStore store, MethodCatalog catalog, string scratchDirectory, IReadOnlyList<string>? mirrors = null, int threads = 0)
{
    private readonly ObjectStore _scratch = ObjectStore.Open(scratchDirectory);
    private readonly InputLocator _locator = new(store, mirrors ?? []);

    /// <summary>Re-executes <paramref name="execution"/> (step <paramref name="stepId"/> of <paramref name="run"/>) and compares its outputs.</summary>
    public async Task<IReadOnlyList<ExecutionCheck>> CheckAsync(RunRecord run, string stepId, ExecutionRecord execution, CancellationToken cancellationToken)
    {
        var reference = new MethodRef(execution.MethodId, execution.MethodVersion);
        Commands.CommandWork? command = null;
        if (execution.MethodId == Commands.CommandMethod.Id)
        {
            (command, var problem) = Commands.CommandReplay.Load(run, stepId, execution, catalog);
            if (command is null)
            {
                return [new ExecutionCheck(stepId, "", null, null, "not verified", double.PositiveInfinity, problem)];
            }
        }

        var method = command is not null ? Commands.CommandMethod.Descriptor : null;
        if (method is null && !catalog.TryGet(reference, out method))
        {
            return [new ExecutionCheck(stepId, "", null, null, "not verified", double.PositiveInfinity,
                $"method {reference} is not in this build ({Available(execution.MethodId)})")];
        }

        StepOutcome outcome;
        try
        {
            var inputs = new Dictionary<string, InputReference>(StringComparer.Ordinal);
            foreach (var (port, hash) in execution.InputHashes)
            {
                inputs[port] = Stage(run, hash);
            }

            var parameters = JsonNode.Parse(execution.Parameters) as JsonObject ?? [];
            var work = new StepWork(stepId, method, parameters, inputs, execution.Seed, threads > 0 ? threads : System.Environment.ProcessorCount)
            {
                Command = command,
                // a search re-driven from its recorded evaluations (in the run that executed it): nothing is evaluated again
                Evaluator = method.Attribute.Evaluates ? new RecordedEvaluations(store, execution.RunId, stepId) : null,
            };
            var runner = new StepRunner(new ArtifactCodec(_scratch), Path.Combine(_scratch.Root, "scratch"));
            outcome = await runner.RunAsync(work, new Progress<StepProgress>(), cancellationToken).ConfigureAwait(false);
        }
        catch (AuditException e)
        {
            return [new ExecutionCheck(stepId, "", null, null, "not verified", double.PositiveInfinity, e.Message)];
        }

        if (outcome.Status != StepOutcomeStatus.Succeeded)
        {
            return [new ExecutionCheck(stepId, "", null, null, "different", double.PositiveInfinity, "re-execution failed: " + outcome.Error)];
        }

        var results = new List<ExecutionCheck>();
        var tolerance = command?.Step.Tolerance ?? method.Attribute.RelativeTolerance;
        foreach (var (port, recorded) in execution.OutputHashes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (!outcome.Outputs.TryGetValue(port, out var now))
            {
                results.Add(new ExecutionCheck(stepId, port, recorded, null, "different", double.PositiveInfinity, "the output was not produced again"));
                continue;
            }

            results.Add(Compare(stepId, port, recorded, now, tolerance));
        }

        results = [.. Reproduction.FactorSetEquivalence.Apply(results, method.FactorSets, tolerance, port =>
            (new ArtifactCodec(_scratch).Decode(execution.OutputHashes[port], store.Provenance.GetArtifact(execution.OutputHashes[port])?.Kind ?? ArtifactKind.NdArray),
             new ArtifactCodec(_scratch).Decode(outcome.Outputs[port].Hash, outcome.Outputs[port].Kind)))];
        foreach (var extra in outcome.Outputs.Keys.Except(execution.OutputHashes.Keys).Order(StringComparer.Ordinal))
        {
            results.Add(new ExecutionCheck(stepId, extra, null, outcome.Outputs[extra].Hash, "different", double.PositiveInfinity, "an output that was not recorded"));
        }

        return results;
    }

    private ExecutionCheck Compare(string stepId, string port, ContentHash recorded, StoredArtifact now, double tolerance)
    {
        if (recorded == now.Hash)
        {
            return new ExecutionCheck(stepId, port, recorded, now.Hash, "identical", 0, null);
        }

        try
        {
            Copy(recorded);
            var codec = new ArtifactCodec(_scratch);
            var before = codec.Decode(recorded, store.Provenance.GetArtifact(recorded)?.Kind ?? now.Kind);
            var after = codec.Decode(now.Hash, now.Kind);
            var comparison = OutputComparer.Compare(before, after, tolerance);
            var outcome = comparison.Agreement switch
            {
                OutputAgreement.Identical => "within tolerance",
                OutputAgreement.WithinTolerance => "within tolerance",
                _ => "different",
            };
            return new ExecutionCheck(stepId, port, recorded, now.Hash, outcome, comparison.MaxRelativeError, comparison.Detail ?? "same values, different encoding");
        }
        catch (Exception e) when (e is AuditException or InvalidDataException or ObjectStoreException or ArgumentException)
        {
            return new ExecutionCheck(stepId, port, recorded, now.Hash, "different", double.PositiveInfinity, e.Message);
        }
    }

    private InputReference Stage(RunRecord run, ContentHash hash)
    {
        var kind = store.Provenance.GetArtifact(hash)?.Kind ?? ArtifactKind.File;
        if (kind == ArtifactKind.File)
        {
            return new InputReference(hash, ArtifactKind.File, _locator.Locate(run, hash));
        }

        Copy(hash);
        return new InputReference(hash, kind);
    }

    /// <summary>Copies an artifact's objects from the audited store into the scratch store, verifying each.</summary>
    private void Copy(ContentHash hash)
    {
        foreach (var obj in store.ObjectsOf(hash))
        {
            if (_scratch.Contains(obj))
            {
                continue;
            }

            var path = store.PathOf(obj);
            if (!File.Exists(path))
            {
                throw AuditException.MissingObject("input object", obj, path);
            }

            if (_scratch.Put(File.ReadAllBytes(path)) != obj)
            {
                throw AuditException.CorruptedObject("input object", obj, path);
            }
        }
    }

    private string Available(string id)
    {
        var versions = catalog.Versions(id);
        return versions.Count == 0 ? "no version of it is" : "this build has " + string.Join(", ", versions.Select(v => v.Reference.ToString()));
    }
}

/// <summary>Finds an external input file by content hash: in the object store, beside the recorded workflow, or in mirrors.</summary>
public sealed class InputLocator(AuditStore store, IReadOnlyList<string> mirrors)
{
    private readonly Dictionary<ContentHash, string> _found = [];

    /// <summary>The path of a file whose content is <paramref name="hash"/>; throws <see cref="AuditException"/> when none is found.</summary>
    public string Locate(RunRecord run, ContentHash hash)
    {
        if (_found.TryGetValue(hash, out var known))
        {
            return known;
        }

        if (store.Check(hash, out _) == ObjectState.Intact)
        {
            return _found[hash] = store.PathOf(hash);
        }

        var size = store.Provenance.GetArtifact(hash)?.Size;
        var folders = new List<string>();
        var workflowDirectory = Path.GetDirectoryName(run.WorkflowPath);
        if (!string.IsNullOrEmpty(workflowDirectory))
        {
            folders.Add(workflowDirectory);
        }

        folders.AddRange(mirrors);
        foreach (var folder in folders.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
            {
                if (file.Contains(Path.DirectorySeparatorChar + ".kiseki" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                {
                    continue;
                }

                var info = new FileInfo(file);
                if (size is { } s && info.Length != s)
                {
                    continue;
                }

                using var stream = info.OpenRead();
                if (FileHasher.HashStream(stream) == hash)
                {
                    return _found[hash] = info.FullName;
                }
            }
        }

        throw AuditException.ExternalInputNotFound(hash, workflowDirectory, mirrors);
    }
}
