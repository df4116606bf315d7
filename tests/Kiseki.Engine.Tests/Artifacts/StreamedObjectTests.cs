using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Testing;

namespace Kiseki.Engine.Tests.Artifacts;

public sealed class StreamedObjectTests
{
    [Fact]
    public void PutStreamed_SameBytesAsPut_SameHashLengthAndFileWithNoTempLeft()
    {
        using var directory = new TempDirectory();
        var store = ObjectStore.Open(directory.Path);
        var array = NdArray.Create(Enumerable.Range(0, 3000).Select(i => (float)(i * 0.5)).ToArray(), 10, 300);
        var bytes = NpyFormat.ToBytes(array);

        var (hash, length) = store.PutStreamed(stream => NpyFormat.Write(stream, array));

        Assert.Equal(ContentHash.Of(bytes), hash);
        Assert.Equal(bytes.Length, length);
        Assert.Equal(bytes, File.ReadAllBytes(store.PathOf(hash)));
        Assert.Equal(hash, store.PutStreamed(stream => stream.Write(bytes)).Hash);
        Assert.Empty(Directory.GetFiles(Path.Combine(store.ObjectsDirectory, "tmp")));
    }

    [Fact]
    public void ReadVerifiedStreamed_IntactObject_DecodesTheArray()
    {
        using var directory = new TempDirectory();
        var store = ObjectStore.Open(directory.Path);
        var array = NdArray.Create(new double[] { 1, 2.5, -3, 4e300 }, 2, 2);
        var hash = store.Put(NpyFormat.ToBytes(array));

        var read = store.ReadVerified(hash, NpyFormat.Read);

        Assert.Equal(array.GetData<double>(), read.GetData<double>());
        Assert.Equal([2, 2], read.Shape);
    }

    [Fact]
    public void ReadVerifiedStreamed_ByteFlippedAfterTheDecodedPart_ThrowsCorrupted()
    {
        using var directory = new TempDirectory();
        var store = ObjectStore.Open(directory.Path);
        var hash = store.Put([.. NpyFormat.ToBytes(NdArray.Create(new double[] { 1, 2, 3 }, 3)), .. new byte[] { 7, 7 }]);
        var path = store.PathOf(hash);
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 1;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<ObjectStoreException>(() => store.ReadVerified(hash, NpyFormat.Read));
        Assert.Contains("corrupted", error.Message);
    }

    [Fact]
    public void ReadVerifiedStreamed_TruncatedObject_ThrowsCorruptedNotEndOfStream()
    {
        using var directory = new TempDirectory();
        var store = ObjectStore.Open(directory.Path);
        var hash = store.Put(NpyFormat.ToBytes(NdArray.Create(new double[1000], 1000)));
        var path = store.PathOf(hash);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..500]);

        Assert.Throws<ObjectStoreException>(() => store.ReadVerified(hash, NpyFormat.Read));
        Assert.Throws<ObjectStoreException>(() => store.ReadVerified(ContentHash.Of([9]), NpyFormat.Read));
    }

    [Fact]
    public void Codec_ArrayStoredInThisProcess_IsHandedOutAgainWithoutACopy_AndAFreshCodecDecodesEqualValues()
    {
        using var directory = new TempDirectory();
        var store = ObjectStore.Open(directory.Path);
        var codec = new ArtifactCodec(store);
        var array = NdArray.Create(new float[] { 1, 2, 3, 4, 5, 6 }, 1, 2, 3);
        var image = new SpectrumImage(array, new Axis("y", 1, 0, 1, ""), new Axis("x", 2, 0, 1, ""), new Axis("E", 3, 100, 0.5, "eV"), SignalKind.Eels, []);

        var stored = codec.Encode(image);
        var again = (SpectrumImage)codec.Decode(stored.Hash, stored.Kind);
        var fresh = (SpectrumImage)new ArtifactCodec(store).Decode(stored.Hash, stored.Kind);

        Assert.Same(array, again.Data);
        Assert.NotSame(array, fresh.Data);
        Assert.Equal(array.GetData<float>(), fresh.Data.GetData<float>());
        Assert.Equal(NpyFormat.ToBytes(array).Length, stored.Size - File.ReadAllBytes(store.PathOf(stored.Hash)).Length);
    }
}
