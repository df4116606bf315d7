using System.Buffers.Binary;
using System.Text;

namespace Kiseki.Abstractions.Arrays;

/// <summary>Writing <c>.npy</c>: version 1.0 (2.0 for long headers), little-endian, C order.</summary>
public static partial class NpyFormat
{
    /// <summary>Writes <paramref name="array"/> as <c>.npy</c>.</summary>
    public static void Write(Stream stream, NdArray array)
    {
        var shape = array.Rank == 1 ? $"({array.Shape[0]},)" : $"({string.Join(", ", array.Shape)})";
        var dict = $"{{'descr': '{Descriptor(array.DType)}', 'fortran_order': False, 'shape': {shape}, }}";
        var version = dict.Length + 1 + 10 > ushort.MaxValue ? 2 : 1;
        var prefix = version == 1 ? 10 : 12;
        var total = prefix + dict.Length + 1;
        var padded = (total + 63) / 64 * 64;
        var header = dict + new string(' ', padded - total) + "\n";
        var headerBytes = Encoding.Latin1.GetBytes(header);
        stream.Write(Magic);
        stream.WriteByte((byte)version);
        stream.WriteByte(0);
        if (version == 1)
        {
            Span<byte> length = stackalloc byte[2];
            BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)headerBytes.Length);
            stream.Write(length);
        }
        else
        {
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32LittleEndian(length, (uint)headerBytes.Length);
            stream.Write(length);
        }

        stream.Write(headerBytes);
        WriteElements(stream, array);
    }

    /// <summary>The <c>.npy</c> bytes of <paramref name="array"/> (small arrays; large ones go through <see cref="Write"/>).</summary>
    public static byte[] ToBytes(NdArray array)
    {
        using var memory = new MemoryStream();
        Write(memory, array);
        return memory.ToArray();
    }

    private static void WriteElements(Stream stream, NdArray array)
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Writing .npy requires a little-endian host.");
        }

        var bytes = array.AsBytes();
        const int chunk = 1 << 24;
        for (var start = 0; start < bytes.Length; start += chunk)
        {
            stream.Write(bytes.Slice(start, Math.Min(chunk, bytes.Length - start)));
        }
    }
}
