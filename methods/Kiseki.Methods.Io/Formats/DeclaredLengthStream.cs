namespace Kiseki.Methods.Io.Formats;

/// <summary>
/// A forward-only view of a decompressing stream that reports the length the container declared and never yields
/// more than that many bytes, so readers can check sizes before allocating.
/// </summary>
internal sealed class DeclaredLengthStream(Stream inner, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var allowed = (int)Math.Min(buffer.Length, length - _position);
        if (allowed <= 0)
        {
            return 0;
        }

        var n = inner.Read(buffer[..allowed]);
        _position += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
