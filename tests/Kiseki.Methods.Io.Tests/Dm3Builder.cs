using System.Buffers.Binary;
using System.Text;

namespace Kiseki.Methods.Io.Tests;

/// <summary>Builds small DM3 files by hand (structure big-endian, payload in the chosen byte order).</summary>
internal static class Dm3Builder
{
    public static byte[] File(bool littleEndian, byte[] rootBody)
    {
        var bytes = new List<byte>();
        bytes.AddRange(U32(3));
        bytes.AddRange(U32((uint)rootBody.Length));
        bytes.AddRange(U32(littleEndian ? 1u : 0u));
        bytes.AddRange(rootBody);
        bytes.AddRange(new byte[8]);
        return [.. bytes];
    }

    public static byte[] Body(params byte[][] entries)
    {
        var bytes = new List<byte> { 1, 0 };
        bytes.AddRange(U32((uint)entries.Length));
        foreach (var e in entries)
        {
            bytes.AddRange(e);
        }

        return [.. bytes];
    }

    public static byte[] Group(string name, params byte[][] entries) => [.. Head(20, name), .. Body(entries)];

    public static byte[] Value(string name, uint code, byte[] payload) => [.. Head(21, name), .. "%%%%"u8, .. U32(1), .. U32(code), .. payload];

    public static byte[] Array(string name, uint code, ulong count, byte[] payload)
        => [.. Head(21, name), .. "%%%%"u8, .. U32(3), .. U32(20), .. U32(code), .. U32((uint)count), .. payload];

    public static byte[] U32(uint v)
    {
        var b = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, v);
        return b;
    }

    public static byte[] U32Payload(uint v, bool little)
    {
        var b = new byte[4];
        if (little)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(b, v);
        }

        return b;
    }

    public static byte[] F32Payload(float v, bool little)
    {
        var b = new byte[4];
        if (little)
        {
            BinaryPrimitives.WriteSingleLittleEndian(b, v);
        }
        else
        {
            BinaryPrimitives.WriteSingleBigEndian(b, v);
        }

        return b;
    }

    /// <summary>A file with one spectrum image entry: float32 data [x, y, E] = dims, values 0..n-1.</summary>
    public static byte[] SpectrumImage(bool little, uint[] dims, uint dataType = 2, ulong? declaredCount = null, float origin = -10, float scale = 0.5f)
    {
        var count = dims.Aggregate(1u, (a, d) => a * d);
        var payload = Enumerable.Range(0, (int)count).SelectMany(i => F32Payload(i, little)).ToArray();
        var calibrations = dims.Select((_, i) => Group("",
            Value("Origin", 6, F32Payload(i == dims.Length - 1 ? origin : 0, little)),
            Value("Scale", 6, F32Payload(i == dims.Length - 1 ? scale : 1, little)),
            Array("Units", 4, 2, little ? "e\0V\0"u8.ToArray() : "\0e\0V"u8.ToArray()))).ToArray();
        var imageData = Group("ImageData",
            Group("Calibrations", Group("Dimension", calibrations)),
            Array("Data", 6, declaredCount ?? count, payload),
            Value("DataType", 5, U32Payload(dataType, little)),
            Group("Dimensions", [.. dims.Select(d => Value("", 5, U32Payload(d, little)))]),
            Value("PixelDepth", 5, U32Payload(4, little)));
        var entry = Group("", imageData, Group("ImageTags", Group("Meta Data",
            Array("Format", 4, 14, Utf16("Spectrum image", little)), Array("Signal", 4, 4, Utf16("EELS", little)))));
        return File(little, Body(Group("ImageList", entry)));
    }

    private static byte[] Utf16(string text, bool little) => (little ? Encoding.Unicode : Encoding.BigEndianUnicode).GetBytes(text);

    private static byte[] Head(byte kind, string name)
    {
        var nameBytes = Encoding.Latin1.GetBytes(name);
        var len = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(len, (ushort)nameBytes.Length);
        return [kind, .. len, .. nameBytes];
    }
}
