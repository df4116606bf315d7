using System.Text;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Io.ReadTable;
using Kiseki.Testing;

namespace Kiseki.Methods.Io.Tests;

public sealed class ReadTableTests
{
    private static async Task<Table> Read(byte[] bytes, ReadTableParameters? parameters = null)
    {
        using var directory = new TempDirectory();
        var path = directory.Combine("observations.csv");
        await File.WriteAllBytesAsync(path, bytes);
        var result = await new ReadTableMethod().RunAsync(
            new ReadTableInputs { File = new FileArtifact(path, ContentHash.Of(bytes), bytes.Length) },
            parameters ?? new ReadTableParameters(), MethodContext.CreateStandalone(), default);
        return result.Outputs.Table;
    }

    private static Task<Table> Read(string text, ReadTableParameters? parameters = null) => Read(Encoding.UTF8.GetBytes(text), parameters);

    [Fact]
    public async Task Csv_NumericAndTextColumns_WithCommentsAndQuotes()
    {
        var table = await Read("# observed precipitates\nradius,aspect_ratio,sample\n5,1.2,\"A, first\"\n\n20,2.5e0,B\n",
            new ReadTableParameters { Columns = ["sample"], Numeric = ["radius", "aspect_ratio"] });
        Assert.Equal(2, table.RowCount);
        Assert.Equal([5.0, 20.0], table["radius"].Numbers!);
        Assert.Equal([1.2, 2.5], table["aspect_ratio"].Numbers!);
        Assert.Equal(["A, first", "B"], table["sample"].Texts!);
    }

    [Theory]
    [InlineData("", "no header")]
    [InlineData("a,b\n1,2\n3\n", "data row 2 has 1 fields")]
    [InlineData("a,a\n1,2\n", "more than once")]
    [InlineData("radius,aspect_ratio\n5,1.2\n", "no column 'sample'")]
    [InlineData("# c\nradius,sample\n5,x\nfive,y\n", "line 4: column 'radius' must be numeric, but holds 'five'")]
    [InlineData("a,\n1,2\n", "empty column name")]
    public async Task BadCsv_RefusedNamingTheProblem(string text, string message)
    {
        var error = await Assert.ThrowsAsync<MethodException>(() => Read(text, new ReadTableParameters { Columns = text.Contains("radius", StringComparison.Ordinal) ? ["sample"] : [], Numeric = text.Contains("five", StringComparison.Ordinal) ? ["radius"] : [] }));
        Assert.Contains(message, error.Message);
        Assert.Contains("observations.csv", error.Message);
    }

    [Fact]
    public async Task BinaryOrNotUtf8_Refused()
    {
        var binary = await Assert.ThrowsAsync<MethodException>(() => Read([0x61, 0x2C, 0x62, 0x0A, 0x00, 0x01]));
        Assert.Contains("NUL byte at offset 4", binary.Message);
        var latin1 = await Assert.ThrowsAsync<MethodException>(() => Read([0x61, 0x0A, 0xE9, 0x0A]));
        Assert.Contains("not UTF-8", latin1.Message);
    }
}
