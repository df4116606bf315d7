using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Kiseki.Testing;

namespace Kiseki.Engine.Tests.Reproduction;

/// <summary>The MUSTs of RO-Crate 1.1 and the Provenance Run Crate profile, checked on exported crates; plus the npm `ro-crate` Checker.</summary>
public sealed class CrateConformanceTests
{
    private static readonly string CheckerFolder = Path.Combine(SharedData.RepositoryRoot, "tests", "support", "rocrate-check");

    [SkippableFact]
    public async Task ExportedCrate_PassesTheRoCrateChecker()
    {
        Skip.IfNot(Directory.Exists(Path.Combine(CheckerFolder, "node_modules", "ro-crate")),
            "the npm package ro-crate is not installed in tests/support/rocrate-check (.ci/setup-system installs it where node and npm exist)");
        using var tiny = await TinyCrate.CreateAsync();
        var crate = await tiny.ExportAsync("crate");

        var result = CrateCli.Process("node", CheckerFolder, "check.js", crate);

        Skip.If(result is null, "node is not installed");
        Assert.True(result!.Value.Code == 0, result.Value.Err);
        var report = JsonNode.Parse(result.Value.Out)!.AsObject();
        Assert.All(report["checks"]!.AsArray(), c => Assert.True(c!["status"]!.GetValue<bool>(), c["name"] + ": " + c["message"]));
        Assert.Empty(report["errors"]!.AsArray());
    }

    [Fact]
    public async Task ExportedCrate_MeetsTheMustsOfRoCrateAndTheProvenanceRunCrateProfile()
    {
        using var tiny = await TinyCrate.CreateAsync();
        var crate = await tiny.ExportAsync("crate");
        var graph = Graph(crate);
        JsonObject E(string id) => graph.TryGetValue(id, out var e) ? e : throw new Xunit.Sdk.XunitException($"no entity {id}");

        Assert.Equal("https://w3id.org/ro/crate/1.1", Id(E("ro-crate-metadata.json")["conformsTo"]));
        var root = E("./");
        Assert.Contains("Dataset", Types(root));
        foreach (var property in new[] { "name", "description", "datePublished", "license" })
        {
            Assert.NotNull(root[property]);
        }

        Assert.Matches(@"^\d{4}-\d{2}-\d{2}T", root["datePublished"]!.GetValue<string>());
        Assert.Contains("CreativeWork", Types(E(Id(root["license"])!)));
        foreach (var part in root["hasPart"]!.AsArray().Select(Id))
        {
            var entity = E(part!);
            Assert.Equal(entity["sha256"]!.GetValue<string>(), Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(crate, part!)))));
        }

        Assert.Contains(root["conformsTo"]!.AsArray().Select(Id), p => p == "https://w3id.org/ro/wfrun/provenance/0.5");
        var workflow = E(Id(root["mainEntity"])!);
        Assert.Superset(new HashSet<string> { "File", "SoftwareSourceCode", "ComputationalWorkflow" }, Types(workflow).ToHashSet());
        var organize = graph.Values.Single(e => Types(e).Contains("OrganizeAction"));
        Assert.Contains("SoftwareApplication", Types(E(Id(organize["instrument"])!)));
        Assert.Equal("workflow.yaml", Id(E(Id(organize["result"])!)["instrument"]));
        var tools = workflow["hasPart"]!.AsArray().Select(Id).ToHashSet();
        var steps = workflow["step"]!.AsArray().Select(Id).ToList();
        Assert.Equal(3, steps.Count);
        foreach (var step in steps.Select(s => E(s!)))
        {
            Assert.Contains(Id(step["workExample"]), tools);
        }

        foreach (var control in organize["object"]!.AsArray().Select(c => E(Id(c)!)))
        {
            Assert.Contains(Id(control["instrument"]), steps);
            var action = E(Id(control["object"])!);
            Assert.Contains("CreateAction", Types(action));
            var tool = E(Id(action["instrument"])!);
            var formal = tool["input"]!.AsArray().Select(Id).ToHashSet();
            foreach (var value in action["object"]!.AsArray().Select(o => E(Id(o)!)).Where(o => Types(o).Contains("PropertyValue")))
            {
                Assert.Contains(Id(value["exampleOfWork"]), formal);
                Assert.NotNull(value["additionalType"]);
            }

            Assert.NotNull(E(Id(action["https://w3id.org/kiseki/ns#environment"])!)["sha256"]);
        }

        var input = graph.Values.Single(e => e["name"]?.GetValue<string>() == "data" && Types(e).Contains("File"));
        Assert.StartsWith("inputs/data/", input["@id"]!.GetValue<string>(), StringComparison.Ordinal);
        var image = E("outputs/load/image.npy");
        Assert.Equal("application/x-npy", image["encodingFormat"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(crate, "outputs", "load", "image.axes.json")));
        Assert.True(new FileInfo(Path.Combine(crate, "outputs", "load", "image.npy")).Length > 5 * 4 * 16 * 8, "the spectrum image's data, not its manifest");
        var seed = graph.Values.Single(e => e["@id"]!.GetValue<string>() == "#run-param-seed");
        Assert.Equal("7", seed["value"]!.GetValue<string>());
        Assert.Equal("Float", E("#run-param-base")["additionalType"]!.GetValue<string>());
    }

    [Fact]
    public async Task FailedRun_StepsThatFailedOrWereSkipped_StillNameTheirMethod()
    {
        const string workflow = """
            kiseki: 1
            name: failing
            seed: 1
            steps:
              one:
                method: core.constant@1
                params: { value: 1.0 }
              broken:
                method: core.fail@1
                params: { message: deliberately broken }
              after:
                method: core.sum@1
                inputs: { a: "${one.outputs.value}", b: "${broken.outputs.value}" }
            """;
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("failing.yaml"), workflow);
        var (runCode, runText) = await CrateCli.RunAsync("run", temp.Combine("failing.yaml"), "--store", temp.Combine("store"));
        Assert.Equal(1, runCode);
        var runId = System.Text.RegularExpressions.Regex.Match(runText, "run (01[0-9A-Z]{24})").Groups[1].Value;
        Assert.Equal(0, (await CrateCli.RunAsync("export", runId, "--out", temp.Combine("crate"), "--store", temp.Combine("store"))).Code);

        var graph = Graph(temp.Combine("crate"));

        Assert.Equal("#method-core.fail@1", Id(graph["#step-broken"]["workExample"]));
        Assert.Equal("#method-core.sum@1", Id(graph["#step-after"]["workExample"]));
        Assert.Equal("http://schema.org/FailedActionStatus", graph["#action-broken"]["actionStatus"]!.GetValue<string>());
        Assert.Contains("SoftwareApplication", Types(graph["#method-core.sum@1"]));
    }

    private static Dictionary<string, JsonObject> Graph(string crate)
        => JsonNode.Parse(File.ReadAllText(Path.Combine(crate, "ro-crate-metadata.json")))!["@graph"]!.AsArray()
            .Select(n => n!.AsObject()).ToDictionary(e => e["@id"]!.GetValue<string>());

    private static string? Id(JsonNode? reference) => reference?["@id"]?.GetValue<string>();

    private static IReadOnlyList<string> Types(JsonObject entity)
        => entity["@type"] is JsonArray a ? [.. a.Select(t => t!.GetValue<string>())] : [entity["@type"]!.GetValue<string>()];
}
