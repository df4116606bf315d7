using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Methods;
using Kiseki.Provenance;

namespace Kiseki.Engine.Planning;

/// <summary>The answer of a cache probe: the reusable execution, or null with a problem naming a damaged object.</summary>
public readonly record struct CacheProbeResult(ExecutionRecord? Hit, string? Problem);

/// <summary>
/// Decides whether a step key is a cache hit: a successful execution with this key must be recorded AND every object
/// of its outputs (manifests and blobs) must be present and intact.
/// </summary>
public sealed class CacheProbe(IProvenanceStore provenance, ObjectStore objects)
{
    /// <summary>The reusable execution for <paramref name="key"/>, or null with <paramref name="problem"/> naming a damaged object.</summary>
    /// <remarks>
    /// With <paramref name="method"/>, outputs whose declared kind is a single blob are verified without reading their
    /// artifact record; manifests (spectrum images, or ports typed as any artifact) are expanded to their blobs.
    /// </remarks>
    public ExecutionRecord? TryHit(ContentHash key, out string? problem, MethodDescriptor? method = null)
    {
        problem = null;
        var execution = provenance.FindSuccessfulExecution(key);
        if (execution is null)
        {
            return null;
        }

        return Verify(execution, method, hash => provenance.GetArtifact(hash)?.Blobs, out problem) ? execution : null;
    }

    /// <summary>
    /// Probes many keys at once: one store transaction for the executions and one for the artifact records of their
    /// manifests, then the objects. Every requested key is in the result.
    /// </summary>
    public IReadOnlyDictionary<ContentHash, CacheProbeResult> TryHits(IReadOnlyCollection<(ContentHash Key, MethodDescriptor? Method)> requests)
    {
        ArgumentNullException.ThrowIfNull(requests);
        var executions = provenance.FindSuccessfulExecutions(requests.Select(r => r.Key));
        var manifests = new HashSet<ContentHash>();
        foreach (var (key, method) in requests)
        {
            if (executions.TryGetValue(key, out var execution))
            {
                manifests.UnionWith(execution.OutputHashes.Where(o => NeedsRecord(method, o.Key)).Select(o => o.Value));
            }
        }

        var artifacts = provenance.GetArtifacts(manifests);
        var result = new Dictionary<ContentHash, CacheProbeResult>(requests.Count);
        foreach (var (key, method) in requests)
        {
            if (result.ContainsKey(key))
            {
                continue;
            }

            if (!executions.TryGetValue(key, out var execution))
            {
                result[key] = new CacheProbeResult(null, null);
                continue;
            }

            result[key] = Verify(execution, method, hash => artifacts.GetValueOrDefault(hash)?.Blobs, out var problem)
                ? new CacheProbeResult(execution, null)
                : new CacheProbeResult(null, problem);
        }

        return result;
    }

    /// <summary>Whether a successful execution exists for <paramref name="key"/> (intact or not).</summary>
    public bool IsRecorded(ContentHash key) => provenance.FindSuccessfulExecution(key) is not null;

    private static bool NeedsRecord(MethodDescriptor? method, string port)
        => method?.FindOutput(port)?.ArtifactKind is null or ArtifactKind.SpectrumImage or ArtifactKind.Any;

    private bool Verify(
        ExecutionRecord execution, MethodDescriptor? method, Func<ContentHash, IReadOnlyList<ContentHash>?> blobsOf, out string? problem)
    {
        foreach (var (port, hash) in execution.OutputHashes)
        {
            var blobs = NeedsRecord(method, port) ? blobsOf(hash) : null;
            IEnumerable<ContentHash> needed = blobs is { Count: > 0 } ? blobs.Append(hash).Distinct() : [hash];
            foreach (var blob in needed)
            {
                if (!objects.TryVerify(blob, out var why))
                {
                    problem = $"output '{port}': {why}";
                    return false;
                }
            }
        }

        problem = null;
        return true;
    }
}
