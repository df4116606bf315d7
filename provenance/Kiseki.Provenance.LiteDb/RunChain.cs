using System.Security.Cryptography;
using System.Text;
using LiteDB;

namespace Kiseki.Provenance.LiteDb;

/// <summary>
/// A finished run chains its step records: the run record's field <see cref="Field"/> holds the SHA-256 over the seals
/// of all its step records in id order, set when the run reaches a final status (and itself covered by the run's seal).
/// A step record changed, added or removed after the run finished breaks the chain even when each remaining record is
/// internally consistent. A run still in progress, or finished before chains existed, has no chain.
/// </summary>
internal static class RunChain
{
    /// <summary>The run field holding the chain (hex SHA-256).</summary>
    public const string Field = "chain";

    /// <summary>The chain over <paramref name="steps"/> (each step's seal, or its computed content hash when unsealed).</summary>
    public static string Compute(IEnumerable<BsonDocument> steps)
    {
        var text = new StringBuilder();
        foreach (var step in steps.OrderBy(s => s["_id"].AsString, StringComparer.Ordinal))
        {
            text.Append(step["_id"].AsString).Append('\n')
                .Append(step.TryGetValue(RecordSeal.Field, out var seal) && seal.IsString ? seal.AsString : RecordSeal.Compute(step)).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Sets the chain of a run document that reaches a final status (the caller seals the run afterwards).</summary>
    public static void Close(BsonDocument run, IEnumerable<BsonDocument> steps) => run[Field] = Compute(steps);

    /// <summary>False when the run has a chain and <paramref name="steps"/> no longer match it.</summary>
    public static bool Holds(BsonDocument run, IEnumerable<BsonDocument> steps)
        => !run.TryGetValue(Field, out var chain) || !chain.IsString || chain.AsString == Compute(steps);

    /// <summary>Whether the run has a chain.</summary>
    public static bool IsChained(BsonDocument run) => run.TryGetValue(Field, out var chain) && chain.IsString;
}
