namespace Kiseki.Methods.Io;

/// <summary>
/// A data file could not be read: it is truncated, corrupt, of an unknown format or uses a feature this reader does
/// not support. The message names the file, the byte offset or key where the problem was found, and what was expected.
/// </summary>
public sealed class FileFormatException : Exception
{
    private FileFormatException(string path, string location, string message, Exception? inner)
        : base($"{Path.GetFileName(path)}: {location}{message}", inner)
    {
        FilePath = path;
        Location = location.TrimEnd(' ', ':');
    }

    /// <summary>The file that could not be read.</summary>
    public string FilePath { get; }

    /// <summary>Where the problem is (<c>byte offset 1234</c>, <c>key 'width'</c>), or empty for the whole file.</summary>
    public string Location { get; }

    /// <summary>A problem at <paramref name="offset"/> bytes into the file.</summary>
    public static FileFormatException AtOffset(string path, long offset, string message, Exception? inner = null)
        => new(path, $"at byte offset {offset}: ", message, inner);

    /// <summary>A problem with a named key, tag or entry (text formats, DM tag paths, HDF5 objects).</summary>
    public static FileFormatException AtKey(string path, string key, string message, Exception? inner = null)
        => new(path, $"at key '{key}': ", message, inner);

    /// <summary>A problem with a line of a text file (1-based line number).</summary>
    public static FileFormatException AtLine(string path, int line, string message, Exception? inner = null)
        => new(path, $"at line {line}: ", message, inner);

    /// <summary>A problem with the file as a whole (unknown format, size mismatch).</summary>
    public static FileFormatException Whole(string path, string message, Exception? inner = null)
        => new(path, "", message, inner);
}
