using System.IO.Compression;

namespace Kiseki.Engine.Reproduction;

/// <summary>
/// Unpacks a crate zip safely: every entry is checked before anything is written (no absolute paths, no <c>..</c>, no
/// entry resolving outside the destination, a bounded total size), so a hostile archive writes nothing anywhere.
/// </summary>
public static class CrateArchive
{
    /// <summary>The largest total unpacked size accepted (256 GiB).</summary>
    public const long MaxTotalBytes = 256L * 1024 * 1024 * 1024;

    /// <summary>The crate folder for <paramref name="path"/>: the folder itself, or the zip unpacked into <paramref name="destination"/>.</summary>
    public static string Open(string path, string destination)
    {
        if (Directory.Exists(path))
        {
            return Path.GetFullPath(path);
        }

        if (!File.Exists(path))
        {
            throw CrateException.NotFound(path);
        }

        Extract(path, destination);
        return Path.GetFullPath(destination);
    }

    /// <summary>Extracts <paramref name="zipPath"/> into <paramref name="destination"/> after checking every entry.</summary>
    public static void Extract(string zipPath, string destination)
    {
        var root = Path.GetFullPath(destination);
        var rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        try
        {
            using var archive = ZipFile.OpenRead(zipPath);
            var total = 0L;
            var targets = new List<(ZipArchiveEntry Entry, string Target)>();
            foreach (var entry in archive.Entries)
            {
                var name = entry.FullName.Replace('\\', '/');
                if (name.Length == 0 || name.StartsWith('/') || Path.IsPathRooted(name) || name.Contains(':', StringComparison.Ordinal)
                    || name.Split('/').Any(part => part == ".."))
                {
                    throw CrateException.UnsafeEntry(zipPath, entry.FullName);
                }

                var target = Path.GetFullPath(Path.Combine(root, name));
                if (!target.StartsWith(rootWithSeparator, StringComparison.Ordinal) && target != root)
                {
                    throw CrateException.UnsafeEntry(zipPath, entry.FullName);
                }

                total += entry.Length;
                if (total > MaxTotalBytes)
                {
                    throw CrateException.DamagedZip(zipPath, $"it unpacks to more than {MaxTotalBytes} bytes");
                }

                targets.Add((entry, target));
            }

            Directory.CreateDirectory(root);
            foreach (var (entry, target) in targets)
            {
                if (entry.FullName.EndsWith('/'))
                {
                    Directory.CreateDirectory(target);
                    continue;
                }

                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                entry.ExtractToFile(target, overwrite: false);
            }
        }
        catch (InvalidDataException e)
        {
            throw CrateException.DamagedZip(zipPath, e.Message);
        }
        catch (IOException e) when (e is not FileNotFoundException)
        {
            throw CrateException.DamagedZip(zipPath, e.Message);
        }
    }
}
