using System.Diagnostics;
using System.Text;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Definitions.Yaml;

namespace Kiseki.Engine.Tests.Definitions;

public sealed class YamlWorkflowReaderTests
{
    private static IReadOnlyList<Diagnostic> Fail(string text)
        => Assert.Throws<WorkflowException>(() => YamlWorkflowReader.Parse(text, "wf.yaml")).Diagnostics;

    [Fact]
    public void Parse_NestedNodes_KeepLineAndColumn()
    {
        var document = YamlWorkflowReader.Parse("kiseki: 1\nsteps:\n  load:\n    method: io.read@1\n", "wf.yaml");
        var root = Assert.IsType<YamlMapping>(document.Root);
        var steps = Assert.IsType<YamlMapping>(root["steps"]);
        var load = steps.Entries[0];
        Assert.Equal(new SourceLocation("wf.yaml", 3, 3), load.Key.Location);
        var method = Assert.IsType<YamlScalar>(((YamlMapping)load.Value)["method"]);
        Assert.Equal("io.read@1", method.Value);
        Assert.Equal(new SourceLocation("wf.yaml", 4, 13), method.Location);
        Assert.True(method.IsPlain);
    }

    [Fact]
    public void Parse_QuotedReferenceInFlowMapping_IsOneScalarWithExactColumns()
    {
        var document = YamlWorkflowReader.Parse("a: { file: \"${inputs.x}\", b: ['${p.outputs.q}', 2] }\n", "wf.yaml");
        var a = Assert.IsType<YamlMapping>(((YamlMapping)document.Root!)["a"]);
        var file = Assert.IsType<YamlScalar>(a["file"]);
        Assert.Equal("${inputs.x}", file.Value);
        Assert.Equal(12, file.Location.Column);
        var b = Assert.IsType<YamlSequence>(a["b"]);
        Assert.Equal("${p.outputs.q}", ((YamlScalar)b.Items[0]).Value);
    }

    [Fact]
    public void Parse_QuotedScalar_IsNotPlain()
    {
        var root = (YamlMapping)YamlWorkflowReader.Parse("a: '1'\nb: !!str 2\nc: 3\n", "wf.yaml").Root!;
        Assert.False(((YamlScalar)root["a"]!).IsPlain);
        Assert.False(((YamlScalar)root["b"]!).IsPlain);
        Assert.True(((YamlScalar)root["c"]!).IsPlain);
    }

    [Fact]
    public void Parse_DuplicateKey_ReportsSecondWithFirstLine()
    {
        var d = Assert.Single(Fail("a: 1\nb: 2\na: 3\n"));
        Assert.Equal(DiagnosticCodes.DuplicateKey, d.Code);
        Assert.Equal(3, d.Location.Line);
        Assert.Contains("line 1", d.Message);
        Assert.NotNull(d.Hint);
    }

    [Fact]
    public void Parse_TabIndentation_ReportsEveryTabLine()
    {
        var diagnostics = Fail("a:\n\tb: 1\n\tc: 2\n");
        Assert.All(diagnostics, d => Assert.Equal(DiagnosticCodes.TabIndentation, d.Code));
        Assert.Equal([2, 3], diagnostics.Select(d => d.Location.Line));
        Assert.Equal("indent with spaces", diagnostics[0].Hint);
    }

    [Fact]
    public void Parse_SyntaxError_HasPosition()
    {
        var d = Assert.Single(Fail("a: [1, 2\nb: 3\n"));
        Assert.Equal(DiagnosticCodes.YamlSyntax, d.Code);
        Assert.True(d.Location.Line >= 1);
        Assert.StartsWith("wf.yaml:", d.ToString());
    }

    [Theory]
    [InlineData("a: &x [1]\nb: *x\n", DiagnosticCodes.AliasNotSupported)]
    [InlineData("a: 1\n---\nb: 2\n", DiagnosticCodes.MultipleDocuments)]
    [InlineData("? [a]\n: 1\n", DiagnosticCodes.ComplexKey)]
    [InlineData("a: !custom 1\n", DiagnosticCodes.TagNotSupported)]
    [InlineData("a: { file: ${inputs.x} }\n", DiagnosticCodes.UnquotedFlowReference)]
    [InlineData("a:\n  b: [${x.outputs.y}, 2]\n", DiagnosticCodes.UnquotedFlowReference)]
    public void Parse_RefusedConstruct_HasCode(string text, string code)
        => Assert.Contains(Fail(text), d => d.Code == code && d.Hint is not null);

    [Fact]
    public void Parse_BillionLaughs_RefusedQuickly()
    {
        var text = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (var i = 1; i < 10; i++)
        {
            text.Append($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]\n");
        }

        var diagnostics = Fail(text.ToString());
        Assert.Contains(diagnostics, d => d.Code == DiagnosticCodes.AliasNotSupported);
        Assert.True(diagnostics.Count <= 20);
    }

    [Fact]
    public void Parse_DeepNesting_Refused()
    {
        var d = Assert.Single(Fail(new string('[', 100_000) + new string(']', 100_000)));
        Assert.Equal(DiagnosticCodes.NestingTooDeep, d.Code);
        Assert.Equal(YamlWorkflowReader.MaxDepth + 1, d.Location.Column);
    }

    [Fact]
    public void Parse_HugeScalar_Refused()
    {
        var d = Assert.Single(Fail("a: " + new string('x', YamlWorkflowReader.MaxScalarLength + 1)));
        Assert.Equal(DiagnosticCodes.ScalarTooLong, d.Code);
    }

    [Fact]
    public void Parse_TooManyNodes_Refused()
    {
        var d = Assert.Single(Fail("a: [" + string.Join(",", Enumerable.Repeat("1", YamlWorkflowReader.MaxNodes + 5)) + "]"));
        Assert.Equal(DiagnosticCodes.TooManyNodes, d.Code);
    }

    [Fact]
    public void Parse_TextOverLimit_Refused()
    {
        var d = Assert.Single(Fail(new string('#', (int)YamlWorkflowReader.MaxFileBytes + 1)));
        Assert.Equal(DiagnosticCodes.FileTooLarge, d.Code);
    }

    [Fact]
    public void Read_MissingFile_IsDiagnostic()
    {
        var error = Assert.Throws<WorkflowException>(() => YamlWorkflowReader.Read("/nonexistent/kiseki/wf.yaml"));
        Assert.Equal(DiagnosticCodes.FileUnreadable, Assert.Single(error.Diagnostics).Code);
    }

    [Fact]
    public void Read_File_UsesAbsolutePath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kiseki-reader-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "kiseki: 1\n");
        try
        {
            var document = YamlWorkflowReader.Read(path);
            Assert.Equal(path, document.Path);
            Assert.Equal(path, document.Root!.Location.File);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Parse_EmptyText_HasNoRoot()
        => Assert.Null(YamlWorkflowReader.Parse("# nothing\n", "wf.yaml").Root);
}
