using System.Text;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;

namespace Kiseki.Engine.Tests.Reproduction;

public sealed class ReproduceVerdictTests
{
    [Fact]
    public async Task TamperedOutput_IsDifferentAtThatStep_AndExits1()
    {
        using var tiny = await TinyCrate.CreateAsync();
        var crate = await tiny.ExportAsync("crate");
        var file = Path.Combine(crate, "outputs", "svd", "spectra.npy");
        var bytes = File.ReadAllBytes(file);
        bytes[^3] ^= 0x40; // a value changed; the recorded SHA-256 left as it was
        File.WriteAllBytes(file, bytes);

        var (code, text) = await CrateCli.RunAsync("reproduce", crate, "--store", tiny.Temp.Combine("fresh"), "--json");

        Assert.Equal(1, code);
        var report = CrateCli.Json(text);
        var spectra = report["outputs"]!.AsArray().Single(o => o!["step"]!.GetValue<string>() == "svd" && o["port"]!.GetValue<string>() == "spectra")!;
        Assert.Equal("different", spectra["verdict"]!.GetValue<string>());
        Assert.Contains("SHA-256", spectra["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("svd", report["first_divergence"]!["step"]!.GetValue<string>());
        Assert.All(report["outputs"]!.AsArray().Where(o => o!["step"]!.GetValue<string>() == "load"), o => Assert.Equal("identical", o!["verdict"]!.GetValue<string>()));
    }

    [Fact]
    public async Task CrateOfAnOlderMethodVersion_NamesTheVersionDifferenceAtTheFirstDivergingStep()
    {
        using var tiny = await TinyCrate.CreateAsync();
        var crate = await tiny.ExportAsync("crate");
        // what an older Kiseki would have exported: spectral.svd@0, whose spectra differed by 1 %
        var workflow = Path.Combine(crate, "workflow.yaml");
        File.WriteAllText(workflow, File.ReadAllText(workflow).Replace("spectral.svd@1", "spectral.svd@0", StringComparison.Ordinal));
        TinyCrate.RewriteOutput(crate, "svd", "spectra", a => NdArray.Create(a.ToDoubleArray().Select(v => v * 1.01).ToArray(), [.. a.Shape]));
        TinyCrate.EditManifest(crate, m =>
        {
            m["run"]!["workflow_sha256"] = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(workflow)));
            m["steps"]!.AsArray().Single(s => s!["id"]!.GetValue<string>() == "svd")!["version"] = 0;
        });

        var (code, text) = await CrateCli.RunAsync("reproduce", crate, "--store", tiny.Temp.Combine("fresh"));

        Assert.Equal(1, code);
        Assert.Contains("first diverging step: svd", text, StringComparison.Ordinal);
        Assert.Contains("different method version: spectral.svd@0 recorded, spectral.svd@1 in this build", text, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^different\s+svd\.spectra  ", text);
    }

    [Fact]
    public async Task ComponentsReorderedAndSignFlipped_AreEquivalentWithThePermutation_AndExit0()
    {
        using var tiny = await TinyCrate.CreateAsync();
        var crate = await tiny.ExportAsync("crate");
        int[] order = [2, 0, 1];
        TinyCrate.RewriteOutput(crate, "svd", "maps", a => TinyCrate.Permute(a, order, [1, -1, 1]));
        TinyCrate.RewriteOutput(crate, "svd", "spectra", a => TinyCrate.Permute(a, order, [1, -1, 1]));
        TinyCrate.RewriteOutput(crate, "svd", "singular_values", a => TinyCrate.Permute(a, order, [1, 1, 1]));
        TinyCrate.RewriteOutput(crate, "svd", "explained_variance", a => TinyCrate.Permute(a, order, [1, 1, 1]));

        var (code, text) = await CrateCli.RunAsync("reproduce", crate, "--store", tiny.Temp.Combine("fresh"), "--json");

        Assert.True(code == 0, text);
        var svd = CrateCli.Json(text)["outputs"]!.AsArray().Where(o => o!["step"]!.GetValue<string>() == "svd").ToDictionary(o => o!["port"]!.GetValue<string>());
        foreach (var port in new[] { "maps", "spectra", "singular_values", "explained_variance" })
        {
            Assert.Equal("equivalent up to component order/sign", svd[port]!["verdict"]!.GetValue<string>());
        }

        // recorded component 0 is the recomputed component 2, recorded 1 is recomputed 0 with its sign flipped, …
        Assert.Contains("0→2, 1→−0, 2→1", svd["spectra"]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("identical", svd["residual"]!["verdict"]!.GetValue<string>());
    }

    [Fact]
    public async Task ComponentsReorderedForAMethodWithoutFactorSets_AreDifferent()
    {
        using var tiny = await TinyCrate.CreateAsync();
        var crate = await tiny.ExportAsync("crate");
        TinyCrate.RewriteOutput(crate, "svd", "residual", a => TinyCrate.Permute(a, [1, 0, 2, 3], [1, 1, 1, 1]));

        var (code, text) = await CrateCli.RunAsync("reproduce", crate, "--store", tiny.Temp.Combine("fresh"));

        Assert.Equal(1, code);
        Assert.Matches(@"(?m)^different\s+svd\.residual  ", text);
    }

    [Fact]
    public async Task Rerun_PrintsTheVerdictAgainstTheRecordedRun_AndTheReportShowsIt()
    {
        using var tiny = await TinyCrate.CreateAsync();

        var (code, text) = await CrateCli.RunAsync("rerun", tiny.RunId, "--store", tiny.Store, "--no-cache", "--mirror", tiny.Temp.Path);

        Assert.True(code == 0, text);
        Assert.Matches(@"reproduced: (\d+) outputs compared \(\1 identical\)", text);
        Assert.Matches(@"(?m)^identical\s+svd\.spectra$", text);
        var report = tiny.Temp.Combine("report.html");
        Assert.Equal(0, (await CrateCli.RunAsync("report", tiny.RunId, "--out", report, "--store", tiny.Store)).Code);
        var html = Encoding.UTF8.GetString(File.ReadAllBytes(report));
        Assert.Contains("Latest reproduction", html, StringComparison.Ordinal);
        Assert.Contains("reproduced", html, StringComparison.Ordinal);
    }
}
