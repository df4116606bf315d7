using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kiseki.Methods.Io.Formats.Hdf5;

/// <summary>
/// Reads a chunked dataset indexed by a version 1 B-tree (type 1): each chunk key is checked (offsets on the chunk grid
/// and inside the dataspace, stored bytes inside the file), its filters are undone into two buffers of exactly one
/// chunk (a chunk that inflates to more or fewer bytes is refused), and its valid part is copied into the output.
/// </summary>
internal sealed class Hdf5ChunkedReader(Hdf5Dataset dataset, long bufferLimit)
{
    private readonly Hdf5Source _source = dataset.Context.Source;

    private sealed record Chunk(ulong[] Offsets, uint Size, uint FilterMask, long At);

    public T[] Read<T>(long count)
        where T : unmanaged
    {
        var layout = dataset.Layout;
        var dims = dataset.Space.Dimensions;
        var rank = dims.Length;
        var size = Unsafe.SizeOf<T>();
        var chunkDims = layout.ChunkDimensions;
        if (rank == 0 || chunkDims.Length != rank + 1 || chunkDims[rank] != size)
        {
            throw Error($"chunk dimensions ({string.Join(", ", chunkDims)}) do not match the rank {rank} and element size {size}");
        }

        ulong chunkElements = 1, chunks = 1;
        for (var i = 0; i < rank; i++)
        {
            chunkElements = Saturate(chunkElements, chunkDims[i]);
            chunks = Saturate(chunks, (dims[i] / chunkDims[i]) + (dims[i] % chunkDims[i] == 0 ? 0UL : 1UL));
        }

        var filters = dataset.Filters;
        var chunkBytes = chunkElements * (ulong)size;
        if (chunkBytes > int.MaxValue || chunkBytes * 2 > (ulong)Math.Max(0, bufferLimit))
        {
            throw Error($"chunks of {chunkBytes} bytes exceed the limit for buffers ({bufferLimit} bytes left)");
        }

        if (count == 0 || layout.Address == ulong.MaxValue)
        {
            return new T[count];
        }

        var keySize = 8 + (8 * (rank + 1));
        var maxEntries = (long)Math.Min(chunks, (ulong)(_source.Length / (keySize + _source.OffsetSize)) + 1);
        var list = new List<Chunk>();
        BTreeV1.Walk(_source, layout.Address, 1, keySize, maxEntries, dataset.Header.Position, (key, child) => list.Add(ReadKey(key, child, dims, chunkDims)));

        // Every element is written when each cell of the chunk grid has a chunk; otherwise the rest reads as zeros.
        var cells = new HashSet<string>(list.Select(c => string.Join(",", c.Offsets)), StringComparer.Ordinal);
        var data = (ulong)cells.Count == chunks ? GC.AllocateUninitializedArray<T>((int)count) : new T[count];
        var stored = new byte[list.Count == 0 ? 0 : list.Max(c => c.Size)];
        var a = new byte[(int)chunkBytes];
        var b = filters.Count > 0 ? new byte[(int)chunkBytes] : a;
        foreach (var chunk in list)
        {
            var input = stored.AsSpan(0, (int)chunk.Size);
            _source.ReadAt(chunk.At, input);
            var decoded = Hdf5Filters.Undo(filters, chunk.FilterMask, input, a, b, size, _source.Path, chunk.At);
            if (decoded.Length != (int)chunkBytes)
            {
                throw _source.Error(chunk.At, $"chunk decodes to {decoded.Length} bytes; expected {chunkBytes}");
            }

            CopyChunk(data, decoded, chunk.Offsets, dims, chunkDims);
        }

        return data;
    }

    private Chunk ReadKey(Hdf5Block key, ulong child, ulong[] dims, uint[] chunkDims)
    {
        var stored = key.U32("chunk size");
        var mask = key.U32("chunk filter mask");
        var offsets = new ulong[dims.Length];
        for (var i = 0; i <= dims.Length; i++)
        {
            var o = key.U64("chunk offset");
            if (i == dims.Length ? o != 0 : (o >= dims[i] || o % chunkDims[i] != 0))
            {
                throw key.Error($"chunk offset {o} in dimension {i} is off the chunk grid or outside the dataspace");
            }

            if (i < dims.Length)
            {
                offsets[i] = o;
            }
        }

        var at = _source.Absolute(child, "chunk", key.FileOffset);
        _source.RequireRange(at, stored, "chunk", key.FileOffset);
        return new Chunk(offsets, stored, mask, at);
    }

    /// <summary>Copies the part of a decoded chunk that lies inside the dataspace, one run along the last axis at a time.</summary>
    private static void CopyChunk<T>(T[] data, ReadOnlySpan<byte> chunk, ulong[] offsets, ulong[] dims, uint[] chunkDims)
        where T : unmanaged
    {
        var rank = dims.Length;
        var size = Unsafe.SizeOf<T>();
        Span<long> extent = stackalloc long[rank];
        Span<long> index = stackalloc long[rank];
        for (var i = 0; i < rank; i++)
        {
            extent[i] = (long)Math.Min(chunkDims[i], dims[i] - offsets[i]);
        }

        var run = (int)extent[rank - 1] * size;
        ref var output = ref Unsafe.As<T, byte>(ref MemoryMarshal.GetArrayDataReference(data));
        while (true)
        {
            long src = 0, dst = 0;
            for (var i = 0; i < rank; i++)
            {
                src = (src * chunkDims[i]) + index[i];
                dst = (dst * (long)dims[i]) + (long)offsets[i] + index[i];
            }

            chunk.Slice((int)(src * size), run).CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.Add(ref output, (nint)(dst * size)), run));
            var d = rank - 2;
            while (d >= 0 && ++index[d] >= extent[d])
            {
                index[d] = 0;
                d--;
            }

            if (d < 0)
            {
                return;
            }
        }
    }

    private static ulong Saturate(ulong a, ulong b) => b != 0 && a > (1UL << 40) / b ? 1UL << 40 : a * b;

    private FileFormatException Error(string message) => FileFormatException.AtKey(_source.Path, dataset.Key, message);
}
