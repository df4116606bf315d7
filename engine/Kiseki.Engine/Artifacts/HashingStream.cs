using System.Security.Cryptography;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Engine.Artifacts;

/// <summary>
/// A forward-only view of a file stream that feeds every byte read or written through SHA-256, so an object is
/// hashed while it is stored or decoded instead of being held whole in memory. <see cref="Length"/> and the
/// <see cref="Position"/> getter are the inner stream's (readers use them to check declared sizes); seeking is not
/// supported.
/// </summary>
internal sealed class HashingStream(FileStream inner) : Stream
{
    private readonly IncrementalHash _sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    /// <summary>Bytes passed through so far.</summary>
    public long Count { get; private set; }

    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => inner.CanWrite;

    public override long Length => inner.Length;

    public override long Position
    {
        get => inner.Position;
        set => throw new NotSupportedException("A hashing stream is read or written front to back.");
    }

    /// <summary>The SHA-256 of the bytes passed through (reading what remains of a read stream first).</summary>
    public ContentHash Finish()
    {
        if (inner.CanRead)
        {
            var rest = new byte[1 << 16];
            while (Read(rest, 0, rest.Length) > 0)
            {
            }
        }

        return ContentHash.FromDigest(_sha.GetHashAndReset());
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        // At most 4 MiB at a time, so each block is hashed while it is still in cache.
        var read = inner.Read(buffer[..Math.Min(buffer.Length, 1 << 22)]);
        _sha.AppendData(buffer[..read]);
        Count += read;
        return read;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _sha.AppendData(buffer);
        inner.Write(buffer);
        Count += buffer.Length;
    }

    public override void Flush() => inner.Flush();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A hashing stream is read or written front to back.");

    public override void SetLength(long value) => throw new NotSupportedException("A hashing stream cannot be resized.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _sha.Dispose();
        }

        base.Dispose(disposing);
    }
}
