using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Engine.Artifacts;

/// <summary>Objects written and read as streams, hashed on the way (no whole-object buffer in memory).</summary>
public sealed partial class ObjectStore
{
    /// <summary>
    /// Stores what <paramref name="write"/> writes, hashing it as it goes: written to a temp file, flushed to disk and
    /// renamed to its hash (dropped when an intact object with that hash exists). Returns the hash and byte count.
    /// </summary>
    public (ContentHash Hash, long Length) PutStreamed(Action<Stream> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var directory = Layout.StagingDirectory;
        Layout.RefuseLinks(directory);
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, Guid.NewGuid().ToString("N"));
        try
        {
            ContentHash hash;
            long length;
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize))
            {
                using var hashing = new HashingStream(file);
                write(hashing);
                hash = hashing.Finish();
                length = hashing.Count;
                file.Flush(flushToDisk: true);
            }

            var path = PathOf(hash);
            if (!(File.Exists(path) && new FileInfo(path).Length == length && TryVerify(hash, out _)))
            {
                PrepareFolder(path);
                var stamp = FileStamp.Of(new FileInfo(temp), withInode: true);
                MoveIntoPlace(temp, path);
                Memo.RememberVerified(path, hash, stamp);
            }

            return (hash, length);
        }
        finally
        {
            TryDelete(temp);
        }
    }

    /// <summary>
    /// Decodes an object with <paramref name="read"/> straight from its file while hashing every byte (the rest of the
    /// file too); throws <see cref="ObjectStoreException"/> when the object is missing or its bytes do not hash to
    /// <paramref name="hash"/>, so a decoded value is never returned from a corrupted object.
    /// </summary>
    public T ReadVerified<T>(ContentHash hash, Func<Stream, T> read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var path = PathOf(hash);
        if (!File.Exists(path))
        {
            throw ObjectStoreException.Missing(hash, path);
        }

        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, BufferSize, FileOptions.SequentialScan);
        using var hashing = new HashingStream(file);
        T value;
        try
        {
            value = read(hashing);
        }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException or ArgumentException or OverflowException or FormatException)
        {
            var actual = hashing.Finish();
            if (actual != hash)
            {
                throw ObjectStoreException.Corrupted(hash, path, actual);
            }

            throw;
        }

        var whole = hashing.Finish();
        return whole == hash ? value : throw ObjectStoreException.Corrupted(hash, path, whole);
    }
}
