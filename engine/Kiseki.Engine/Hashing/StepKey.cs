using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Hashing;

/// <summary>
/// The Merkle identity of a step: SHA-256 of the canonical JSON
/// <c>{"key":"kiseki-step/v1","method":{id,version},"params":…,"inputs":{port:hash},"seed":…}</c>.
/// The components are kept beside the digest so <c>explain</c> and <c>diff</c> can say what changed.
/// </summary>
public sealed record StepKey(ContentHash Digest, JsonObject Components)
{
    public const string KeyVersion = "kiseki-step/v1";

    /// <summary>
    /// The key of a step. <paramref name="command"/> (the code and environment of a command step) and
    /// <paramref name="evaluate"/> (a search step's evaluator) are components only when given, so the keys of other
    /// steps are unchanged by them.
    /// </summary>
    public static StepKey Compute(
        MethodRef method, JsonObject canonicalParameters, IReadOnlyDictionary<string, ContentHash> inputs, ulong seed,
        JsonObject? command = null, JsonObject? evaluate = null)
    {
        var inputObject = new JsonObject();
        foreach (var (port, hash) in inputs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            inputObject[port] = hash.ToString();
        }

        var components = new JsonObject
        {
            ["key"] = KeyVersion,
            ["method"] = new JsonObject { ["id"] = method.Id, ["version"] = (long)method.Version },
            ["params"] = canonicalParameters.DeepClone(),
            ["inputs"] = inputObject,
            ["seed"] = seed,
        };
        if (command is not null)
        {
            components["command"] = command.DeepClone();
        }

        if (evaluate is not null)
        {
            components["evaluate"] = evaluate.DeepClone();
        }

        return new StepKey(CanonicalJson.Hash(components), components);
    }

    /// <summary>
    /// The key of a bound step with these input hashes (a command step's fingerprint included; a search step's
    /// evaluator as its <c>evaluate</c> component).
    /// </summary>
    public static StepKey For(Definitions.BoundStep step, IReadOnlyDictionary<string, ContentHash> inputs)
        => Compute(
            step.Method.Reference, step.CanonicalParameters, inputs, step.Seed, step.Command?.Fingerprint(step.DeclaredId).Components,
            step.Evaluate?.KeyComponent(step.DeclaredId));

    public override string ToString() => Digest.ToString();
}

/// <summary>Per-step seeds: the first 8 bytes (little endian) of SHA-256("seed/v1" ‖ 0 ‖ root ‖ 0 ‖ step id).</summary>
public static class StepSeeds
{
    public static ulong Derive(ulong rootSeed, string stepId)
    {
        var text = $"seed/v1\0{rootSeed.ToString(System.Globalization.CultureInfo.InvariantCulture)}\0{stepId}";
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), digest);
        return BinaryPrimitives.ReadUInt64LittleEndian(digest);
    }
}
