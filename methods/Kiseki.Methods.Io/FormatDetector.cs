using System.Buffers.Binary;
using System.Text;

namespace Kiseki.Methods.Io;

/// <summary>Recognises a file's format from its first bytes; the extension is never consulted.</summary>
public static class FormatDetector
{
    private static readonly byte[] Hdf5Signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The format of the file at <paramref name="path"/>, or <see cref="FileFormat.Unknown"/>.</summary>
    public static FileFormat Detect(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        var head = new byte[(int)Math.Min(4096, stream.Length)];
        stream.ReadExactly(head);
        return Detect(head);
    }

    /// <summary>The format whose signature <paramref name="head"/> (the first bytes of a file, up to 4 KiB) carries.</summary>
    public static FileFormat Detect(ReadOnlySpan<byte> head)
    {
        if (head.Length >= 6 && head[0] == 0x93 && head[1..6].SequenceEqual("NUMPY"u8))
        {
            return FileFormat.Npy;
        }

        if (head.Length >= 4 && head[..4].SequenceEqual("PK\x03\x04"u8))
        {
            return FileFormat.Npz;
        }

        if (head.Length >= 8 && head[..8].SequenceEqual(Hdf5Signature))
        {
            return FileFormat.Hspy;
        }

        if (head.Length >= 128 && head[..6].SequenceEqual("MATLAB"u8) &&
            ((head[126] == 'I' && head[127] == 'M') || (head[126] == 'M' && head[127] == 'I')))
        {
            return FileFormat.Mat;
        }

        if (head.Length >= 16)
        {
            var version = BinaryPrimitives.ReadInt32BigEndian(head);
            var flagAt = version == 4 ? 12 : 8;
            var flag = BinaryPrimitives.ReadInt32BigEndian(head[flagAt..]);
            if (version is 3 or 4 && flag is 0 or 1)
            {
                return version == 3 ? FileFormat.Dm3 : FileFormat.Dm4;
            }
        }

        var text = Encoding.Latin1.GetString(head).TrimStart('\uFEFF', '\u00EF', '\u00BB', '\u00BF', ' ', '\t', '\r', '\n');
        if (text.StartsWith('#') && (text.Contains("#FORMAT", StringComparison.OrdinalIgnoreCase) || text.Contains("#SPECTRUM", StringComparison.OrdinalIgnoreCase)))
        {
            return FileFormat.Emsa;
        }

        if (!head.Contains((byte)0) && (text.Contains("(MLX::", StringComparison.OrdinalIgnoreCase) ||
            (text.Contains("data-type", StringComparison.OrdinalIgnoreCase) && text.Contains("width", StringComparison.OrdinalIgnoreCase))))
        {
            return FileFormat.Ripple;
        }

        return FileFormat.Unknown;
    }
}
