using System.Collections.Concurrent;
using System.Security.Cryptography;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Engine.Artifacts;

/// <summary>
/// Content-addressed objects under <c>&lt;store&gt;/objects/sha256/ab/cdef…</c>. Writes go to a temp file in the same
/// folder, are flushed to disk and renamed into place, so a crash never leaves a half object under its final name.
/// Reads of cached objects re-verify size and hash, memoised by a (size, mtime, inode, ctime) stamp
/// (<see cref="HashMemo"/>). Nothing is written through a symbolic link planted inside the store.
/// </summary>
public sealed class ObjectStore
{
    private const int BufferSize = 1 << 20;
    private readonly ConcurrentDictionary<string, bool> _checkedFolders = new(StringComparer.Ordinal);

    private ObjectStore(StoreLayout layout)
    {
        Layout = layout;
        layout.RefuseLinks(layout.ObjectsDirectory);
        layout.RefuseLinks(layout.MemoDirectory);
        layout.RefuseLinks(layout.LocksDirectory);
        Directory.CreateDirectory(ObjectsDirectory);
        Memo = HashMemo.Open(layout.MemoDirectory);
    }

    /// <summary>Where things live in the store folder.</summary>
    public StoreLayout Layout { get; }

    /// <summary>The store folder (holding <c>objects/</c>, <c>memo/</c> and the provenance database).</summary>
    public string Root => Layout.Root;

    /// <summary>The folder of the objects (<c>objects/sha256</c>).</summary>
    public string ObjectsDirectory => Layout.ObjectsDirectory;

    /// <summary>Memo of verified objects and hashed input files.</summary>
    public HashMemo Memo { get; }

    /// <summary>Opens (creating when needed) the store at <paramref name="root"/>.</summary>
    public static ObjectStore Open(string root) => new(StoreLayout.Of(root));

    /// <summary>The path an object with <paramref name="hash"/> has (whether or not it exists).</summary>
    public string PathOf(ContentHash hash) => Layout.PathOf(hash);

    /// <summary>Whether an object file exists (without verifying it).</summary>
    public bool Contains(ContentHash hash) => File.Exists(PathOf(hash));

    /// <summary>Stores <paramref name="bytes"/>; returns their hash. Storing an existing intact object is a no-op.</summary>
    public ContentHash Put(ReadOnlySpan<byte> bytes)
    {
        var hash = ContentHash.Of(bytes);
        var path = PathOf(hash);
        if (File.Exists(path) && new FileInfo(path).Length == bytes.Length && TryVerify(hash, out _))
        {
            return hash;
        }

        var temp = TempPath(path);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            MoveIntoPlace(temp, path);
            RememberWritten(path, hash, bytes.Length);
        }
        finally
        {
            TryDelete(temp);
        }

        return hash;
    }

    /// <summary>Copies a file into the store (streaming, hashed while copying); returns its hash.</summary>
    public ContentHash PutFile(string sourcePath)
        => PutStreamed(target =>
        {
            using var source = new FileStream(sourcePath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            source.CopyTo(target, 4 << 20);
        }).Hash;

    /// <summary>
    /// Checks that the object exists with the right content. The full hash is recomputed only when the
    /// memo does not vouch for the file's current (size, mtime, inode, ctime) stamp. <paramref name="problem"/> says
    /// what is wrong.
    /// </summary>
    public bool TryVerify(ContentHash hash, out string? problem)
    {
        var path = PathOf(hash);
        var info = new FileInfo(path);
        if (!info.Exists)
        {
            problem = $"object {hash} is missing ({path})";
            return false;
        }

        if (Memo.IsVerified(info, hash))
        {
            problem = null;
            return true;
        }

        var stamp = FileStamp.Of(info, withInode: true);
        ContentHash actual;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
        {
            actual = FileHasher.HashStream(stream);
        }

        if (actual != hash)
        {
            problem = $"object {hash} is corrupted: its content hashes to {actual} ({path})";
            return false;
        }

        Memo.RememberVerified(path, hash, stamp);
        problem = null;
        return true;
    }

    /// <summary>The bytes of an object, verified against its hash.</summary>
    public byte[] ReadVerified(ContentHash hash)
    {
        var path = PathOf(hash);
        if (!File.Exists(path))
        {
            throw ObjectStoreException.Missing(hash, path);
        }

        var bytes = File.ReadAllBytes(path);
        var actual = ContentHash.Of(bytes);
        if (actual != hash)
        {
            throw ObjectStoreException.Corrupted(hash, path, actual);
        }

        return bytes;
    }

    private string TempPath(string finalPath)
    {
        var directory = PrepareFolder(finalPath);
        return Path.Combine(directory, "." + Path.GetFileName(finalPath)[..8] + "." + Guid.NewGuid().ToString("N") + ".tmp");
    }

    /// <summary>Creates the object's folder after checking that no link is planted on the way; returns the folder.</summary>
    private string PrepareFolder(string finalPath)
    {
        var directory = Path.GetDirectoryName(finalPath)!;
        if (!_checkedFolders.ContainsKey(directory))
        {
            Layout.RefuseLinks(directory);
            Directory.CreateDirectory(directory);
            _checkedFolders[directory] = true;
        }

        return directory;
    }

    /// <summary>Objects at least this large wait out the memo's racy window after they are written (see <see cref="RememberWritten"/>).</summary>
    public const long LargeObjectBytes = 64L << 20;

    /// <summary>
    /// Remembers an object just written (hashed while written, flushed) as verified. The stamp is taken at its final
    /// place: the rename into place changes its ctime, so a stamp of the temp file never matches and the object would
    /// be hashed again on its first read (5 s for an 8.6 GB image). A stamp that young is racy (<see cref="HashMemo.RacyWindow"/>):
    /// a large object waits the rest of the window (at most 50 ms, against 40 ms to hash 64 MiB), a small one is left
    /// to be hashed on its first read.
    /// </summary>
    private void RememberWritten(string path, ContentHash hash, long length)
    {
        var stamp = FileStamp.Of(new FileInfo(path), withInode: true);
        if (length >= LargeObjectBytes)
        {
            HashMemo.WaitOutRacyWindow(stamp);
        }

        Memo.RememberVerified(path, hash, stamp);
    }

    /// <summary>Renames a written temp file over the object's name; whatever else is there (a folder, a link) is removed first.</summary>
    private static void MoveIntoPlace(string temp, string path)
    {
        var existing = new FileInfo(path);
        if (existing.LinkTarget is null && Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    private static void TryDelete(string path)
    {
        try
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }
        }
        catch (IOException)
        {
        }
    }

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
                MoveIntoPlace(temp, path);
                RememberWritten(path, hash, length);
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
