using Kiseki.Abstractions.Artifacts;
using LiteDB;

namespace Kiseki.Provenance.LiteDb.Documents;

/// <summary>Explicit conversions between record field types and BSON values (no reflection mapping).</summary>
internal static class BsonValues
{
    public static BsonValue Time(DateTimeOffset value) => new(value.UtcTicks);

    public static BsonValue Time(DateTimeOffset? value) => value is { } v ? Time(v) : BsonValue.Null;

    public static DateTimeOffset ReadTime(BsonValue value) => new(value.AsInt64, TimeSpan.Zero);

    public static DateTimeOffset? ReadOptionalTime(BsonValue value) => value.IsNull ? null : ReadTime(value);

    public static BsonValue Text(string? value) => value is null ? BsonValue.Null : new BsonValue(value);

    public static string? ReadOptionalText(BsonValue value) => value.IsNull ? null : value.AsString;

    public static BsonValue Hash(ContentHash value) => new(value.ToString());

    public static BsonValue Hash(ContentHash? value) => value is { } v ? Hash(v) : BsonValue.Null;

    public static ContentHash ReadHash(BsonValue value) => ContentHash.Parse(value.AsString);

    public static ContentHash? ReadOptionalHash(BsonValue value) => value.IsNull ? null : ReadHash(value);

    public static BsonValue Unsigned(ulong value) => new(unchecked((long)value));

    public static ulong ReadUnsigned(BsonValue value) => unchecked((ulong)value.AsInt64);

    /// <summary>A map as an array of <c>{k, v}</c> pairs (keys may hold any characters).</summary>
    public static BsonArray HashMap(IReadOnlyDictionary<string, ContentHash> map)
        => new(map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (BsonValue)new BsonDocument { ["k"] = p.Key, ["v"] = Hash(p.Value) }));

    public static IReadOnlyDictionary<string, ContentHash> ReadHashMap(BsonValue value)
        => value.AsArray.Select(p => p.AsDocument).ToDictionary(p => p["k"].AsString, p => ReadHash(p["v"]), StringComparer.Ordinal);

    public static BsonArray NumberMap(IReadOnlyDictionary<string, double> map)
        => new(map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => (BsonValue)new BsonDocument { ["k"] = p.Key, ["v"] = p.Value }));

    public static IReadOnlyDictionary<string, double> ReadNumberMap(BsonValue value)
        => value.AsArray.Select(p => p.AsDocument).ToDictionary(p => p["k"].AsString, p => p["v"].AsDouble, StringComparer.Ordinal);

    public static BsonArray TextList(IEnumerable<string> values) => new(values.Select(v => new BsonValue(v)));

    public static IReadOnlyList<string> ReadTextList(BsonValue value) => value.AsArray.Select(v => v.AsString).ToArray();

    public static BsonArray HashList(IEnumerable<ContentHash> values) => new(values.Select(Hash));

    public static IReadOnlyList<ContentHash> ReadHashList(BsonValue value) => value.AsArray.Select(ReadHash).ToArray();

    public static TEnum ReadEnum<TEnum>(BsonValue value)
        where TEnum : struct, Enum
        => Enum.Parse<TEnum>(value.AsString, ignoreCase: false);
}
