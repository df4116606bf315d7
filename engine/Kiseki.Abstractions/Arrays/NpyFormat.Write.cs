namespace Kiseki.Abstractions.Arrays;

/// <summary>Writing <c>.npy</c>: version 1.0 (2.0 for long headers), little-endian, C order.</summary>
public static partial class NpyFormat
{
    /// <summary>Writes <paramref name="array"/> as <c>.npy</c>.</summary>
    public static void Write(Stream stream, NdArray array)
    {
        stream.Write(NpyHeader.Encode(array.DType, array.Shape));
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
