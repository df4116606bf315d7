using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Kiseki.Abstractions.Randomness;

/// <summary>
/// xoshiro256** 1.0 (Blackman and Vigna, 2018), state seeded from a 64-bit seed with SplitMix64.
/// Not thread-safe: give each thread its own <see cref="Derive(string)"/> child.
/// </summary>
public sealed class Xoshiro256StarStar : IRandomSource
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    public Xoshiro256StarStar(ulong seed)
    {
        Seed = seed;
        var x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    public ulong Seed { get; }

    public ulong NextUInt64()
    {
        var result = RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    public IRandomSource Derive(string label) => new Xoshiro256StarStar(DeriveSeed(Seed, label));

    /// <summary>First 8 bytes (little endian) of SHA-256(seed as 8 LE bytes ‖ UTF-8 label).</summary>
    public static ulong DeriveSeed(ulong seed, string label)
    {
        var labelBytes = Encoding.UTF8.GetBytes(label);
        var buffer = new byte[8 + labelBytes.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, seed);
        labelBytes.CopyTo(buffer, 8);
        Span<byte> digest = stackalloc byte[32];
        SHA256.HashData(buffer, digest);
        return BinaryPrimitives.ReadUInt64LittleEndian(digest);
    }

    private static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
