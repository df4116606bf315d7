using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Engine.Audit;
using Kiseki.Provenance.LiteDb;
using Kiseki.Testing;

namespace Kiseki.Engine.Tests.Reproduction;

public sealed class SnapshotFactorSetTests
{
    [Fact]
    public async Task Snapshot_FactorsReorderedAndSignFlipped_AreEquivalentWithThePermutation_AndPass()
    {
        using var temp = new TempDirectory();
        var (suite, recorded) = await RecordTiny(temp);
        var outputs = recorded["steps"]!["svd"]!["outputs"]!.AsObject();
        Assert.NotNull(outputs["maps"]!["factors"]);
        Assert.Null(outputs["residual"]?["factors"]);
        var fresh = recorded.DeepClone().AsObject();

        // The recorded outputs are the current ones with components stored in the order 1, 2, 0 and the middle one negated.
        int[] order = [1, 2, 0];
        Rewrite(outputs, "maps", order, [1, -1, 1]);
        Rewrite(outputs, "spectra", order, [1, -1, 1]);
        Rewrite(outputs, "singular_values", order, [1, 1, 1]);
        Rewrite(outputs, "explained_variance", order, [1, 1, 1]);

        var findings = suite.Compare(recorded, fresh);

        Assert.DoesNotContain(findings, f => f.Fails);
        Assert.Equal(["explained_variance", "maps", "singular_values", "spectra"], findings.Select(f => f.Port).Order(StringComparer.Ordinal));
        Assert.All(findings, f => Assert.Contains("equivalent up to component order/sign: components (recorded → recomputed) 0→1, 1→−2, 2→0", f.Detail, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Snapshot_FactorsGenuinelyDifferent_StillFail()
    {
        using var temp = new TempDirectory();
        var (suite, recorded) = await RecordTiny(temp);
        var outputs = recorded["steps"]!["svd"]!["outputs"]!.AsObject();
        var fresh = recorded.DeepClone().AsObject();
        Rewrite(outputs, "spectra", [1, 0, 2], [2, 1, 1]); // reordered, but one component also scaled
        var summary = outputs["spectra"]!["summary"]!.AsObject();
        summary["sum"] = summary["sum"]!.GetValue<double>() + 1;

        var findings = suite.Compare(recorded, fresh);

        var finding = Assert.Single(findings);
        Assert.True(finding.Fails);
        Assert.Equal("spectra", finding.Port);
        Assert.DoesNotContain("equivalent", finding.Detail, StringComparison.Ordinal);
    }

    private static async Task<(SnapshotSuite Suite, JsonObject Recorded)> RecordTiny(TempDirectory temp)
    {
        File.WriteAllText(temp.Combine("tiny.yaml"), TinyCrate.Workflow);
        var values = new double[5 * 4 * 16];
        for (var i = 0; i < values.Length; i++)
        {
            var (pixel, channel) = (i / 16, i % 16);
            values[i] = ((1 + pixel) * Math.Exp(-channel / 4.0)) + ((pixel % 3) * Math.Sin(channel)) + (0.5 * (pixel % 2) * Math.Cos(channel / 2.0)) + 5;
        }

        File.WriteAllBytes(temp.Combine("data.npy"), NpyFormat.ToBytes(NdArray.Create(values, 5, 4, 16)));
        var suite = new SnapshotSuite(Kiseki.Cli.KisekiMethods.CreateCatalog(), d => LiteDbProvenanceStore.Open(d));
        var recorded = await suite.Record(temp.Combine("tiny.yaml"), []);
        Assert.Empty(suite.Compare(recorded, await suite.Record(temp.Combine("tiny.yaml"), [])));
        return (suite, recorded);
    }

    /// <summary>Stores component <c>order[c]</c> (times <c>signs[c]</c>) as component c of the port's sketch, with another hash.</summary>
    private static void Rewrite(JsonObject outputs, string port, int[] order, int[] signs)
    {
        var output = outputs[port]!.AsObject();
        foreach (var row in output["factors"]!.AsArray())
        {
            var values = row!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
            for (var c = 0; c < values.Length; c++)
            {
                row[c] = signs[c] * values[order[c]];
            }
        }

        output["sha256"] = new string('0', 64);
    }
}
