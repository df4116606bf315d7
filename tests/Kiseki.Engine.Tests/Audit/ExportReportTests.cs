using System.Diagnostics;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Kiseki.Engine.Audit.Report;
using Kiseki.Provenance.Export;
using Kiseki.Testing;

namespace Kiseki.Engine.Tests.Audit;

public sealed class ExportReportTests
{
    [Fact]
    public async Task RoCrate_Run_HasRequiredEntitiesAndMatchingFileHashes()
    {
        using var fixture = await AuditFixture.CreateAsync();
        using var output = new TempDirectory();
        var crate = output.Combine("crate");

        RunCrateWriter.WriteFolder(ExportedRun.Load(fixture.Harness.Provenance, fixture.SecondId, fixture.Store.PathOf), crate);

        var graph = JsonNode.Parse(File.ReadAllText(Path.Combine(crate, "ro-crate-metadata.json")))!["@graph"]!.AsArray().Select(n => n!.AsObject()).ToList();
        JsonObject Entity(string id) => graph.Single(e => e["@id"]!.GetValue<string>() == id);
        bool HasType(JsonObject e, string type) => e["@type"] is JsonArray a ? a.Any(t => t!.GetValue<string>() == type) : e["@type"]!.GetValue<string>() == type;
        Assert.Equal("./", Entity("ro-crate-metadata.json")["about"]!["@id"]!.GetValue<string>());
        var root = Entity("./");
        Assert.True(HasType(root, "Dataset"));
        Assert.Contains(root["conformsTo"]!.AsArray(), p => p!["@id"]!.GetValue<string>() == "https://w3id.org/ro/wfrun/provenance/0.5");
        var workflow = Entity(root["mainEntity"]!["@id"]!.GetValue<string>());
        Assert.True(HasType(workflow, "ComputationalWorkflow"));
        var actions = graph.Where(e => HasType(e, "CreateAction") && e["@id"]!.GetValue<string>().StartsWith("#action-", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, actions.Count);
        var one = Entity("#action-one");
        var instrument = Entity(one["instrument"]!["@id"]!.GetValue<string>());
        Assert.True(HasType(instrument, "SoftwareApplication"));
        Assert.Equal("core.constant", instrument["name"]!.GetValue<string>());
        var parameter = one["object"]!.AsArray().Select(o => Entity(o!["@id"]!.GetValue<string>())).Single(e => HasType(e, "PropertyValue"));
        Assert.Equal("value", parameter["name"]!.GetValue<string>());
        Assert.Equal(4.0, parameter["value"]!.GetValue<double>());
        Assert.Single(graph, e => HasType(e, "OrganizeAction"));
        var files = graph.Where(e => HasType(e, "File") && e["@id"]!.GetValue<string>().StartsWith("outputs/", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, files.Count);
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(Path.Combine(crate, file["@id"]!.GetValue<string>()));
            Assert.Equal(file["sha256"]!.GetValue<string>(), Convert.ToHexStringLower(SHA256.HashData(bytes)));
        }

        var total = Entity("#action-total");
        Assert.Equal(2, total["object"]!.AsArray().Count(o => o!["@id"]!.GetValue<string>().StartsWith("outputs/", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RoCrate_Zip_HoldsMetadataAtTheRoot()
    {
        using var fixture = await AuditFixture.CreateAsync();
        using var output = new TempDirectory();
        var zip = output.Combine("crate.zip");

        var (code, _) = await fixture.CliAsync("export", fixture.FirstId, "--format", "rocrate", "--zip", "--out", zip);

        Assert.Equal(0, code);
        using var archive = ZipFile.OpenRead(zip);
        Assert.Contains(archive.Entries, e => e.FullName == "ro-crate-metadata.json");
        Assert.Contains(archive.Entries, e => e.FullName.StartsWith("outputs/noise/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProvJson_Run_HasEntitiesActivitiesAgentsAndRelations()
    {
        using var fixture = await AuditFixture.CreateAsync();

        var prov = ProvJsonWriter.Build(ExportedRun.Load(fixture.Harness.Provenance, fixture.SecondId, fixture.Store.PathOf));

        foreach (var section in new[] { "prefix", "entity", "activity", "agent", "used", "wasGeneratedBy", "wasAssociatedWith" })
        {
            Assert.NotNull(prov[section]);
        }

        var total = fixture.Second.Summary["total"].Outputs["sum"];
        var generation = prov["wasGeneratedBy"]!.AsObject().Select(p => p.Value!).Single(g => g["prov:entity"]!.GetValue<string>() == "sha256:" + total.Hex);
        var activity = generation["prov:activity"]!.GetValue<string>();
        Assert.Equal("total", prov["activity"]![activity]!["prov:label"]!.GetValue<string>());
        Assert.Equal(2, prov["used"]!.AsObject().Count(u => u.Value!["prov:activity"]!.GetValue<string>() == activity));
        Assert.Contains(prov["wasAssociatedWith"]!.AsObject(), a => a.Value!["prov:agent"]!.GetValue<string>() == "kiseki:method/core.sum@1");
        Assert.True(prov["agent"]!.AsObject().ContainsKey("kiseki:method/core.sum@1"));
    }

    [Fact]
    public async Task Report_Run_IsSelfContainedWithGraphStepsAndParameters()
    {
        using var fixture = await AuditFixture.CreateAsync();

        var html = new HtmlReport(fixture.Store).Render(fixture.SecondId);

        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("data-step=\"total\"", html, StringComparison.Ordinal);
        Assert.Contains(">base<", html, StringComparison.Ordinal);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""), StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.Ordinal);
        Assert.Equal(2, html.Split("class=\"edge\"").Length - 1); // one → total and two → total; noise stands alone
    }

    [Fact]
    public void DagLayout_Chain_PutsEachStepOneLayerFurther()
    {
        var layers = DagLayout.Layers(["a", "b", "c", "d"], [("a", "b"), ("b", "c"), ("a", "c")]);

        Assert.Equal([0, 1, 2, 0], new[] { "a", "b", "c", "d" }.Select(n => layers[n]));
    }

    [SkippableFact]
    public async Task Report_RenderedInHeadlessChromium_ShowsStepsAndFigure()
    {
        Skip.IfNot(File.Exists("/usr/bin/chromium"), "/usr/bin/chromium is absent (installed by .ci/setup-system: apt-get install -y chromium)");
        using var fixture = await AuditFixture.CreateAsync();
        using var output = new TempDirectory();
        var page = output.Combine("report.html");
        var (code, _) = await fixture.CliAsync("report", fixture.SecondId[..12], "--out", page);
        Assert.Equal(0, code);

        var start = new ProcessStartInfo("/usr/bin/chromium")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                     "--disable-sync", "--no-first-run", "--user-data-dir=" + output.Combine("profile"), "--dump-dom", "file://" + page,
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var chromium = Process.Start(start)!;
        var dom = await chromium.StandardOutput.ReadToEndAsync();
        await chromium.WaitForExitAsync();

        Assert.Contains(fixture.SecondId, dom, StringComparison.Ordinal);
        Assert.Contains("data-step=\"noise\"", dom, StringComparison.Ordinal);
        Assert.Contains("<svg", dom, StringComparison.Ordinal);
        Assert.Contains("cached", dom, StringComparison.Ordinal);
    }
}
