using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Provenance;

namespace Kiseki.Engine.Planning;

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
    public ExecutionRecord? TryHit(ContentHash key, out string? problem, Methods.MethodDescriptor? method = null)
    {
        problem = null;
        var execution = provenance.FindSuccessfulExecution(key);
        if (execution is null)
        {
            return null;
        }

        foreach (var (port, hash) in execution.OutputHashes)
        {
            var kind = method?.FindOutput(port)?.ArtifactKind;
            var blobs = kind is null or "spectrum-image" or "any" ? provenance.GetArtifact(hash)?.Blobs : null;
            IEnumerable<ContentHash> needed = blobs is { Count: > 0 } ? blobs.Append(hash).Distinct() : [hash];
            foreach (var blob in needed)
            {
                if (!objects.TryVerify(blob, out var why))
                {
                    problem = $"output '{port}': {why}";
                    return null;
                }
            }
        }

        return execution;
    }

    /// <summary>Whether a successful execution exists for <paramref name="key"/> (intact or not).</summary>
    public bool IsRecorded(ContentHash key) => provenance.FindSuccessfulExecution(key) is not null;
}
