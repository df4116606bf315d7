using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Kiseki.Testing;

namespace Kiseki.Engine.Tests.Reproduction;

/// <summary>
/// The README's "Publish a run, reproduce a run": a shipped workflow is run, exported as a zipped crate, the zip is
/// copied to another folder and reproduced there into a fresh store; every output must be identical.
/// </summary>
public sealed class PublishReproduceTests
{
    [Fact]
    public async Task EelsDecomposition_ExportedZipCopiedElsewhere_ReproducesEveryOutputIdentically()
    {
        using var temp = new TempDirectory();
        var workflow = temp.Combine("eels-decomposition.yaml");
        File.Copy(Path.Combine(SharedData.RepositoryRoot, "workflows", "eels-decomposition.yaml"), workflow);
        var (runCode, runText) = await CrateCli.RunAsync("run", workflow, "--store", temp.Combine("store"));
        Assert.Equal(0, runCode);
        var runId = CrateCli.RunId(runText);

        // the two commands of the README section
        var zip = temp.Combine("published", "run.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(zip)!);
        var (exportCode, _) = await CrateCli.RunAsync("export", runId, "--format", "rocrate", "--zip", "--out", zip, "--store", temp.Combine("store"));
        Assert.Equal(0, exportCode);
        var elsewhere = temp.Combine("other-machine", "run.zip");
        Directory.CreateDirectory(Path.GetDirectoryName(elsewhere)!);
        File.Copy(zip, elsewhere);
        var fresh = temp.Combine("other-machine", "fresh-store");
        var (code, text) = await CrateCli.RunAsync("reproduce", elsewhere, "--store", fresh, "--json");

        Assert.True(code == 0, text);
        var report = CrateCli.Json(text);
        Assert.Equal(runId, report["source_run"]!.GetValue<string>());
        Assert.True(report["passed"]!.GetValue<bool>());
        var outputs = report["outputs"]!.AsArray();
        Assert.Equal(28, outputs.Count); // 26 outputs of the analysis steps plus the two .hspy files of maps_hspy and spectra_hspy
        Assert.All(outputs, o => Assert.Equal("identical", o!["verdict"]!.GetValue<string>()));
        Assert.Null(report["first_divergence"]);
        Assert.True(File.Exists(Path.Combine(fresh, "reproductions", report["new_run"]!.GetValue<string>() + ".json")));
        Assert.False(File.Exists(Path.Combine(temp.Combine("other-machine"), "kiseki-run.json")), "the crate is unpacked below the store only");

        // the same crate, unpacked: the numpy arrays open with numpy.load (when python3 with numpy is installed)
        var unpacked = temp.Combine("unpacked");
        ZipFile.ExtractToDirectory(zip, unpacked);
        var script = "import numpy, json, sys\nd = sys.argv[1]\n"
                     + "print(numpy.load(d + '/outputs/phantom/image.npy').shape, json.load(open(d + '/outputs/phantom/image.axes.json'))['axes'][2]['name'], numpy.load(d + '/outputs/nmf_so/spectra.npy').shape)";
        var python = CrateCli.Process("/usr/bin/python3", unpacked, "-c", script, unpacked);
        if (python is { Code: 0 } p)
        {
            Assert.Equal("(64, 64, 256) energy (256, 3)", p.Out.Trim().ToLowerInvariant().Replace("energy loss", "energy", StringComparison.Ordinal));
        }
        else
        {
            Assert.True(python is null || python.Value.Err.Contains("No module named 'numpy'", StringComparison.Ordinal), python?.Err);
        }
    }

    [SkippableFact]
    public async Task MalspyDemo_CrateWithoutInputs_ReproducesIdenticallyWithTheInputFromAMirror()
    {
        var input = SharedData.Require("malspy/SI_data.npz");
        using var temp = new TempDirectory();
        var workflow = temp.Combine("malspy-demo.yaml");
        File.Copy(Path.Combine(SharedData.RepositoryRoot, "workflows", "malspy-demo.yaml"), workflow);
        var mirror = Path.GetDirectoryName(input)!;
        var (runCode, runText) = await CrateCli.RunAsync("run", workflow, "--store", temp.Combine("store"), "--mirror", mirror);
        Assert.True(runCode == 0, runText);
        var zip = temp.Combine("malspy.zip");
        Assert.Equal(0, (await CrateCli.RunAsync("export", CrateCli.RunId(runText), "--zip", "--no-inputs", "--out", zip, "--store", temp.Combine("store"))).Code);
        using (var archive = ZipFile.OpenRead(zip))
        {
            Assert.DoesNotContain(archive.Entries, e => e.FullName.StartsWith("inputs/", StringComparison.Ordinal));
            var metadata = JsonNode.Parse(archive.GetEntry("ro-crate-metadata.json")!.Open())!["@graph"]!.AsArray();
            var reference = metadata.Single(e => e!["name"]?.GetValue<string>() == "si_data")!;
            Assert.Equal("https://raw.githubusercontent.com/MotokiShiga/malspy/master/example/SI_data.npz", reference["@id"]!.GetValue<string>());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(input))), reference["sha256"]!.GetValue<string>());
        }

        var (code, text) = await CrateCli.RunAsync("reproduce", zip, "--store", temp.Combine("fresh"), "--mirror", mirror, "--json");

        Assert.True(code == 0, text);
        var outputs = CrateCli.Json(text)["outputs"]!.AsArray();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.Equal("identical", o!["verdict"]!.GetValue<string>()));
    }
}
