using System.Text.Json.Nodes;
using Kiseki.Engine.Definitions.Binding;

namespace Kiseki.Engine.Tests.Definitions;

public sealed class ValueParsingTests
{
    [Theory]
    [InlineData("4G", 4096)]
    [InlineData("512M", 512)]
    [InlineData("1.5GiB", 1536)]
    [InlineData("2048", 2048)]
    [InlineData("100K", 1)]
    public void TryParseMemory_Valid_Megabytes(string text, int expected)
    {
        Assert.True(ResourceValues.TryParseMemory(text, out var mb));
        Assert.Equal(expected, mb);
    }

    [Theory]
    [InlineData("01:30:00", 90)]
    [InlineData("1-00:00:00", 1440)]
    [InlineData("90m", 90)]
    [InlineData("2h", 120)]
    [InlineData("30s", 1)]
    [InlineData("45", 45)]
    public void TryParseTime_Valid_Minutes(string text, int expected)
    {
        Assert.True(ResourceValues.TryParseTime(text, out var minutes));
        Assert.Equal(expected, minutes);
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("0")]
    [InlineData("-1G")]
    [InlineData("1:30")]
    [InlineData("01:75:00")]
    public void TryParse_Invalid_False(string text)
        => Assert.False(ResourceValues.TryParseMemory(text, out _) && ResourceValues.TryParseTime(text, out _));

    [Fact]
    public void Suggest_Transposition_PrefersCloserName()
    {
        Assert.Equal("src", DidYouMean.Suggest("scr", ["c", "src"]));
        Assert.Equal("components", DidYouMean.Suggest("componnets", ["components", "factor"]));
        Assert.Null(DidYouMean.Suggest("zzzzzz", ["components"]));
    }

    [Theory]
    [InlineData("4", "4")]
    [InlineData("4.0", "4.0")]
    [InlineData("1e-3", "0.001")]
    [InlineData("true", "true")]
    [InlineData("~", "null")]
    [InlineData("0x10", "16")]
    [InlineData("hello", "\"hello\"")]
    public void FromPlain_CoreSchema_Typed(string text, string json)
        => Assert.Equal(json, Kiseki.Engine.Hashing.CanonicalJson.ToText(ScalarValuesProbe.FromPlain(text)));
}

internal static class ScalarValuesProbe
{
    public static JsonNode? FromPlain(string text)
        => Kiseki.Engine.Definitions.Yaml.YamlWorkflowReader.Parse($"v: {text}\n", "p.yaml").Root is Kiseki.Engine.Definitions.Yaml.YamlMapping m
           && m["v"] is Kiseki.Engine.Definitions.Yaml.YamlScalar s
            ? BindValue(s)
            : null;

    private static JsonNode? BindValue(Kiseki.Engine.Definitions.Yaml.YamlScalar scalar)
    {
        var definition = WorkflowLoader.LoadText($"kiseki: 1\nparams: {{ v: {scalar.Value} }}\nsteps:\n  s: {{ method: front.source@1 }}\n", "p.yaml", FrontCatalog.Instance);
        return definition.Parameters["v"];
    }
}
