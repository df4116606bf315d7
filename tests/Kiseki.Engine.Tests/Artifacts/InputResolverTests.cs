using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Definitions;
using Kiseki.Testing;

namespace Kiseki.Engine.Tests.Artifacts;

public sealed class InputResolverTests
{
    private static readonly byte[] Content = [1, 2, 3, 4, 5, 6, 7];

    [Fact]
    public async Task Resolve_MissingPinnedFile_FoundInMirrorUnderAnotherName()
    {
        using var directory = new TempDirectory();
        var mirror = directory.Combine("mirror");
        Directory.CreateDirectory(mirror);
        File.WriteAllBytes(Path.Combine(mirror, "decoy.bin"), [9, 9]);
        File.WriteAllBytes(Path.Combine(mirror, "renamed.dat"), Content);
        var input = Input("data/si.bin", ContentHash.Of(Content));
        var resolver = new InputResolver(new FileHasher(HashMemo.InMemory()), [mirror]);

        var file = await resolver.ResolveAsync(input, directory.Path, CancellationToken.None);

        Assert.Equal(Path.Combine(mirror, "renamed.dat"), file.Path);
        Assert.Equal(ContentHash.Of(Content), file.Hash);
    }

    [Fact]
    public async Task Resolve_PresentFileWithOtherContent_FailsNamingTheInput()
    {
        using var directory = new TempDirectory();
        File.WriteAllBytes(directory.Combine("si.bin"), [0, 0, 0]);
        var resolver = new InputResolver(new FileHasher(HashMemo.InMemory()), []);

        var error = await Assert.ThrowsAsync<InputException>(
            () => resolver.ResolveAsync(Input("si.bin", ContentHash.Of(Content)), directory.Path, CancellationToken.None));

        Assert.Contains("'spectrum'", error.Message);
        Assert.Contains("pins", error.Message);
    }

    [Fact]
    public async Task Resolve_MissingFileNoMirrorNoUrl_FailsNamingTheInput()
    {
        using var directory = new TempDirectory();
        var resolver = new InputResolver(new FileHasher(HashMemo.InMemory()), []);

        var error = await Assert.ThrowsAsync<InputException>(
            () => resolver.ResolveAsync(Input("absent.bin", ContentHash.Of(Content)), directory.Path, CancellationToken.None));

        Assert.Contains("'spectrum'", error.Message);
        Assert.Contains("does not exist", error.Message);
    }

    private static ExternalInput Input(string path, ContentHash? pin)
        => new("spectrum", path, pin, null, new SourceLocation("workflow.yaml", 5, 3));
}
