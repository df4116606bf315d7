using System.Text;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Testing;

namespace Kiseki.Engine.Tests.Artifacts;

public sealed class ObjectStoreTests
{
    [Fact]
    public void Put_SameBytesTwice_OneObjectNamedByHashAndNoTempFiles()
    {
        using var directory = new TempDirectory();
        var store = ObjectStore.Open(directory.Path);
        var bytes = Encoding.UTF8.GetBytes("hello kiseki");
        var first = store.Put(bytes);
        var second = store.Put(bytes);

        Assert.Equal(first, second);
        Assert.Equal(ContentHash.Of(bytes), first);
        Assert.Equal(bytes, File.ReadAllBytes(store.PathOf(first)));
        var files = Directory.GetFiles(store.ObjectsDirectory, "*", SearchOption.AllDirectories);
        Assert.Single(files);
        Assert.EndsWith(first.Hex[2..], files[0]);
    }

    [Fact]
    public void TryVerify_FlippedByte_ReportsCorruptedObjectByName()
    {
        using var directory = new TempDirectory();
        var store = ObjectStore.Open(directory.Path);
        var hash = store.Put(Encoding.UTF8.GetBytes("some object content"));
        Assert.True(store.TryVerify(hash, out _));
        var path = store.PathOf(hash);
        var bytes = File.ReadAllBytes(path);
        bytes[3] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));

        Assert.False(store.TryVerify(hash, out var problem));
        Assert.Contains(hash.ToString(), problem);
        Assert.Contains("corrupted", problem);
        Assert.Throws<ObjectStoreException>(() => store.ReadVerified(hash));
    }

    [Fact]
    public void TryVerify_MissingObject_ReportsMissing()
    {
        using var directory = new TempDirectory();
        var store = ObjectStore.Open(directory.Path);
        var hash = store.Put([1, 2, 3]);
        File.Delete(store.PathOf(hash));

        Assert.False(store.TryVerify(hash, out var problem));
        Assert.Contains("missing", problem);
    }

    [Fact]
    public void Codec_EveryArtifactKind_RoundTrips()
    {
        using var directory = new TempDirectory();
        var codec = new ArtifactCodec(ObjectStore.Open(directory.Path));
        var array = NdArray.Create(new[] { 1.5, -2.0, 3.25, 4.0, 5.0, 6.0 }, 2, 3);
        var image = new SpectrumImage(
            NdArray.Create(new float[2 * 2 * 3], 2, 2, 3), new Axis("y", 2, 0, 1.5, "nm"), new Axis("x", 2, 0, 1.5, "nm"),
            new Axis("energy", 3, 100, 0.5, "eV"), SignalKind.Eels, new JsonObject { ["format"] = "test" });
        var table = new Table([TableColumn.Numeric("k", [1, 2]), TableColumn.Text("name", ["a", "b,c"])]);
        var json = new JsonArtifact(new JsonObject { ["x"] = 1.25, ["n"] = 3 });

        var decodedArray = (NdArray)codec.Decode(codec.Encode(array).Hash, "ndarray");
        Assert.Equal(array.GetData<double>(), decodedArray.GetData<double>());
        Assert.Equal(array.Shape, decodedArray.Shape);

        var storedImage = codec.Encode(image);
        Assert.Equal(2, storedImage.Blobs.Count);
        var decodedImage = (SpectrumImage)codec.Decode(storedImage.Hash, "spectrum-image");
        Assert.Equal(image.ChannelAxis, decodedImage.ChannelAxis);
        Assert.Equal(SignalKind.Eels, decodedImage.Signal);
        Assert.Equal("test", decodedImage.Source["format"]!.GetValue<string>());

        var decodedTable = (Table)codec.Decode(codec.Encode(table).Hash, "table");
        Assert.Equal(table.ToCsv(), decodedTable.ToCsv());

        var decodedJson = (JsonArtifact)codec.Decode(codec.Encode(json).Hash, "json");
        Assert.Equal(1.25, decodedJson.Value["x"]!.GetValue<double>());

        var png = new Figure([0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 1, 2]);
        Assert.Equal(png.Png, ((Figure)codec.Decode(codec.Encode(png).Hash, "figure")).Png);

        var file = directory.Combine("input.bin");
        File.WriteAllBytes(file, [9, 8, 7]);
        var stored = codec.Encode(FileArtifact.FromPath(file));
        Assert.Equal(ContentHash.Of([9, 8, 7]), stored.Hash);
        Assert.Equal(new byte[] { 9, 8, 7 }, File.ReadAllBytes(((FileArtifact)codec.Decode(stored.Hash, "file")).Path));
    }

    [Fact]
    public void FileHasher_UnchangedFile_IsNotHashedAgain()
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("data.bin");
        File.WriteAllBytes(path, new byte[100_000]);
        Thread.Sleep(HashMemo.RacyWindow * 2); // a file changed within the racy window is never remembered
        var first = new FileHasher(HashMemo.Open(directory.Combine("memo")));
        var hash = first.Hash(path);
        var second = new FileHasher(HashMemo.Open(directory.Combine("memo")));

        Assert.Equal(hash, second.Hash(path));
        Assert.Equal(1, first.FilesHashed);
        Assert.Equal(0, second.FilesHashed);
        Assert.Equal(ContentHash.Of(new byte[100_000]), hash);
    }

    [Fact]
    public void PutStreamed_LargeObject_RememberedAsVerified_NotHashedAgainOnItsFirstRead()
    {
        using var directory = new TempDirectory();
        var store = ObjectStore.Open(directory.Combine("store"));
        var block = new byte[1 << 20];
        block[7] = 1;
        var (hash, length) = store.PutStreamed(stream =>
        {
            for (var i = 0; i < ObjectStore.LargeObjectBytes / block.Length; i++)
            {
                stream.Write(block);
            }
        });

        Assert.Equal(ObjectStore.LargeObjectBytes, length);
        var info = new FileInfo(store.PathOf(hash));
        Assert.True(store.Memo.IsVerified(info, hash), "a large object just written is remembered at its final place");
        Assert.True(ObjectStore.Open(directory.Combine("store")).Memo.IsVerified(info, hash), "and the memo is on disk");

        // Any change to the file afterwards (here its modification time) changes its stamp: it is hashed again.
        Thread.Sleep(HashMemo.RacyWindow);
        File.SetLastWriteTimeUtc(info.FullName, DateTime.UtcNow.AddSeconds(-5));
        Assert.False(store.Memo.IsVerified(new FileInfo(info.FullName), hash));
    }
}
