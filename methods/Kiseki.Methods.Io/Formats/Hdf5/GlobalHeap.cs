using System.Text;

namespace Kiseki.Methods.Io.Formats.Hdf5;

/// <summary>
/// Global heap collections (<c>GCOL</c>), which hold variable-length strings. A collection's size is checked against
/// the file before it is read, objects are scanned within the collection only, and the cache is capped.
/// </summary>
internal sealed class GlobalHeap(Hdf5Source source)
{
    private const long MaxCachedBytes = 64L * 1024 * 1024;
    private readonly Dictionary<long, Hdf5Block> _collections = [];
    private long _cached;

    /// <summary>Reads a variable-length string element (sequence length, collection address, object index).</summary>
    public string ReadString(Hdf5Block element)
    {
        var length = element.U32("variable-length string length");
        var address = element.Address("global heap collection address");
        var index = element.U32("global heap object index");
        if (length == 0)
        {
            return "";
        }

        var collection = Collection(address, element.FileOffset);
        collection.Rewind();
        collection.Skip(16, "global heap header");
        while (collection.Remaining >= 8 + source.LengthSize)
        {
            var id = collection.U16("heap object index");
            collection.Skip(6, "heap object reference count");
            var size = collection.FileLength("heap object size");
            if (id == 0)
            {
                break;
            }

            if (size > (ulong)collection.Remaining)
            {
                throw collection.Error($"heap object {id} of {size} bytes runs past its collection");
            }

            if (id == index)
            {
                if (length > size)
                {
                    throw collection.Error($"string of {length} bytes does not fit its heap object of {size} bytes");
                }

                return Text(collection.Span((int)length, "heap string"));
            }

            collection.Skip(((long)size + 7) & ~7L, "heap object");
        }

        throw source.Error(collection.FileOffset, $"global heap object {index} not found in its collection");
    }

    /// <summary>Decodes UTF-8 text, dropping trailing NUL padding.</summary>
    public static string Text(ReadOnlySpan<byte> bytes)
    {
        var end = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
    }

    private Hdf5Block Collection(ulong address, long from)
    {
        var at = source.Absolute(address, "global heap collection", from);
        if (_collections.TryGetValue(at, out var cached))
        {
            return cached;
        }

        var head = source.BlockUpTo(at, 16, "global heap header", from);
        head.Signature("GCOL");
        var version = head.U8("global heap version");
        if (version != 1)
        {
            throw source.Error(at + 4, $"global heap version {version} is not supported; expected 1");
        }

        head.Skip(3, "reserved");
        var size = head.FileLength("global heap collection size");
        if (size < 16)
        {
            throw source.Error(at + 8, $"global heap collection size {size} is smaller than its header");
        }

        var block = source.Block(at, size, "global heap collection", from);
        if (_cached + block.Length > MaxCachedBytes)
        {
            _collections.Clear();
            _cached = 0;
        }

        _collections[at] = block;
        _cached += block.Length;
        return block;
    }
}
