namespace Kiseki.Engine.Reproduction;

/// <summary>A crate that cannot be reproduced: not a Kiseki crate, damaged, unsafe, or an input that cannot be found.</summary>
public sealed class CrateException : Exception
{
    private CrateException(string message)
        : base(message)
    {
    }

    /// <summary>The path is neither a zip file nor a folder.</summary>
    public static CrateException NotFound(string path) => new($"{path}: no such crate (give a crate .zip file or its unpacked folder).");

    /// <summary>The zip cannot be read.</summary>
    public static CrateException DamagedZip(string path, string why) => new($"{path}: damaged zip archive ({why}); download or copy it again.");

    /// <summary>An entry would be written outside the destination (zip-slip).</summary>
    public static CrateException UnsafeEntry(string path, string entry)
        => new($"{path}: refused: the entry '{entry}' would be written outside the destination folder (absolute path or '..'); nothing was extracted.");

    /// <summary>No RO-Crate metadata file.</summary>
    public static CrateException NotACrate(string path) => new($"{path}: not an RO-Crate (no ro-crate-metadata.json at its root).");

    /// <summary>An RO-Crate, but not one Kiseki wrote.</summary>
    public static CrateException NotKiseki(string path, string why)
        => new($"{path}: an RO-Crate, but not a Kiseki Workflow Run crate ({why}); only crates written by `kiseki export --format rocrate` can be reproduced.");

    /// <summary>A file of the crate does not match its recorded SHA-256.</summary>
    public static CrateException HashMismatch(string path, string file, string expected, string actual)
        => new($"{path}: {file} hashes to sha256:{actual}, but the crate records sha256:{expected}; the crate was altered or damaged.");

    /// <summary>An input that is neither in the crate nor in a mirror and has no URL (or cannot be downloaded).</summary>
    public static CrateException MissingInput(string path, string why) => new($"{path}: {why}");

    /// <summary>The crate's workflow cannot be rebuilt with this build.</summary>
    public static CrateException Unbindable(string path, string why) => new($"{path}: {why}");
}
