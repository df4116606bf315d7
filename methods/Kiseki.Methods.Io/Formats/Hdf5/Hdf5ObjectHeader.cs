namespace Kiseki.Methods.Io.Formats.Hdf5;

/// <summary>One header message: its type, flags and body (a bounded view into the header bytes).</summary>
internal sealed record Hdf5Message(int Type, int Flags, Hdf5Block Body);

/// <summary>
/// An object header (version 1, or version 2 with the <c>OHDR</c>/<c>OCHK</c> signatures) read with its continuation
/// blocks into a list of messages. The number of messages, blocks and bytes is capped, and a continuation that points
/// back to a block already read is refused.
/// </summary>
internal sealed class Hdf5ObjectHeader
{
    public const int MessageDataspace = 0x01;
    public const int MessageLinkInfo = 0x02;
    public const int MessageDatatype = 0x03;
    public const int MessageLink = 0x06;
    public const int MessageLayout = 0x08;
    public const int MessageFilters = 0x0B;
    public const int MessageAttribute = 0x0C;
    public const int MessageContinuation = 0x10;
    public const int MessageSymbolTable = 0x11;
    public const int MessageAttributeInfo = 0x15;

    private const int MaxMessages = 65536;
    private const int MaxBlocks = 4096;
    private const long MaxHeaderBytes = 64L * 1024 * 1024;

    private Hdf5ObjectHeader(long position, List<Hdf5Message> messages)
    {
        Position = position;
        Messages = messages;
    }

    /// <summary>Absolute file position of the header.</summary>
    public long Position { get; }

    public IReadOnlyList<Hdf5Message> Messages { get; }

    public Hdf5Message? First(int type) => Messages.FirstOrDefault(m => m.Type == type);

    public static Hdf5ObjectHeader Read(Hdf5Source source, ulong address, string key, long from)
    {
        var position = source.Absolute(address, $"object header of '{key}'", from);
        var prefix = source.BlockUpTo(position, 16, "object header prefix", from);
        var messages = new List<Hdf5Message>();
        var visited = new HashSet<long> { position };
        var pending = new Queue<(long At, ulong Length)>();
        long total = 0;
        var first = prefix.U8("object header version");
        bool v2;
        int declared = int.MaxValue;
        Hdf5Block chunk;
        if (first == 1)
        {
            v2 = false;
            prefix.Skip(1, "reserved");
            declared = prefix.U16("number of header messages");
            prefix.Skip(4, "reference count");
            var size = prefix.U32("object header size");
            chunk = source.Block(position + 16, size, "object header", position);
        }
        else if (first == (byte)'O')
        {
            v2 = true;
            var head = source.BlockUpTo(position, 64, "object header prefix", from);
            head.Signature("OHDR");
            var version = head.U8("object header version");
            if (version != 2)
            {
                throw source.Error(position + 4, $"object header version {version} is not supported; expected 2");
            }

            var flags = head.U8("object header flags");
            head.Skip(((flags & 0x20) != 0 ? 16 : 0) + ((flags & 0x10) != 0 ? 4 : 0), "object header times and phase change");
            var size = head.Sized(1 << (flags & 3), "size of chunk 0");
            chunk = source.Block(head.Here, size, "object header", position);
            source.RequireRange(head.Here + (long)size, 4, "object header checksum", position);
        }
        else
        {
            throw source.Error(position, $"object header version {first} is not supported; expected 1 or 2");
        }

        while (true)
        {
            total += chunk.Length;
            if (total > MaxHeaderBytes)
            {
                throw source.Error(position, $"object header of '{key}' spans more than {MaxHeaderBytes} bytes");
            }

            ReadMessages(chunk, v2, messages, pending, declared);
            if (pending.Count == 0 || messages.Count >= declared)
            {
                break;
            }

            var (at, length) = pending.Dequeue();
            if (!visited.Add(at) || visited.Count > MaxBlocks)
            {
                throw source.Error(at, $"object header continuation of '{key}' repeats a block or exceeds {MaxBlocks} blocks");
            }

            chunk = source.Block(at, length, "object header continuation", position);
            if (v2)
            {
                chunk.Signature("OCHK");
                chunk = chunk.Slice(Math.Max(0, chunk.Remaining - 4), "continuation messages");
            }
        }

        return new Hdf5ObjectHeader(position, messages);
    }

    private static void ReadMessages(Hdf5Block chunk, bool v2, List<Hdf5Message> messages, Queue<(long, ulong)> pending, int declared)
    {
        var headerSize = v2 ? 4 : 8;
        while (chunk.Remaining >= headerSize && messages.Count < declared)
        {
            if (messages.Count >= MaxMessages)
            {
                throw chunk.Error($"object header holds more than {MaxMessages} messages");
            }

            int type, flags;
            ushort size;
            if (v2)
            {
                type = chunk.U8("message type");
                size = chunk.U16("message size");
                flags = chunk.U8("message flags");
                if ((flags & 0x04) != 0)
                {
                    chunk.Skip(2, "message creation order");
                }
            }
            else
            {
                type = chunk.U16("message type");
                size = chunk.U16("message size");
                flags = chunk.U8("message flags");
                chunk.Skip(3, "reserved");
            }

            var body = chunk.Slice(size, $"message of type {type}");
            if (type == MessageContinuation)
            {
                var address = body.Address("continuation address");
                var length = body.FileLength("continuation length");
                var at = chunk.Source.Absolute(address, "continuation", body.FileOffset);
                pending.Enqueue((at, length));
            }

            messages.Add(new Hdf5Message(type, flags, body));
        }
    }
}
