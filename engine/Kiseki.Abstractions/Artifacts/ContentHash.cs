using System.Security.Cryptography;

namespace Kiseki.Abstractions.Artifacts;

/// <summary>A SHA-256 content hash written <c>sha256:&lt;64 lowercase hex&gt;</c>.</summary>
public readonly record struct ContentHash
{
    private const string Prefix = "sha256:";

    private ContentHash(string hex) => Hex = hex;

    /// <summary>The 64 lowercase hexadecimal digits.</summary>
    public string Hex { get; }

    public static ContentHash Of(ReadOnlySpan<byte> bytes) => FromDigest(SHA256.HashData(bytes));

    public static ContentHash Of(Stream stream) => FromDigest(SHA256.HashData(stream));

    public static ContentHash FromDigest(ReadOnlySpan<byte> digest)
    {
        if (digest.Length != 32)
        {
            throw new ArgumentException("A SHA-256 digest has 32 bytes.", nameof(digest));
        }

        return new ContentHash(Convert.ToHexStringLower(digest));
    }

    /// <summary>Parses <c>sha256:hex</c> or bare hex (64 digits, either case).</summary>
    public static bool TryParse(string? text, out ContentHash hash)
    {
        hash = default;
        if (text is null)
        {
            return false;
        }

        var hex = text.StartsWith(Prefix, StringComparison.Ordinal) ? text[Prefix.Length..] : text;
        if (hex.Length != 64 || !hex.All(Uri.IsHexDigit))
        {
            return false;
        }

        hash = new ContentHash(hex.ToLowerInvariant());
        return true;
    }

    public static ContentHash Parse(string text)
        => TryParse(text, out var hash) ? hash : throw new FormatException($"'{text}' is not a sha256 content hash.");

    public override string ToString() => Prefix + Hex;
}
