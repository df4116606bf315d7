using System.Text.Json.Nodes;
using Kiseki.Engine.Hashing;

namespace Kiseki.Engine.Tests.Hashing;

public sealed class CanonicalJsonTests
{
    [Fact]
    public void ToText_Keys_SortedOrdinallyAtEveryLevel()
    {
        var node = new JsonObject { ["b"] = 1, ["a"] = new JsonObject { ["z"] = true, ["Z"] = false }, ["_"] = null };
        Assert.Equal("""{"_":null,"a":{"Z":false,"z":true},"b":1}""", CanonicalJson.ToText(node));
    }

    [Fact]
    public void ToText_IntegersAndFloats_StayDistinct()
    {
        var node = new JsonArray(JsonValue.Create(2L), JsonValue.Create(2.0), JsonValue.Create(0.1), JsonValue.Create(1e300), JsonNode.Parse("3"), JsonNode.Parse("3.0"));
        Assert.Equal("[2,2.0,0.1,1E+300,3,3.0]", CanonicalJson.ToText(node));
        Assert.NotEqual(CanonicalJson.Hash(JsonValue.Create(2L)), CanonicalJson.Hash(JsonValue.Create(2.0)));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Serialize_NonFinite_Rejected(double value)
        => Assert.Throws<ArgumentException>(() => CanonicalJson.Serialize(new JsonObject { ["x"] = value }));

    [Fact]
    public void ToText_Unicode_WrittenAsUtf8NotEscaped()
    {
        var text = CanonicalJson.ToText(new JsonObject { ["名前"] = "軌跡 é \"q\"" });
        Assert.Equal("{\"名前\":\"軌跡 é \\\"q\\\"\"}", text);
    }

    [Fact]
    public void Hash_SameContentDifferentInsertionOrder_Equal()
        => Assert.Equal(
            CanonicalJson.Hash(new JsonObject { ["a"] = 1, ["b"] = 2 }),
            CanonicalJson.Hash(new JsonObject { ["b"] = 2, ["a"] = 1 }));
}
