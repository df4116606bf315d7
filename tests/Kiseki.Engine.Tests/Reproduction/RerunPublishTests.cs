namespace Kiseki.Engine.Tests.Reproduction;

public sealed class RerunPublishTests
{
    private const string Workflow = TinyCrate.Workflow + """

        publish:
          spectra: ${svd.outputs.spectra}
          one: ${one.outputs.value}
        """;

    [Fact]
    public async Task Rerun_WithAPublishSection_PublishesTheNewRunsFiles()
    {
        using var tiny = await TinyCrate.CreateAsync(Workflow);
        var recordedFiles = Directory.GetFiles(tiny.Temp.Combine("results", tiny.RunId)).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, recordedFiles.Count);

        var (code, text) = await CrateCli.RunAsync("rerun", tiny.RunId, "--store", tiny.Store, "--no-cache", "--mirror", tiny.Temp.Path);

        Assert.True(code == 0, text);
        var newRun = CrateCli.RunId(text);
        Assert.NotEqual(tiny.RunId, newRun);
        var published = tiny.Temp.Combine("results", newRun);
        Assert.Contains($"results: {published} (2 files)", text, StringComparison.Ordinal);
        Assert.Equal(recordedFiles, Directory.GetFiles(published).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        foreach (var name in recordedFiles)
        {
            Assert.Equal(File.ReadAllBytes(tiny.Temp.Combine("results", tiny.RunId, name!)), File.ReadAllBytes(Path.Combine(published, name!)));
        }

        var elsewhere = tiny.Temp.Combine("elsewhere");
        (code, text) = await CrateCli.RunAsync("rerun", tiny.RunId, "--store", tiny.Store, "--mirror", tiny.Temp.Path, "--results", elsewhere);
        Assert.True(code == 0, text);
        Assert.Equal(recordedFiles, Directory.GetFiles(Path.Combine(elsewhere, CrateCli.RunId(text))).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }
}
