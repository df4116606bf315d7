using System.Security.Cryptography;
using System.Text;

namespace Kiseki.Provenance.LiteDb;

/// <summary>What a file at the store path looks like before LiteDB is allowed near it.</summary>
internal enum StoreFileState
{
    /// <summary>No file.</summary>
    Missing,

    /// <summary>A zero-length file (a creation that never wrote its header); nothing to lose by initialising it.</summary>
    Empty,

    /// <summary>A LiteDB v5 file (whether it is ours is decided by its <c>meta</c> collection).</summary>
    LiteDb,

    /// <summary>Anything else: left untouched.</summary>
    Foreign,
}

/// <summary>Inspects the database file header without opening it with LiteDB, and names the open lock.</summary>
internal static class StoreFile
{
    // LiteDB v5 header page: the text "** This is a LiteDB file **" at byte 32, the file format version (8) at byte 59.
    private const int HeaderInfoOffset = 32;
    private const int FileVersionOffset = 59;
    private const byte FileVersion = 8;
    private static readonly byte[] HeaderInfo = Encoding.ASCII.GetBytes("** This is a LiteDB file **");

    public static StoreFileState Inspect(string filePath, out string reason)
    {
        reason = string.Empty;
        if (!File.Exists(filePath))
        {
            reason = Directory.Exists(filePath) ? "it is a directory" : "missing";
            return Directory.Exists(filePath) ? StoreFileState.Foreign : StoreFileState.Missing;
        }

        using var stream = new FileStream(filePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length == 0)
        {
            return StoreFileState.Empty;
        }

        var header = new byte[FileVersionOffset + 1];
        var read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        if (read < header.Length || !header.AsSpan(HeaderInfoOffset, HeaderInfo.Length).SequenceEqual(HeaderInfo))
        {
            reason = "not a LiteDB database file";
            return StoreFileState.Foreign;
        }

        if (header[FileVersionOffset] != FileVersion)
        {
            reason = $"LiteDB file format {header[FileVersionOffset]}, expected {FileVersion}";
            return StoreFileState.Foreign;
        }

        return StoreFileState.LiteDb;
    }

    /// <summary>
    /// A machine-wide named mutex held while a store is opened, validated and (if new) initialised, so that two
    /// processes never see each other's half-created file.
    /// </summary>
    public static Mutex OpenLock(string filePath)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(filePath));
        return new Mutex(false, "Global\\kiseki-provenance-open-" + Convert.ToHexStringLower(digest.AsSpan(0, 12)));
    }

    public static void Acquire(Mutex mutex)
    {
        try
        {
            mutex.WaitOne();
        }
        catch (AbandonedMutexException)
        {
            // A process died while opening; the mutex is ours now and the file is re-inspected below.
        }
    }
}
