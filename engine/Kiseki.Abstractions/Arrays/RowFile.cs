using System.Buffers;
using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Kiseki.Abstractions.Arrays;

/// <summary>
/// A rows × columns matrix of real elements stored contiguously in a file (row-major, one element type and byte order),
/// read a block of rows at a time with positioned reads: nothing but the requested rows is ever held in memory. The
/// rows of a <c>(rows, cols, channels)</c> spectrum image are its pixels, the columns its channels.
/// </summary>
public sealed class RowFile : IDisposable
{
    private readonly SafeFileHandle _handle;

    private RowFile(SafeFileHandle handle, string path, long dataOffset, DType type, bool bigEndian, int rows, int columns, int[] shape)
    {
        _handle = handle;
        Path = path;
        DataOffset = dataOffset;
        Type = type;
        BigEndian = bigEndian;
        Rows = rows;
        Columns = columns;
        Shape = shape;
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Byte offset of the first element.</summary>
    public long DataOffset { get; }

    /// <summary>Element type as stored.</summary>
    public DType Type { get; }

    /// <summary>Whether the elements are stored big-endian.</summary>
    public bool BigEndian { get; }

    /// <summary>Number of rows (pixels).</summary>
    public int Rows { get; }

    /// <summary>Number of columns (channels): the last axis.</summary>
    public int Columns { get; }

    /// <summary>The stored array's full shape (its last axis is <see cref="Columns"/>).</summary>
    public int[] Shape { get; }

    /// <summary>Whether rows can be read as float32 without changing a value (<see cref="DTypes.ExactInSingles"/>).</summary>
    public bool ExactInSingles => DTypes.ExactInSingles(Type);

    /// <summary>
    /// Opens a C-order array of <paramref name="shape"/> starting at <paramref name="dataOffset"/>. Throws
    /// <see cref="InvalidDataException"/> naming the file when the file is shorter than the array or the type is complex.
    /// </summary>
    public static RowFile Open(string path, long dataOffset, DType type, bool bigEndian, int[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (DTypes.IsComplex(type))
        {
            throw new InvalidDataException($"{path}: complex {DTypes.Name(type)} data cannot be read as rows of real values.");
        }

        if (shape.Length == 0 || Array.Exists(shape, d => d < 0))
        {
            throw new InvalidDataException($"{path}: shape ({string.Join(", ", shape)}) has no channel axis.");
        }

        var columns = shape[^1];
        var elements = NdArray.ElementCount(shape);
        var rows = columns == 0 ? 0 : elements / columns;
        if (rows > int.MaxValue)
        {
            throw new InvalidDataException($"{path}: {rows} rows of {columns} channels exceed {int.MaxValue} rows.");
        }

        var needed = checked(dataOffset + (elements * DTypes.SizeOf(type)));
        var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var length = RandomAccess.GetLength(handle);
        if (length < needed)
        {
            handle.Dispose();
            throw new InvalidDataException(
                $"{path}: truncated: the array ({string.Join(", ", shape)}) of {DTypes.Name(type)} at offset {dataOffset} needs " +
                $"{needed} bytes but the file has {length}.");
        }

        return new RowFile(handle, path, dataOffset, type, bigEndian, (int)rows, columns, (int[])shape.Clone());
    }

    /// <summary>Opens a <c>.npy</c> file (C order; any real element type and byte order) without reading its elements.</summary>
    public static RowFile OpenNpy(string path)
    {
        NpyHeader header;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096))
        {
            try
            {
                header = NpyHeader.Read(stream);
            }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException($"{path}: {e.Message}", e);
            }
        }

        if (header.FortranOrder && header.Shape.Count(d => d > 1) > 1)
        {
            throw new InvalidDataException($"{path}: Fortran-order arrays cannot be read by rows; save the array in C order (numpy.ascontiguousarray).");
        }

