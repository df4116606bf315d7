using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Hashing;
using Kiseki.Engine.Methods;

namespace Kiseki.Engine.Tests.Hashing;

public sealed class StepKeyTests
{
    private static StepKey Fixed(int components = 4, ulong seed = 20161001)
        => StepKey.Compute(
            new MethodRef("spectral.nmf-so", 1),
            new JsonObject { ["components"] = (long)components, ["orthogonality"] = 0.1 },
            new Dictionary<string, ContentHash> { ["image"] = ContentHash.Of("abc"u8) },
            seed);

    [Fact]
    public void Compute_FixedInput_PinnedDigest()
    {
        // Changing this digest means every cached step of every user re-runs: bump StepKey.KeyVersion instead.
        Assert.Equal(
            """{"inputs":{"image":"sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},"key":"kiseki-step/v1","method":{"id":"spectral.nmf-so","version":1},"params":{"components":4,"orthogonality":0.1},"seed":20161001}""",
            CanonicalJson.ToText(Fixed().Components));
        Assert.Equal(CanonicalJson.Hash(Fixed().Components), Fixed().Digest);
        Assert.Equal(PinnedDigest, Fixed().Digest.ToString());
    }

    [Fact]
    public void Compute_AnyComponentChanged_DigestChanges()
    {
        Assert.NotEqual(Fixed().Digest, Fixed(components: 5).Digest);
        Assert.NotEqual(Fixed().Digest, Fixed(seed: 1).Digest);
    }

    [Fact]
    public void Derive_StepSeeds_PinnedAndDistinct()
    {
        Assert.Equal(StepSeeds.Derive(1, "a"), StepSeeds.Derive(1, "a"));
        Assert.NotEqual(StepSeeds.Derive(1, "a"), StepSeeds.Derive(1, "b"));
        Assert.NotEqual(StepSeeds.Derive(1, "a"), StepSeeds.Derive(2, "a"));
        Assert.Equal(PinnedSeed, StepSeeds.Derive(20161001, "sweep[components=2]"));
    }

    private const string PinnedDigest = "sha256:aa4ee0c585ff85df4f463984a723b0203392f4d49ca3d34cd06478d041522aeb";
    private const ulong PinnedSeed = 10949770139507443104UL;
}
