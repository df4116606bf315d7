using System.IO.Compression;
using Kiseki.Testing;

namespace Kiseki.Engine.Tests.Reproduction;

public sealed class CrateBadInputTests
{
    [Fact]
    public async Task FolderWithoutMetadata_IsNotACrate()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("empty"));

        var (code, text) = await CrateCli.RunAsync("reproduce", temp.Combine("empty"), "--store", temp.Combine("fresh"));

        Assert.Equal(1, code);
        Assert.Contains("not an RO-Crate (no ro-crate-metadata.json", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RoCrateNotWrittenByKiseki_IsRefusedByName()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.Combine("other"));
        File.WriteAllText(temp.Combine("other", "ro-crate-metadata.json"),
            """{"@context":"https://w3id.org/ro/crate/1.1/context","@graph":[{"@id":"./","@type":"Dataset","hasPart":[{"@id":"data.csv"}]}]}""");

        var (code, text) = await CrateCli.RunAsync("reproduce", temp.Combine("other"), "--store", temp.Combine("fresh"));

        Assert.Equal(1, code);
        Assert.Contains("an RO-Crate, but not a Kiseki Workflow Run crate", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TruncatedZip_IsADamagedZip()
    {
        using var tiny = await TinyCrate.CreateAsync();
        var zip = tiny.Temp.Combine("crate.zip");
        Assert.Equal(0, (await CrateCli.RunAsync("export", tiny.RunId, "--zip", "--out", zip, "--store", tiny.Store)).Code);
        var bytes = File.ReadAllBytes(zip);
        File.WriteAllBytes(zip, bytes[..(bytes.Length / 2)]);

        var (code, text) = await CrateCli.RunAsync("reproduce", zip, "--store", tiny.Temp.Combine("fresh"));

        Assert.Equal(1, code);
        Assert.Contains("damaged zip archive", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingInputWithoutUrl_NamesTheInputAndTheMirrorOption()
    {
        using var tiny = await TinyCrate.CreateAsync();
        var crate = await tiny.ExportAsync("crate", "--no-inputs");
        Assert.False(Directory.Exists(Path.Combine(crate, "inputs")));

        var (code, text) = await CrateCli.RunAsync("reproduce", crate, "--store", tiny.Temp.Combine("fresh"));

        Assert.Equal(1, code);
        Assert.Contains("input 'data'", text, StringComparison.Ordinal);
        Assert.Contains("--mirror", text, StringComparison.Ordinal);

        // with a mirror holding the file it reproduces
        var (mirrored, mirroredText) = await CrateCli.RunAsync("reproduce", crate, "--store", tiny.Temp.Combine("fresh2"), "--mirror", tiny.Temp.Path);
        Assert.True(mirrored == 0, mirroredText);
    }

    [Fact]
    public async Task IncludedInputAltered_IsAHashMismatch()
    {
        using var tiny = await TinyCrate.CreateAsync();
        var crate = await tiny.ExportAsync("crate");
        var input = Directory.GetFiles(Path.Combine(crate, "inputs"), "*", SearchOption.AllDirectories).Single();
        File.AppendAllText(input, " ");

        var (code, text) = await CrateCli.RunAsync("reproduce", crate, "--store", tiny.Temp.Combine("fresh"));

        Assert.Equal(1, code);
        Assert.Contains("data", text, StringComparison.Ordinal);
        Assert.Matches("hash|sha256", text.ToLowerInvariant());
        Assert.DoesNotContain("reproduced", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../escaped.txt")]
    [InlineData("outputs/../../escaped.txt")]
    [InlineData("/tmp/kiseki-zip-slip-escaped.txt")]
    public async Task ZipSlipEntry_IsRefusedAndNothingIsWritten(string entryName)
    {
        using var temp = new TempDirectory();
        var zip = temp.Combine("hostile.zip");
        using (var archive = ZipFile.Open(zip, ZipArchiveMode.Create))
        {
            using (var writer = new StreamWriter(archive.CreateEntry("ro-crate-metadata.json").Open()))
            {
                writer.Write("{}");
            }

            using (var writer = new StreamWriter(archive.CreateEntry(entryName).Open()))
            {
                writer.Write("escaped");
            }
        }

        var store = temp.Combine("sub", "store");
        var (code, text) = await CrateCli.RunAsync("reproduce", zip, "--store", store);

        Assert.Equal(1, code);
        Assert.Contains("refused", text, StringComparison.Ordinal);
        Assert.False(File.Exists("/tmp/kiseki-zip-slip-escaped.txt"));
        Assert.Empty(Directory.GetFiles(temp.Path, "escaped.txt", SearchOption.AllDirectories));
        Assert.False(Directory.Exists(Path.Combine(store, "crates")) && Directory.EnumerateFiles(Path.Combine(store, "crates"), "*", SearchOption.AllDirectories).Any(),
            "nothing is extracted from a refused archive");
    }
}
