using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Engine.Artifacts;

/// <summary>
/// Remembers hashes already computed so unchanged files are not hashed again: objects and external input files under a
/// (path, size, mtime, inode, ctime) stamp (<see cref="FileStamp"/>). A file whose ctime is within
/// <see cref="RacyWindow"/> of the moment it is remembered is not remembered: file-system clocks are coarse, so a write
/// in that window could leave the same stamp (the rule git calls "racily clean"); such files are hashed again next time.
/// Kept in two small append-only text files under <c>&lt;store&gt;/memo/</c>; a torn, unreadable or old-format line
/// is ignored (it only costs a re-hash). A memo file that is a symbolic link is neither read nor written.
/// </summary>
public sealed class HashMemo
{
    private readonly string? _directory;
    private readonly ConcurrentDictionary<string, (FileStamp Stamp, ContentHash Hash)> _objects = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (FileStamp Stamp, ContentHash Hash)> _files = new(StringComparer.Ordinal);
    private readonly Lock _writeLock = new();

    private HashMemo(string? directory) => _directory = directory;

    /// <summary>How recent a change must be for its file not to be remembered (larger than any file-system clock tick).</summary>
    public static TimeSpan RacyWindow { get; } = TimeSpan.FromMilliseconds(50);

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
        => _objects.TryGetValue(info.FullName, out var entry) && entry.Hash == hash && entry.Stamp == FileStamp.Of(info, withInode: true);

    /// <summary>
    /// Records that the object file at <paramref name="path"/> held <paramref name="hash"/> when its stamp was
    /// <paramref name="stamp"/> (taken before its bytes were read, or at its final place once written and flushed);
    /// nothing is recorded when the file has changed since then or changed too recently to be told apart from a later
    /// write.
    /// </summary>
    public void RememberVerified(string path, ContentHash hash, FileStamp stamp)
    {
        var info = new FileInfo(path);
        if (info.Exists && FileStamp.Of(info, withInode: true) == stamp && !IsRacy(stamp))
        {
            Remember("objects", _objects, info.FullName, stamp, hash);
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
    {
        var stamp = FileStamp.Of(info, withInode: true);
        if (!IsRacy(stamp))
        {
            Remember("files", _files, info.FullName, stamp, hash);
        }
    }

    /// <summary>Sleeps until a file changed at <paramref name="stamp"/>'s ctime is out of the racy window (at most <see cref="RacyWindow"/>).</summary>
    public static void WaitOutRacyWindow(FileStamp stamp)
    {
        if (stamp.ChangedNanoseconds == 0)
        {
            return;
        }

        var left = (RacyWindow.Ticks * 100) - AgeNanoseconds(stamp);
        if (left > 0)
        {
            Thread.Sleep(TimeSpan.FromTicks(Math.Min(RacyWindow.Ticks, (left / 100) + TimeSpan.TicksPerMillisecond)));
        }
    }

    private static bool IsRacy(FileStamp stamp)
        => stamp.ChangedNanoseconds != 0 && AgeNanoseconds(stamp) < RacyWindow.Ticks * 100;

    /// <summary>Nanoseconds since the file's last status change (ctime).</summary>
    private static long AgeNanoseconds(FileStamp stamp)
        => ((DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100) - stamp.ChangedNanoseconds;

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

        var line = Line(path, stamp, hash);
        lock (_writeLock)
        {
            try
            {
                var file = Path.Combine(_directory, name);
                if (new FileInfo(file).LinkTarget is not null)
                {
                    return; // never append through a link planted in the store
                }

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

    private static string Line(string path, FileStamp stamp, ContentHash hash)
        => string.Create(CultureInfo.InvariantCulture,
            $"{hash.Hex}\t{stamp.Size}\t{stamp.ModifiedTicks}\t{stamp.Inode}\t{stamp.ChangedNanoseconds}\t{path}\n");

    private void Load(string name, ConcurrentDictionary<string, (FileStamp Stamp, ContentHash Hash)> map)
    {
        var path = Path.Combine(_directory!, name);
        if (!File.Exists(path) || new FileInfo(path).LinkTarget is not null)
        {
            return;
        }

        var lines = 0;
        try
        {
            foreach (var line in File.ReadLines(path))
            {
                lines++;
                var fields = line.Split('\t', 6);
                if (fields.Length == 6 && ContentHash.TryParse(fields[0], out var hash)
                    && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                    && long.TryParse(fields[2], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var ticks)
                    && ulong.TryParse(fields[3], NumberStyles.None, CultureInfo.InvariantCulture, out var inode)
                    && long.TryParse(fields[4], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var changed))
                {
                    map[fields[5]] = (new FileStamp(size, ticks, inode, changed), hash);
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
            builder.Append(Line(file, stamp, hash));
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
