using System.Buffers.Binary;
using System.IO.Compression;
using System.Security.Cryptography;

namespace Kiseki.Engine.Audit;

/// <summary>
/// Decodes a PNG's pixel bytes (IDAT inflated and un-filtered) so figures compare by their pixels, not by how the
/// encoder chose filters or compression. Supports non-interlaced images of 8 or 16 bits per sample; others fall back
/// to the inflated bytes.
/// </summary>
public static class PngPixels
{
    /// <summary>Width, height and SHA-256 (hex) of the decoded pixels plus the colour type.</summary>
    public static (int Width, int Height, string PixelHash) Decode(byte[] png)
    {
        if (png.Length < 33 || png[1] != (byte)'P' || png[2] != (byte)'N' || png[3] != (byte)'G')
        {
            throw new InvalidDataException("not a PNG file.");
        }

        int width = 0, height = 0, depth = 8, colour = 0, interlace = 0;
        using var idat = new MemoryStream();
        var offset = 8;
        while (offset + 8 <= png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(png, offset + 4, 4);
            var data = png.AsSpan(offset + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                depth = data[8];
                colour = data[9];
                interlace = data[12];
            }
            else if (type == "IDAT")
            {
                idat.Write(data);
            }
            else if (type == "IEND")
            {
                break;
            }

            offset += 12 + length;
        }

        idat.Position = 0;
        using var inflated = new MemoryStream();
        using (var z = new ZLibStream(idat, CompressionMode.Decompress))
        {
            z.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        var channels = colour switch { 0 => 1, 2 => 3, 3 => 1, 4 => 2, 6 => 4, _ => 1 };
        if (interlace != 0 || depth < 8)
        {
            return (width, height, Hash(raw, width, height, colour));
        }

        var bpp = channels * depth / 8;
        var stride = width * bpp;
        var pixels = new byte[stride * height];
        var previous = new byte[stride];
        for (var y = 0; y < height; y++)
        {
            var filter = raw[y * (stride + 1)];
            var line = raw.AsSpan(y * (stride + 1) + 1, stride);
            var current = pixels.AsSpan(y * stride, stride);
            for (var x = 0; x < stride; x++)
            {
                int a = x >= bpp ? current[x - bpp] : 0, b = previous[x], c = x >= bpp ? previous[x - bpp] : 0;
                var predictor = filter switch
                {
                    1 => a,
                    2 => b,
                    3 => (a + b) / 2,
                    4 => Paeth(a, b, c),
                    _ => 0,
                };
                current[x] = (byte)(line[x] + predictor);
            }

            current.CopyTo(previous);
        }

        return (width, height, Hash(pixels, width, height, colour));
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static string Hash(byte[] pixels, int width, int height, int colour)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteInt32LittleEndian(header, width);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], height);
        BinaryPrimitives.WriteInt32LittleEndian(header[8..], colour);
        sha.AppendData(header);
        sha.AppendData(pixels);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
