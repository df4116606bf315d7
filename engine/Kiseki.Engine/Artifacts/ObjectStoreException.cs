using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Engine.Artifacts;

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
