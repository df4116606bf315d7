namespace Kiseki.Abstractions.Artifacts;

/// <summary>
/// An external input file, content-addressed by the engine before the step runs. Methods read it through
/// <see cref="OpenRead"/>; <see cref="Path"/> is for error messages and memory mapping.
/// </summary>
public sealed class FileArtifact : IArtifact
{
    public FileArtifact(string path, ContentHash hash, long length)
    {
        Path = path;
        Hash = hash;
        Length = length;
    }

    public string Kind => ArtifactKind.File;

    /// <summary>Absolute path of the (verified) file.</summary>
    public string Path { get; }

    /// <summary>Original file name (used for messages and extension hints; never for format detection alone).</summary>
    public string FileName => System.IO.Path.GetFileName(Path);

    public ContentHash Hash { get; }

    public long Length { get; }

    public Stream OpenRead() => new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);

    /// <summary>A file artifact for a local path, hashing it now (tests and standalone use).</summary>
    public static FileArtifact FromPath(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        using var stream = File.OpenRead(full);
        return new FileArtifact(full, ContentHash.Of(stream), stream.Length);
    }
}
