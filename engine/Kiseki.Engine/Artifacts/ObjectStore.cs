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
public sealed partial class ObjectStore
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

            var stamp = FileStamp.Of(new FileInfo(temp), withInode: true);
            MoveIntoPlace(temp, path);
            Memo.RememberVerified(path, hash, stamp);
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
}

/// <summary>An object of the store is missing or does not match its hash.</summary>
public sealed class ObjectStoreException : Exception
{
    private ObjectStoreException(string message, ContentHash hash, string path)
        : base(message)
    {
        Hash = hash;
        Path = path;
    }

    /// <summary>The object concerned.</summary>
    public ContentHash Hash { get; }

    /// <summary>Its path in the store.</summary>
    public string Path { get; }

    /// <summary>The object file does not exist.</summary>
    public static ObjectStoreException Missing(ContentHash hash, string path)
        => new($"object {hash} is missing from the store ({path}).", hash, path);

    /// <summary>The object's content does not hash to its name.</summary>
    public static ObjectStoreException Corrupted(ContentHash hash, string path, ContentHash actual)
        => new($"object {hash} is corrupted: its content hashes to {actual} ({path}).", hash, path);
}
