using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Engine.Artifacts;

/// <summary>
/// Remembers hashes already computed so unchanged files are not hashed again: objects verified under a
/// (path, size, mtime) stamp and external input files under a (path, size, mtime, inode) stamp. Kept in two small
/// append-only text files under <c>&lt;store&gt;/memo/</c>; a torn or unreadable line is ignored (it only costs a re-hash).
/// </summary>
public sealed class HashMemo
{
    private readonly string? _directory;
    private readonly ConcurrentDictionary<string, (FileStamp Stamp, ContentHash Hash)> _objects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (FileStamp Stamp, ContentHash Hash)> _files = new(StringComparer.Ordinal);
    private readonly Lock _writeLock = new();

    private HashMemo(string? directory) => _directory = directory;

    /// <summary>A memo that lives only in memory.</summary>
    public static HashMemo InMemory() => new(null);

    /// <summary>Opens the memo files in <paramref name="directory"/> (created when needed).</summary>
    public static HashMemo Open(string directory)
    {
        Directory.CreateDirectory(directory);
        var memo = new HashMemo(directory);
        memo.Load("objects", memo._objects);
        memo.Load("files", memo._files);
        return memo;
    }

    /// <summary>Whether the object file described by <paramref name="info"/> was verified to hold <paramref name="hash"/> with its current stamp.</summary>
    public bool IsVerified(FileInfo info, ContentHash hash)
        => _objects.TryGetValue(info.FullName, out var entry) && entry.Hash == hash && entry.Stamp == FileStamp.Of(info, withInode: false);

    /// <summary>Records that the object file at <paramref name="path"/> holds <paramref name="hash"/>.</summary>
    public void RememberVerified(string path, ContentHash hash)
    {
        var info = new FileInfo(path);
        if (info.Exists)
        {
            Remember("objects", _objects, info.FullName, FileStamp.Of(info, withInode: false), hash);
        }
    }

    /// <summary>The remembered hash of an external file when its (size, mtime, inode) stamp is unchanged.</summary>
    public bool TryGetFileHash(FileInfo info, out ContentHash hash)
    {
        if (_files.TryGetValue(info.FullName, out var entry) && entry.Stamp == FileStamp.Of(info, withInode: true))
        {
            hash = entry.Hash;
            return true;
        }

        hash = default;
        return false;
    }

    /// <summary>Records the hash of an external file under its current stamp.</summary>
    public void RememberFileHash(FileInfo info, ContentHash hash)
        => Remember("files", _files, info.FullName, FileStamp.Of(info, withInode: true), hash);

    /// <summary>The size of a file known to have <paramref name="hash"/>, when the memo has seen one.</summary>
    public long? KnownSize(ContentHash hash)
    {
        foreach (var entry in _files.Values)
        {
            if (entry.Hash == hash)
            {
                return entry.Stamp.Size;
            }
        }

        return null;
    }

    private void Remember(
        string name, ConcurrentDictionary<string, (FileStamp Stamp, ContentHash Hash)> map, string path, FileStamp stamp,
        ContentHash hash)
    {
        if (map.TryGetValue(path, out var existing) && existing.Stamp == stamp && existing.Hash == hash)
        {
            return;
        }

        map[path] = (stamp, hash);
        if (_directory is null)
        {
            return;
        }

        var line = string.Create(CultureInfo.InvariantCulture,
            $"{hash.Hex}\t{stamp.Size}\t{stamp.ModifiedTicks}\t{stamp.Inode}\t{path}\n");
        lock (_writeLock)
        {
            try
            {
                using var stream = new FileStream(
                    Path.Combine(_directory, name), FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                stream.Write(Encoding.UTF8.GetBytes(line));
            }
            catch (IOException)
            {
                // The memo is an optimisation: failing to persist it only costs a re-hash next time.
            }
        }
    }

    private void Load(string name, ConcurrentDictionary<string, (FileStamp Stamp, ContentHash Hash)> map)
    {
        var path = Path.Combine(_directory!, name);
        if (!File.Exists(path))
        {
            return;
        }

        var lines = 0;
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                lines++;
                var fields = line.Split('\t', 5);
                if (fields.Length == 5 && ContentHash.TryParse(fields[0], out var hash)
                    && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                    && long.TryParse(fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ticks)
                    && ulong.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
                {
                    map[fields[4]] = (new FileStamp(size, ticks, inode), hash);
                }
            }
        }
        catch (IOException)
        {
            return;
        }

        if (lines > 4096 && lines > 2 * map.Count)
        {
            Compact(path, map);
        }
    }

    private static void Compact(string path, ConcurrentDictionary<string, (FileStamp Stamp, ContentHash Hash)> map)
    {
        var builder = new StringBuilder();
        foreach (var (file, (stamp, hash)) in map)
        {
            builder.Append(CultureInfo.InvariantCulture,
                $"{hash.Hex}\t{stamp.Size}\t{stamp.ModifiedTicks}\t{stamp.Inode}\t{file}\n");
        }

        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            File.WriteAllText(temp, builder.ToString());
            File.Move(temp, path, overwrite: true);
        }
        catch (IOException)
        {
            File.Delete(temp);
        }
    }
}
