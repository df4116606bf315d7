using System.Globalization;
using System.Security.Cryptography;

namespace Kiseki.Provenance.LiteDb;

/// <summary>
/// Remembers the exact bytes of a store that is known to be sound, so an unchanged store is not validated again by
/// reading every document. The memo (<c>provenance.db.verified</c> beside the database) holds the schema version and
/// the SHA-256 of the data file and of LiteDB's log file. It is written after a full validation succeeds and when a
/// read-write store is closed cleanly (every Kiseki access to the file holds the store lock, so the bytes hashed then
/// are a committed state). Any change to either file — a crash mid-write, a flipped byte, another program — makes the
/// digests differ and the next open validates the whole file again; a missing or unreadable memo means the same.
/// </summary>
internal static class ValidationMemo
{
    private const string Header = "kiseki-provenance-verified 1";

    public static string PathOf(string filePath) => filePath + ".verified";

    /// <summary>The digest of a copy of the store: data and log file (a missing log is distinct from an empty one).</summary>
    public static string Digest(byte[] data, byte[]? log)
    {
        static string Part(byte[] bytes)
            => bytes.LongLength.ToString(CultureInfo.InvariantCulture) + ":" + Convert.ToHexStringLower(SHA256.HashData(bytes));

        return Part(data) + " " + (log is null ? "-" : Part(log));
    }

    /// <summary>The recorded schema version when the memo records exactly <paramref name="digest"/>; otherwise null.</summary>
    public static int? Lookup(string filePath, string digest)
    {
        try
        {
            var path = PathOf(filePath);
            if (!File.Exists(path) || new FileInfo(path).Length > 4096)
            {
                return null;
            }

            var lines = File.ReadAllLines(path);
            return lines.Length == 3 && lines[0] == Header && lines[2] == digest
                   && int.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var version)
                ? version
                : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Records <paramref name="digest"/> as sound (temp file + rename); failures are ignored (it is only a memo).</summary>
    public static void Record(string filePath, int version, string digest)
    {
        var path = PathOf(filePath);
        var temporary = path + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + ".tmp";
        try
        {
            File.WriteAllText(temporary, string.Create(CultureInfo.InvariantCulture, $"{Header}\n{version}\n{digest}\n"));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Nothing to clean up then.
        }
    }
}
