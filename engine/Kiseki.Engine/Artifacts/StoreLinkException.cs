namespace Kiseki.Engine.Artifacts;

/// <summary>A path inside the store is a symbolic link (or leaves the store); the store refuses to write through it.</summary>
public sealed class StoreLinkException : IOException
{
    private StoreLinkException(string message)
        : base(message)
    {
    }

    /// <summary><paramref name="path"/> is a link to <paramref name="target"/>.</summary>
    public static StoreLinkException Link(string path, string target)
        => new($"{path} is a symbolic link (to {target}); the store never writes through a link. Remove it and run again.");

    /// <summary><paramref name="path"/> is not inside <paramref name="root"/>.</summary>
    public static StoreLinkException Outside(string path, string root)
        => new($"{path} is outside the store {root}.");
}
