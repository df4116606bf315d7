using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Definitions.Binding;

namespace Kiseki.Engine.Tests.Definitions;

/// <summary>
/// Golden bad workflows: each file under Bad/ starts with <c># expect: CODE LINE:COLUMN [hint text]</c> lines, and
/// binding it must report exactly those diagnostics.
/// </summary>
public sealed partial class BadWorkflowTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Folder(), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void Load_BadWorkflow_ReportsExpectedDiagnostics(string name)
    {
        var path = Path.Combine(Folder(), name);
        var expected = File.ReadLines(path)
            .Select(line => ExpectPattern().Match(line))
            .Where(m => m.Success)
            .Select(m => (Code: m.Groups[1].Value, Line: int.Parse(m.Groups[2].Value), Column: int.Parse(m.Groups[3].Value), Hint: m.Groups[4].Value.Trim()))
            .ToList();
        Assert.NotEmpty(expected);

        var error = Assert.Throws<WorkflowException>(() => WorkflowLoader.Load(path, FrontCatalog.Instance));
        var actual = error.Diagnostics;
        var report = string.Join("\n", actual);
        Assert.True(
            expected.Select(e => $"{e.Code} {e.Line}:{e.Column}").Order().SequenceEqual(
                actual.Select(a => $"{a.Code} {a.Location.Line}:{a.Location.Column}").Order()),
            $"expected {string.Join(", ", expected.Select(e => $"{e.Code} {e.Line}:{e.Column}"))}\nactual:\n{report}");
        foreach (var diagnostic in actual)
        {
            Assert.Equal(path, diagnostic.Location.File);
            Assert.False(string.IsNullOrWhiteSpace(diagnostic.Message));
        }

        foreach (var (code, line, column, hint) in expected.Where(e => e.Hint.Length > 0))
        {
            var diagnostic = actual.First(a => a.Code == code && a.Location.Line == line && a.Location.Column == column);
            Assert.Contains(hint, diagnostic.Hint ?? "");
        }
    }

    [Fact]
    public void DiagnosticCodes_EachCoveredByGoldenFileOrUnitTest()
    {
        var covered = Directory.GetFiles(Folder(), "*.yaml")
            .SelectMany(File.ReadLines)
            .Select(line => ExpectPattern().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToHashSet();
        string[] unitTested =
        [
            DiagnosticCodes.FileUnreadable, DiagnosticCodes.FileTooLarge, DiagnosticCodes.NestingTooDeep,
            DiagnosticCodes.ScalarTooLong, DiagnosticCodes.TooManyNodes, DiagnosticCodes.UnquotedFlowReference,
            DiagnosticCodes.UnknownOverride, DiagnosticCodes.MalformedOverride,
            DiagnosticCodes.ProbeFailed,
        ];
        Assert.Empty(DiagnosticCodes.All.Except(covered).Except(unitTested));
    }

    [Fact]
    public void DiagnosticCodes_AllDocumented()
    {
        var doc = File.ReadAllText(Path.Combine(Folder(), "..", "..", "..", "..", "docs", "diagnostics.md"));
        var missing = DiagnosticCodes.All.Where(code => !doc.Contains($"`{code}`", StringComparison.Ordinal)).ToList();
        Assert.True(missing.Count == 0, $"undocumented: {string.Join(", ", missing)}");
    }

    private static string Folder([CallerFilePath] string source = "")
        => Path.Combine(Path.GetDirectoryName(source)!, "Bad");

    [GeneratedRegex(@"^# expect: (KSK\d{4}) (\d+):(\d+)(.*)$")]
    private static partial Regex ExpectPattern();
}
