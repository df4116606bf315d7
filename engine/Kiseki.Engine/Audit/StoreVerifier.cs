using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Provenance;

namespace Kiseki.Engine.Audit;

/// <summary>What <c>kiseki verify</c> without a run found in the whole store.</summary>
/// <param name="Records">The check of every record's seal and every finished run's chain.</param>
/// <param name="Objects">Object files re-hashed.</param>
/// <param name="Problems">Changed records, broken chains, damaged objects and referenced objects that are missing.</param>
public sealed record StoreVerifyReport(StoreIntegrity Records, int Objects, IReadOnlyList<string> Problems)
{
    /// <summary>Whether nothing was found changed or missing.</summary>
    public bool Passed => Problems.Count == 0;

    /// <summary>The report as JSON.</summary>
    public JsonObject ToJson() => new()
    {
        ["records"] = Records.Records,
        ["sealed"] = Records.Sealed,
        ["unsealed"] = Records.Unsealed,
        ["runs"] = Records.Runs,
        ["chained_runs"] = Records.Chained,
        ["objects"] = Objects,
        ["problems"] = new JsonArray([.. Problems.Select(p => (JsonNode?)p)]),
        ["passed"] = Passed,
    };

    /// <summary>Plain text lines.</summary>
    public IEnumerable<string> ToLines()
    {
        foreach (var problem in Problems)
        {
            yield return "FAILED  " + problem;
        }

        yield return $"{Records.Records} records: {Records.Sealed} sealed and intact, {Records.Unsealed} unsealed (recorded before records were sealed); "
                     + $"{Records.Chained} of {Records.Runs} runs chained; {Objects} objects re-hashed";
        yield return Passed ? "store verified" : "STORE VERIFICATION FAILED";
    }
}

/// <summary>
/// Checks a whole store: every record against its SHA-256 seal, every finished run's chain of step records, every
/// object file against its name (every byte read), and that every object a record refers to exists.
/// </summary>
public sealed class StoreVerifier(AuditStore store)
{
    /// <summary>Runs every check; changes nothing.</summary>
    public StoreVerifyReport Verify(CancellationToken cancellationToken = default)
    {
        var integrity = store.Provenance.CheckIntegrity();
        var problems = new List<string>(integrity.Problems);
        var present = new HashSet<ContentHash>();
        var objects = 0;
        foreach (var (hash, _) in store.Layout.EnumerateObjects())
        {
            cancellationToken.ThrowIfCancellationRequested();
            objects++;
            present.Add(hash);
            if (store.Check(hash, out var actual) == ObjectState.Corrupted)
            {
                problems.Add($"object {hash} is corrupted: its content hashes to {actual} ({store.PathOf(hash)})");
            }
        }

        if (integrity.Intact)
        {
            // Only sound records are followed to the objects they name.
            foreach (var missing in store.Provenance.AllReferencedObjectHashes().Where(h => !present.Contains(h)).OrderBy(h => h.Hex, StringComparer.Ordinal))
            {
                problems.Add($"object {missing} is referenced by a record but missing ({store.PathOf(missing)})");
            }
        }

        return new StoreVerifyReport(integrity, objects, problems);
    }
}