        return Open(path, header.DataOffset, header.Type, header.BigEndian, header.Shape);
    }

    /// <summary>Reads rows [<paramref name="start"/>, start + count) as float64 into <paramref name="destination"/>.</summary>
    public void ReadRows(int start, int count, Span<double> destination) => Read(start, count, destination);

    /// <summary>
    /// Reads rows [<paramref name="start"/>, start + count) as float32 into <paramref name="destination"/>; only when
    /// <see cref="ExactInSingles"/>.
    /// </summary>
    public void ReadRows(int start, int count, Span<float> destination)
    {
        if (!ExactInSingles)
        {
            throw new InvalidOperationException($"{DTypes.Name(Type)} values are not all exact in float32; read them as float64.");
        }

        Read(start, count, destination);
    }

    /// <summary>
    /// Reads rows [<paramref name="start"/>, start + count) of a uint16 file as they are stored (byte order made native),
    /// straight into <paramref name="destination"/>: no conversion buffer.
    /// </summary>
    public void ReadRows(int start, int count, Span<ushort> destination)
    {
        if (Type != DType.UInt16)
        {
            throw new InvalidOperationException($"{DTypes.Name(Type)} values are not uint16.");
        }

        if (start < 0 || count < 0 || start > Rows - count)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"rows {start}..{start + count} outside 0..{Rows}");
        }

        var elements = count * Columns;
        if (destination.Length < elements)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, {elements} needed.", nameof(destination));
        }

        var bytes = MemoryMarshal.AsBytes(destination[..elements]);
        ReadExactly(bytes, DataOffset + ((long)start * Columns * 2));
        if (BigEndian)
        {
            Swap(bytes, 2);
        }
    }

    /// <summary>
    /// Writes every element to <paramref name="destination"/> as little-endian bytes of the stored type, a few MiB at
    /// a time (the bytes <see cref="NpyFormat.Write"/> writes after the header for the same array in memory).
    /// </summary>
    public void CopyElementsTo(Stream destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var size = DTypes.SizeOf(Type);
        var total = (long)Rows * Columns * size;
        var block = Math.Max(size, (4 << 20) / size * size);
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(block, Math.Max(total, 1)));
        try
        {
            for (long done = 0; done < total;)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var bytes = buffer.AsSpan(0, (int)Math.Min(block, total - done));
                ReadExactly(bytes, DataOffset + done);
                if (BigEndian && size > 1)
                {
                    Swap(bytes, size);
                }

                destination.Write(bytes);
                done += bytes.Length;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void ReadExactly(Span<byte> bytes, long offset)
    {
        var done = 0;
        while (done < bytes.Length)
        {
            var n = RandomAccess.Read(_handle, bytes[done..], offset + done);
            if (n == 0)
            {
                throw new InvalidDataException($"{Path}: truncated while reading: {bytes.Length - done} bytes missing at offset {offset + done}.");
            }

            done += n;
        }
    }

    private void Read<TOut>(int start, int count, Span<TOut> destination)
        where TOut : unmanaged, INumberBase<TOut>
    {
        if (start < 0 || count < 0 || start > Rows - count)
        {
            throw new ArgumentOutOfRangeException(nameof(start), $"rows {start}..{start + count} outside 0..{Rows}");
        }

        var elements = count * Columns;
        if (destination.Length < elements)
        {
            throw new ArgumentException($"destination holds {destination.Length} values, {elements} needed.", nameof(destination));
        }

        var size = DTypes.SizeOf(Type);
        var buffer = ArrayPool<byte>.Shared.Rent(elements * size);
        try
        {
            var bytes = buffer.AsSpan(0, elements * size);
            ReadExactly(bytes, DataOffset + ((long)start * Columns * size));
            Convert(bytes, destination[..elements]);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Convert<TOut>(Span<byte> bytes, Span<TOut> output)
        where TOut : unmanaged, INumberBase<TOut>
    {
        switch (Type)
        {
            case DType.Bool:
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] = bytes[i] != 0 ? TOut.One : TOut.Zero;
                }

                break;
            case DType.Int8: Widen<sbyte, TOut>(bytes, output); break;
            case DType.UInt8: Widen<byte, TOut>(bytes, output); break;
            case DType.Int16: Widen<short, TOut>(bytes, output); break;
            case DType.UInt16: Widen<ushort, TOut>(bytes, output); break;
            case DType.Int32: Widen<int, TOut>(bytes, output); break;
            case DType.UInt32: Widen<uint, TOut>(bytes, output); break;
            case DType.Int64: Widen<long, TOut>(bytes, output); break;
            case DType.UInt64: Widen<ulong, TOut>(bytes, output); break;
            case DType.Float32: Widen<float, TOut>(bytes, output); break;
            case DType.Float64: Widen<double, TOut>(bytes, output); break;
            default: throw new InvalidOperationException($"{DTypes.Name(Type)} is not a real type.");
        }
    }

    private void Widen<TIn, TOut>(Span<byte> bytes, Span<TOut> output)
        where TIn : unmanaged, INumberBase<TIn>
        where TOut : unmanaged, INumberBase<TOut>
    {
        var values = MemoryMarshal.Cast<byte, TIn>(bytes);
        if (BigEndian && DTypes.SizeOf(Type) > 1)
        {
            Swap(bytes, DTypes.SizeOf(Type));
        }

        if (RowConversion.TryWiden<TIn, TOut>(values, output))
        {
            return;
        }

        for (var i = 0; i < output.Length; i++)
        {
            output[i] = TOut.CreateTruncating(values[i]);
        }
    }

    private static void Swap(Span<byte> bytes, int width)
    {
        switch (width)
        {
            case 2: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ushort>(bytes), MemoryMarshal.Cast<byte, ushort>(bytes)); break;
            case 4: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, uint>(bytes), MemoryMarshal.Cast<byte, uint>(bytes)); break;
            default: BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, ulong>(bytes), MemoryMarshal.Cast<byte, ulong>(bytes)); break;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _handle.Dispose();
}
