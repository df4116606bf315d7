namespace Kiseki.Methods.Io.Formats.Hdf5;

/// <summary>
/// A read-only HDF5 file opened for the subset HyperSpy and h5py write: superblock versions 0-3, object headers v1/v2,
/// symbol-table and compact-link groups, attributes, and contiguous, compact or chunked (v1 B-tree) datasets with the
/// deflate, shuffle and Fletcher-32 filters. Every address, length and count read from the file is checked against
/// the file length and fixed caps before anything is allocated; every walk is bounded and guarded against cycles.
/// </summary>
internal sealed class Hdf5File : IDisposable
{
    private static readonly byte[] Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    private Hdf5File(Hdf5Source source, Hdf5Group root)
    {
        Source = source;
        Root = root;
    }

    /// <summary>The bounded reader over the file.</summary>
    public Hdf5Source Source { get; }

    /// <summary>The root group <c>/</c>.</summary>
    public Hdf5Group Root { get; }

    /// <summary>Opens <paramref name="path"/> and reads its superblock and root object header.</summary>
    public static Hdf5File Open(string path)
    {
        var source = new Hdf5Source(path);
        try
        {
            var rootAddress = ReadSuperblock(source);
            var heap = new GlobalHeap(source);
            var header = Hdf5ObjectHeader.Read(source, rootAddress, "/", source.BaseAddress);
            var root = Hdf5Group.From(new Hdf5ObjectContext(source, heap), header, "/")
                       ?? throw FileFormatException.AtKey(path, "/", "the root object is not a group");
            return new Hdf5File(source, root);
        }
        catch
        {
            source.Dispose();
            throw;
        }
    }

    public void Dispose() => Source.Dispose();

    /// <summary>Finds the superblock (at 0, 512, 1024, ...), sets the field sizes and returns the root header address.</summary>
    private static ulong ReadSuperblock(Hdf5Source source)
    {
        long at = 0;
        for (var tries = 0; ; tries++)
        {
            if (at + 8 > source.Length || tries > 40)
            {
                throw source.Error(0, "no HDF5 superblock signature found");
            }

            var sig = source.Block(at, 8, "superblock signature", at);
            if (sig.Span(8, "signature").SequenceEqual(Signature))
            {
                break;
            }

            at = at == 0 ? 512 : at * 2;
        }

        var block = source.BlockUpTo(at + 8, 256, "superblock", at);
        var version = block.U8("superblock version");
        if (version is 0 or 1)
        {
            block.Skip(4, "superblock versions");
            source.OffsetSize = FieldSize(block, "size of offsets");
            source.LengthSize = FieldSize(block, "size of lengths");
            block.Skip(1 + 2 + 2 + 4 + (version == 1 ? 4 : 0), "superblock B-tree parameters");
            SetBase(source, block, at);
            block.Skip(3L * source.OffsetSize, "superblock addresses");
            block.Skip(source.OffsetSize, "root link name offset");
            return block.Address("root object header");
        }

        if (version is 2 or 3)
        {
            source.OffsetSize = FieldSize(block, "size of offsets");
            source.LengthSize = FieldSize(block, "size of lengths");
            block.Skip(1, "superblock flags");
            SetBase(source, block, at);
            block.Skip(2L * source.OffsetSize, "superblock extension and end-of-file addresses");
            return block.Address("root object header");
        }

        throw source.Error(at + 8, $"superblock version {version} is not supported; expected 0 to 3");
    }

    private static int FieldSize(Hdf5Block block, string what)
    {
        var size = block.U8(what);
        return size is 2 or 4 or 8 ? size : throw block.Error($"{what} is {size}; expected 2, 4 or 8");
    }

    private static void SetBase(Hdf5Source source, Hdf5Block block, long signatureAt)
    {
        var baseAddress = block.Address("base address");
        if (baseAddress != 0 && baseAddress != (ulong)signatureAt)
        {
            throw block.Error($"base address {baseAddress} is neither 0 nor the superblock's position {signatureAt}");
        }

        source.BaseAddress = (long)baseAddress;
    }
}

/// <summary>What every object read from a file shares: the bounded source and the global heap cache.</summary>
internal sealed record Hdf5ObjectContext(Hdf5Source Source, GlobalHeap GlobalHeap);
