namespace Kiseki.Abstractions.Arrays;

/// <summary>
/// NumPy <c>.npy</c> format: reads versions 1.0, 2.0 and 3.0, little- and big-endian, C and Fortran order; writes
/// version 1.0 (2.0 when the header needs it), little-endian, C order. Hostile headers and lengths are refused with
/// an <see cref="InvalidDataException"/> that names the byte offset. The header is <see cref="NpyHeader"/>; reading
/// and writing the elements are in <c>NpyFormat.Read.cs</c> and <c>NpyFormat.Write.cs</c>.
/// </summary>
public static partial class NpyFormat
{
    /// <summary>The six bytes every <c>.npy</c> file starts with.</summary>
    internal static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>NumPy descriptor (<c>&lt;f8</c>, <c>|u1</c>, …) of a little-endian array of <paramref name="type"/>.</summary>
    public static string Descriptor(DType type) => type switch
    {
        DType.Bool => "|b1",
        DType.Int8 => "|i1",
        DType.UInt8 => "|u1",
        DType.Int16 => "<i2",
        DType.UInt16 => "<u2",
        DType.Int32 => "<i4",
        DType.UInt32 => "<u4",
        DType.Int64 => "<i8",
        DType.UInt64 => "<u8",
        DType.Float32 => "<f4",
        DType.Float64 => "<f8",
        DType.Complex64 => "<c8",
        DType.Complex128 => "<c16",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Parses a NumPy type descriptor such as <c>&gt;u2</c> into an element type and byte order.</summary>
    public static (DType Type, bool BigEndian) ParseDescriptor(string descr, long offset = 0)
    {
        if (descr.Length < 2)
        {
            throw new InvalidDataException($"Unsupported .npy dtype '{descr}' (header at offset {offset}).");
        }

        var order = descr[0];
        var code = order is '<' or '>' or '|' or '=' ? descr[1..] : descr;
        var bigEndian = order == '>';
        DType? type = code switch
        {
            "b1" or "?" => DType.Bool,
            "i1" => DType.Int8,
            "u1" => DType.UInt8,
            "i2" => DType.Int16,
            "u2" => DType.UInt16,
            "i4" => DType.Int32,
            "u4" => DType.UInt32,
            "i8" => DType.Int64,
            "u8" => DType.UInt64,
            "f4" => DType.Float32,
            "f8" => DType.Float64,
            "c8" => DType.Complex64,
            "c16" => DType.Complex128,
            _ => null,
        };
        return type is null
            ? throw new InvalidDataException(
                $"Unsupported .npy dtype '{descr}' (header at offset {offset}); expected bool, int, uint, float or complex.")
            : (type.Value, bigEndian);
    }
}
