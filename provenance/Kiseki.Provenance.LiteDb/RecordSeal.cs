using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using LiteDB;

namespace Kiseki.Provenance.LiteDb;

/// <summary>Whether a record's content still hashes to the seal it was written with.</summary>
internal enum SealState
{
    /// <summary>The seal matches the content.</summary>
    Intact,

    /// <summary>The record has no seal (written before records were sealed).</summary>
    Unsealed,

    /// <summary>The content no longer hashes to the seal: something changed the record after it was written.</summary>
    Broken,
}

/// <summary>
/// Tamper evidence for records: every document written to <c>provenance.db</c> carries, in its field
/// <see cref="Field"/>, the SHA-256 of its canonical content (every other field, names sorted ordinally, each value
/// encoded with its BSON type, so <c>3</c> and <c>3.0</c> and <c>"3"</c> differ). Every read that turns a document
/// into a record checks the seal first and refuses a broken one, naming the record. Records written before seals existed
/// have none; they are read as before and counted as unsealed by <c>kiseki verify --store</c>.
/// </summary>
internal static class RecordSeal
{
    /// <summary>The field holding the seal (hex SHA-256).</summary>
    public const string Field = "sha256";

    /// <summary>Sets <paramref name="document"/>'s seal from its current content; returns it.</summary>
    public static BsonDocument Seal(BsonDocument document)
    {
        document.Remove(Field);
        document[Field] = Compute(document);
        return document;
    }

    /// <summary>The state of a document's seal.</summary>
    public static SealState Check(BsonDocument document)
    {
        if (!document.TryGetValue(Field, out var seal) || seal.IsNull)
        {
            return SealState.Unsealed;
        }

        return seal.IsString && string.Equals(seal.AsString, Compute(document), StringComparison.Ordinal) ? SealState.Intact : SealState.Broken;
    }

    /// <summary>Returns <paramref name="document"/> when its seal is intact or absent; throws <see cref="TamperedRecordException"/> when broken.</summary>
    public static BsonDocument Verified(BsonDocument document, string kind)
        => Check(document) == SealState.Broken ? throw TamperedRecordException.Broken(kind, document) : document;

    /// <summary>The hex SHA-256 of the canonical content of <paramref name="document"/> without its seal field.</summary>
    public static string Compute(BsonDocument document)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(sha, document, skipSeal: true);
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    private static void Append(IncrementalHash sha, BsonValue value, bool skipSeal = false)
    {
        Span<byte> number = stackalloc byte[8];
        switch (value.Type)
        {
            case BsonType.Document:
                var fields = value.AsDocument.Keys.Where(k => !(skipSeal && k == Field)).Order(StringComparer.Ordinal).ToList();
                Tag(sha, 'D', fields.Count);
                foreach (var key in fields)
                {
                    Text(sha, key);
                    Append(sha, value.AsDocument[key]);
                }

                break;
            case BsonType.Array:
                Tag(sha, 'A', value.AsArray.Count);
                foreach (var item in value.AsArray)
                {
                    Append(sha, item);
                }

                break;
            case BsonType.String:
                Tag(sha, 'S', 0);
                Text(sha, value.AsString);
                break;
            case BsonType.Int32:
                Tag(sha, 'i', value.AsInt32);
                break;
            case BsonType.Int64:
                Tag(sha, 'l', 0);
                BinaryPrimitives.WriteInt64LittleEndian(number, value.AsInt64);
                sha.AppendData(number);
                break;
            case BsonType.Double:
                Tag(sha, 'd', 0);
                BinaryPrimitives.WriteInt64LittleEndian(number, BitConverter.DoubleToInt64Bits(value.AsDouble));
                sha.AppendData(number);
                break;
            case BsonType.Boolean:
                Tag(sha, value.AsBoolean ? 'T' : 'F', 0);
                break;
            case BsonType.Null:
                Tag(sha, 'N', 0);
                break;
            default:
                Tag(sha, 'X', (int)value.Type);
                Text(sha, JsonSerializer.Serialize(value));
                break;
        }
    }

    private static void Tag(IncrementalHash sha, char tag, int number)
    {
        Span<byte> bytes = stackalloc byte[5];
        bytes[0] = (byte)tag;
        BinaryPrimitives.WriteInt32LittleEndian(bytes[1..], number);
        sha.AppendData(bytes);
    }

    private static void Text(IncrementalHash sha, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
        sha.AppendData(length);
        sha.AppendData(bytes);
    }
}
