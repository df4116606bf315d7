using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Engine.Artifacts;

/// <summary>
/// The one place that knows where things live in a store folder: objects under <c>objects/sha256/ab/cdef…</c>,
/// temporary files (<c>objects/sha256/tmp/</c> and dot-named <c>*.tmp</c> files beside objects), step locks under
/// <c>locks/</c>, the hash memo under <c>memo/</c>, and the resolution of a hash prefix to an object. Nothing here
/// creates folders or files.
/// </summary>
public sealed class StoreLayout
{
    /// <summary>The text before the hex digits of a written hash.</summary>
    public const string HashPrefix = "sha256:";

    private StoreLayout(string root)
    {
        Root = root;
        ObjectsDirectory = Path.Combine(root, "objects", "sha256");
    }

    /// <summary>The store folder.</summary>
    public string Root { get; }

    /// <summary>The folder of the objects (<c>objects/sha256</c>).</summary>
    public string ObjectsDirectory { get; }

    /// <summary>Where whole-file copies are staged before they are renamed into place.</summary>
    public string StagingDirectory => Path.Combine(ObjectsDirectory, "tmp");

    /// <summary>The folder of the step locks and the store lease.</summary>
    public string LocksDirectory => Path.Combine(Root, "locks");

    /// <summary>The folder of the hash memo.</summary>
    public string MemoDirectory => Path.Combine(Root, "memo");

    /// <summary>The file whose shared lock every writing run holds and whose exclusive lock <c>gc</c> holds.</summary>
    public string LeasePath => Path.Combine(LocksDirectory, "store.lease");

    /// <summary>The layout of <paramref name="root"/> (made absolute).</summary>
    public static StoreLayout Of(string root) => new(Path.GetFullPath(root));

    /// <summary>The path an object with <paramref name="hash"/> has (whether or not it exists).</summary>
    public string PathOf(ContentHash hash) => Path.Combine(ObjectsDirectory, hash.Hex[..2], hash.Hex[2..]);

    /// <summary>The lock file of a step key.</summary>
    public string LockPathOf(ContentHash stepKey) => Path.Combine(LocksDirectory, stepKey.Hex + ".lock");

    /// <summary>Whether a file name inside an object folder is a temporary file (a write in progress or left by a crash).</summary>
    public static bool IsTemporaryName(string fileName) => fileName.StartsWith('.') && fileName.EndsWith(".tmp", StringComparison.Ordinal);

    /// <summary>Every object file (hash and path), in hash order; temporary and foreign files are skipped.</summary>
    public IEnumerable<(ContentHash Hash, string Path)> EnumerateObjects()
    {
        if (!Directory.Exists(ObjectsDirectory))
        {
            yield break;
        }

        foreach (var folder in Directory.EnumerateDirectories(ObjectsDirectory).Order(StringComparer.Ordinal))
        {
            var prefix = Path.GetFileName(folder);
            if (prefix.Length != 2)
            {
                continue; // tmp/ and anything else that is not an object folder
            }

            foreach (var file in Directory.EnumerateFiles(folder).Order(StringComparer.Ordinal))
            {
                var name = Path.GetFileName(file);
                if (!name.StartsWith('.') && ContentHash.TryParse(HashPrefix + prefix + name, out var hash))
                {
                    yield return (hash, file);
                }
            }
        }
    }

    /// <summary>Temporary files a write leaves behind when its process dies: staged copies and dot-named temp objects.</summary>
    public IEnumerable<string> EnumerateTemporaryFiles()
    {
        if (!Directory.Exists(ObjectsDirectory))
        {
            yield break;
        }

        if (Directory.Exists(StagingDirectory))
        {
            foreach (var file in Directory.EnumerateFiles(StagingDirectory))
            {
                yield return file;
            }
        }

        foreach (var folder in Directory.EnumerateDirectories(ObjectsDirectory))
        {
            if (Path.GetFileName(folder).Length == 2)
            {
                foreach (var file in Directory.EnumerateFiles(folder, ".*.tmp"))
                {
                    yield return file;
                }
            }
        }
    }

    /// <summary>
    /// Resolves a full hash (with or without <c>sha256:</c>) or a unique hex prefix of at least four digits to the
    /// object it names. Returns the hash, or null with <paramref name="problem"/> saying why (not hex, too short,
    /// no match, ambiguous with the candidates).
    /// </summary>
    public ContentHash? ResolvePrefix(string text, out string? problem)
    {
        var hex = (text.StartsWith(HashPrefix, StringComparison.Ordinal) ? text[HashPrefix.Length..] : text).ToLowerInvariant();
        problem = null;
        if (ContentHash.TryParse(HashPrefix + hex, out var full))
        {
            return full;
        }

        if (hex.Length < 4 || !hex.All(Uri.IsHexDigit))
        {
            problem = $"'{text}' is not an artifact hash or hash prefix (give at least 4 hex digits).";
            return null;
        }

        var folder = Path.Combine(ObjectsDirectory, hex[..2]);
        var matches = Directory.Exists(folder)
            ? Directory.EnumerateFiles(folder).Select(f => hex[..2] + Path.GetFileName(f))
                .Where(h => h.Length == 64 && h.StartsWith(hex, StringComparison.Ordinal) && ContentHash.TryParse(HashPrefix + h, out _))
                .Order(StringComparer.Ordinal).Take(21).ToList()
            : [];
        switch (matches.Count)
        {
            case 1:
                return ContentHash.Parse(HashPrefix + matches[0]);
            case 0:
                problem = $"no object matches '{text}' in {Root}.";
                return null;
            default:
                problem = $"'{text}' is ambiguous; it matches:\n  " + string.Join("\n  ", matches.Take(20).Select(m => HashPrefix + m));
                return null;
        }
    }

    /// <summary>
    /// Throws <see cref="StoreLinkException"/> when <paramref name="path"/> or a folder between the store root and it is
    /// a symbolic link: nothing the store writes may follow a link planted inside it to a place outside.
    /// </summary>
    public void RefuseLinks(string path)
    {
        var full = Path.GetFullPath(path);
        var relative = Path.GetRelativePath(Root, full);
        if (relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative))
        {
            throw StoreLinkException.Outside(full, Root);
        }

        var current = Root;
        foreach (var part in relative.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            var info = new FileInfo(current);
            if (info.LinkTarget is { } target)
            {
                throw StoreLinkException.Link(current, target);
            }

            if (!info.Exists && !Directory.Exists(current))
            {
                return;
            }
        }
    }
}
