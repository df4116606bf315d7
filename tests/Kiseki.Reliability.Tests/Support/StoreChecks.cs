using Kiseki.Abstractions.Artifacts;
using Kiseki.Provenance;
using Kiseki.Provenance.LiteDb;

namespace Kiseki.Reliability.Tests.Support;

/// <summary>Checks of a store folder done from outside the engine: object re-hashing and record snapshots.</summary>
internal static class StoreChecks
{
    /// <summary>
    /// Re-hashes every file under <c>objects/sha256/xx/</c> whose name is a hash (temp files start with a dot and are
    /// not objects); returns the number of objects. Fails naming any object whose bytes do not match its name.
    /// </summary>
    public static int AssertObjectsMatchTheirNames(string store)
    {
        var root = Path.Combine(store, "objects", "sha256");
        var count = 0;
        if (!Directory.Exists(root))
        {
            return 0;
        }

        foreach (var directory in Directory.EnumerateDirectories(root))
        {
            var prefix = Path.GetFileName(directory);
            if (prefix.Length != 2)
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(directory))
            {
                var name = Path.GetFileName(file);
                if (name.StartsWith('.'))
                {
                    continue;
                }

                var expected = prefix + name;
                var actual = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(file)));
                Assert.True(expected == actual, $"object {file} holds bytes hashing to {actual}, not its name {expected}.");
                count++;
            }
        }

        return count;
    }

    /// <summary>Every run with its steps, as comparable text (one line per run and per step).</summary>
    public static IReadOnlyDictionary<string, string> Snapshot(IProvenanceStore store)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var run in store.ListRuns(10_000))
        {
            var lines = new List<string> { $"{run.Id} {run.WorkflowName} {run.Status} {run.WorkflowTextHash}" };
            foreach (var step in store.RunSteps(run.Id))
            {
                lines.Add($"  {step.StepId} {step.Status} {step.StepKey} {step.CacheHit}");
                if (step.Status == RunStepStatus.Succeeded && step.StepKey is { } key)
                {
                    var execution = store.FindSuccessfulExecution(key);
                    Assert.True(execution is not null, $"run {run.Id} step {step.StepId}: succeeded but its execution {key} is not recorded.");
                    lines.Add("    " + string.Join(",", execution!.OutputHashes.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
                }
            }

            result[run.Id] = string.Join('\n', lines);
        }

        return result;
    }

    /// <summary>Opens the store read-write (which marks dead runs interrupted).</summary>
    public static LiteDbProvenanceStore OpenReadWrite(string store) => LiteDbProvenanceStore.Open(store);

    /// <summary>Opens the store read-only.</summary>
    public static LiteDbProvenanceStore OpenReadOnly(string store)
        => LiteDbProvenanceStore.Open(store, new ProvenanceOpenOptions { ReadOnly = true });

    /// <summary>Every object hash referenced by recorded successful executions must exist and be intact.</summary>
    public static void AssertReferencedOutputsIntact(IProvenanceStore provenance, string store)
    {
        foreach (var run in provenance.ListRuns(10_000))
        {
            foreach (var step in provenance.RunSteps(run.Id).Where(s => s.Status == RunStepStatus.Succeeded && s.StepKey is not null))
            {
                var execution = provenance.FindSuccessfulExecution(step.StepKey!.Value)!;
                foreach (var (port, hash) in execution.OutputHashes)
                {
                    var path = Path.Combine(store, "objects", "sha256", hash.Hex[..2], hash.Hex[2..]);
                    Assert.True(File.Exists(path), $"run {run.Id} step {step.StepId} output {port}: object {hash} is missing.");
                }
            }
        }
    }

    /// <summary>The hex digest of a content hash.</summary>
    public static string Hex(ContentHash hash) => hash.Hex;
}
