using System.Numerics;
using System.Runtime.InteropServices;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Abstractions.Arrays;

/// <summary>
/// An n-dimensional array in C order (last index fastest) over one flat CLR array. Immutable by contract: the
/// backing array is exposed for speed and must not be written once the array is shared.
/// </summary>
public sealed class NdArray : IArtifact
{
    private readonly int[] _shape;

    private NdArray(Array data, DType dtype, int[] shape)
    {
        Data = data;
        DType = dtype;
        _shape = shape;
    }

    public string Kind => ArtifactKind.NdArray;

    public DType DType { get; }

    public IReadOnlyList<int> Shape => _shape;

    public int Rank => _shape.Length;

    /// <summary>Number of elements.</summary>
    public long Length => Data.LongLength;

    /// <summary>The flat backing array (<c>double[]</c>, <c>float[]</c>, <c>ushort[]</c>, …).</summary>
    public Array Data { get; }

    /// <summary>Wraps <paramref name="data"/> (no copy) with <paramref name="shape"/>; the product of the shape must equal its length.</summary>
    public static NdArray Create<T>(T[] data, params int[] shape)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        var copy = (int[])shape.Clone();
        var count = ElementCount(copy);
        if (count != data.LongLength)
        {
            throw new ArgumentException(
                $"Shape ({string.Join(", ", copy)}) holds {count} elements but the data has {data.LongLength}.",
                nameof(shape));
        }

        return new NdArray(data, DTypes.Of<T>(), copy);
    }

    /// <summary>Product of the dimensions; throws on negative or overflowing shapes.</summary>
    public static long ElementCount(ReadOnlySpan<int> shape)
    {
        long count = 1;
        foreach (var dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"Negative dimension {dimension}.", nameof(shape));
            }

            count = checked(count * dimension);
        }

        return count;
    }

    /// <summary>The backing array as <typeparamref name="T"/>[]; throws when the element type differs.</summary>
    public T[] GetData<T>()
        where T : unmanaged
        => Data as T[] ?? throw new InvalidOperationException(
            $"The array holds {DTypes.Name(DType)}, not {typeof(T).Name}.");

    /// <summary>The raw little-endian bytes of the elements (no copy).</summary>
    public ReadOnlySpan<byte> AsBytes() => DType switch
    {
        DType.Bool => MemoryMarshal.AsBytes(((bool[])Data).AsSpan()),
        DType.Int8 => MemoryMarshal.AsBytes(((sbyte[])Data).AsSpan()),
        DType.UInt8 => (byte[])Data,
        DType.Int16 => MemoryMarshal.AsBytes(((short[])Data).AsSpan()),
        DType.UInt16 => MemoryMarshal.AsBytes(((ushort[])Data).AsSpan()),
        DType.Int32 => MemoryMarshal.AsBytes(((int[])Data).AsSpan()),
        DType.UInt32 => MemoryMarshal.AsBytes(((uint[])Data).AsSpan()),
        DType.Int64 => MemoryMarshal.AsBytes(((long[])Data).AsSpan()),
        DType.UInt64 => MemoryMarshal.AsBytes(((ulong[])Data).AsSpan()),
        DType.Float32 => MemoryMarshal.AsBytes(((float[])Data).AsSpan()),
        DType.Float64 => MemoryMarshal.AsBytes(((double[])Data).AsSpan()),
        DType.Complex64 => MemoryMarshal.AsBytes(((Complex64[])Data).AsSpan()),
        DType.Complex128 => MemoryMarshal.AsBytes(((Complex[])Data).AsSpan()),
        _ => throw new InvalidOperationException(),
    };

    /// <summary>Element <paramref name="index"/> (flat, C order) as a double; complex values give their real part.</summary>
    public double GetDouble(long index) => Data switch
    {
        double[] d => d[index],
        float[] f => f[index],
        bool[] b => b[index] ? 1 : 0,
        sbyte[] v => v[index],
        byte[] v => v[index],
        short[] v => v[index],
        ushort[] v => v[index],
        int[] v => v[index],
        uint[] v => v[index],
        long[] v => v[index],
        ulong[] v => v[index],
        Complex64[] v => v[index].Real,
        Complex[] v => v[index].Real,
        _ => throw new InvalidOperationException(),
    };

    /// <summary>A new <c>double[]</c> with every element converted (complex: real part).</summary>
    public double[] ToDoubleArray()
    {
        if (Data is double[] d)
        {
            return (double[])d.Clone();
        }

        var result = new double[Length];
        if (Data is float[] f)
        {
            for (long i = 0; i < result.LongLength; i++)
            {
                result[i] = f[i];
            }

            return result;
        }

        for (long i = 0; i < result.LongLength; i++)
        {
            result[i] = GetDouble(i);
        }

        return result;
    }

    /// <summary>The same elements under another shape with the same element count (no copy).</summary>
    public NdArray Reshape(params int[] shape)
    {
        var copy = (int[])shape.Clone();
        if (ElementCount(copy) != Length)
        {
            throw new ArgumentException(
                $"Cannot reshape {Length} elements to ({string.Join(", ", copy)}).", nameof(shape));
        }

        return new NdArray(Data, DType, copy);
    }

    public override string ToString() => $"ndarray {DTypes.Name(DType)} ({string.Join(", ", _shape)})";
}
