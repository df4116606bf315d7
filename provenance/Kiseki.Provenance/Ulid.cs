using System.Security.Cryptography;

namespace Kiseki.Provenance;

/// <summary>
/// ULIDs (26 Crockford base-32 characters: 48-bit millisecond timestamp then 80 random bits), used as run ids.
/// They sort by creation time as text. The caller supplies the time and the random bytes, so the format is deterministic.
/// </summary>
public static class Ulid
{
    /// <summary>Length of a ULID in characters.</summary>
    public const int Length = 26;

    /// <summary>Number of random bytes a ULID carries.</summary>
    public const int RandomByteCount = 10;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    /// <summary>Formats a ULID from a timestamp (milliseconds since the Unix epoch, 0 … 2^48-1) and 10 random bytes.</summary>
    public static string Create(DateTimeOffset timestamp, ReadOnlySpan<byte> randomBytes)
    {
        if (randomBytes.Length != RandomByteCount)
        {
            throw new ArgumentException($"A ULID needs exactly {RandomByteCount} random bytes.", nameof(randomBytes));
        }

        var milliseconds = timestamp.ToUnixTimeMilliseconds();
        if (milliseconds < 0 || milliseconds >= 1L << 48)
        {
            throw new ArgumentOutOfRangeException(nameof(timestamp), "A ULID timestamp lies between 1970 and the year 10889.");
        }

        Span<byte> bytes = stackalloc byte[16];
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(milliseconds >> (8 * (5 - i)));
        }

        randomBytes.CopyTo(bytes[6..]);
        return Encode(bytes);
    }

    /// <summary>A new ULID at the time of <paramref name="clock"/> with cryptographically random bytes.</summary>
    public static string NewUlid(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        Span<byte> random = stackalloc byte[RandomByteCount];
        RandomNumberGenerator.Fill(random);
        return Create(clock.GetUtcNow(), random);
    }

    /// <summary>Whether <paramref name="text"/> is a well-formed ULID (upper-case canonical form).</summary>
    public static bool IsValid(string? text)
        => text is { Length: Length } && text[0] <= '7' && text.All(c => Alphabet.Contains(c, StringComparison.Ordinal));

    /// <summary>The timestamp encoded in a ULID.</summary>
    public static DateTimeOffset GetTimestamp(string ulid)
    {
        if (!IsValid(ulid))
        {
            throw new FormatException($"'{ulid}' is not a ULID.");
        }

        long milliseconds = 0;
        for (var i = 0; i < 10; i++)
        {
            milliseconds = (milliseconds << 5) | (long)Alphabet.IndexOf(ulid[i], StringComparison.Ordinal);
        }

        return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
    }

    private static string Encode(ReadOnlySpan<byte> bytes)
    {
        // 128 bits → 26 characters of 5 bits; the first character carries the top 3 bits.
        var high = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes);
        var low = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]);
        var value = ((UInt128)high << 64) | low;
        Span<char> chars = stackalloc char[Length];
        for (var i = Length - 1; i >= 0; i--)
        {
            chars[i] = Alphabet[(int)(value & 31)];
            value >>= 5;
        }

        return new string(chars);
    }
}
