using System.Buffers;
using System.Security.Cryptography;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Engine.Artifacts;

/// <summary>Streaming SHA-256 of files with large buffers, memoised by (path, size, mtime, inode).</summary>
public sealed class FileHasher(HashMemo memo)
{
    private const int BufferSize = 4 << 20;

    private int _filesHashed;

    /// <summary>Files hashed (not served from the memo) by this hasher: lets callers and benchmarks see re-hashing.</summary>
    public int FilesHashed => _filesHashed;

    /// <summary>The size of a file known (from the memo) to have <paramref name="hash"/>.</summary>
    public long? KnownSize(ContentHash hash) => memo.KnownSize(hash);

    /// <summary>The hash of a file, from the memo when its stamp is unchanged.</summary>
    public ContentHash Hash(string path)
    {
        var info = new FileInfo(path);
        if (memo.TryGetFileHash(info, out var known))
        {
            return known;
        }

        var before = FileStamp.Of(info, withInode: true);
        ContentHash hash;
        using (var stream = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan))
        {
            hash = HashStream(stream);
        }

        Interlocked.Increment(ref _filesHashed);
        if (FileStamp.Of(info, withInode: true) == before)
        {
            memo.RememberFileHash(info, hash);
        }

        return hash;
    }

    /// <summary>SHA-256 of a stream read in 4 MiB blocks.</summary>
    public static ContentHash HashStream(Stream stream)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, BufferSize)) > 0)
            {
                sha.AppendData(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return ContentHash.FromDigest(sha.GetHashAndReset());
    }
}
