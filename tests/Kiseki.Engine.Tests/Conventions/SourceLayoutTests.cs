using System.Text.RegularExpressions;
using Kiseki.Testing;

namespace Kiseki.Engine.Tests.Conventions;

/// <summary>
/// Layout rules of the production source: no type spread over partial files (collaborators instead; <c>partial</c>
/// only for a source generator such as <c>[GeneratedRegex]</c>, in one file), and every exception type in a file of
/// its own named after it.
/// </summary>
public sealed partial class SourceLayoutTests
{
    private static readonly string[] SourceFolders = ["engine", "methods", "provenance"];

    private static IEnumerable<(string Path, string Text)> SourceFiles() => SourceFolders
        .Select(folder => Path.Combine(SharedData.RepositoryRoot, folder))
        .SelectMany(folder => Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
        .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                       && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
        .Select(path => (path, File.ReadAllText(path)));

    [Fact]
    public void PartialTypes_OneFileEach_OnlyForSourceGenerators()
    {
        var files = SourceFiles().ToList();
        Assert.True(files.Count > 300, $"expected the production sources, found {files.Count} files under {SharedData.RepositoryRoot}");
        var declarations = files
            .SelectMany(f => PartialDeclaration().Matches(f.Text).Select(m => (Type: m.Groups[1].Value, f.Path, f.Text)))
            .ToList();
        var spread = declarations.GroupBy(d => d.Type)
            .Where(g => g.Select(d => d.Path).Distinct().Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(d => Path.GetRelativePath(SharedData.RepositoryRoot, d.Path)).Distinct())}")
            .ToList();
        var needless = declarations.Where(d => !d.Text.Contains("[Generated", StringComparison.Ordinal))
            .Select(d => $"{d.Type} ({Path.GetRelativePath(SharedData.RepositoryRoot, d.Path)})")
            .ToList();
        Assert.True(spread.Count == 0, "types spread over partial files:\n" + string.Join("\n", spread));
        Assert.True(needless.Count == 0, "partial without a source generator:\n" + string.Join("\n", needless));
    }

    [Fact]
    public void ExceptionTypes_EachInAFileOfItsOwnName()
    {
        var misplaced = SourceFiles()
            .SelectMany(f => ExceptionDeclaration().Matches(f.Text)
                .Select(m => m.Groups[1].Value)
                .Where(type => Path.GetFileNameWithoutExtension(f.Path) != type)
                .Select(type => $"{type} in {Path.GetRelativePath(SharedData.RepositoryRoot, f.Path)}"))
            .ToList();
        Assert.True(misplaced.Count == 0, "exception types outside a file of their own:\n" + string.Join("\n", misplaced));
    }

    [GeneratedRegex(@"^\s*(?:public |internal |private )?(?:sealed |static |abstract )*partial (?:class|record|struct) (\w+)", RegexOptions.Multiline)]
    private static partial Regex PartialDeclaration();

    [GeneratedRegex(@"^\s*(?:public |internal )(?:sealed )?class (\w+Exception)\b", RegexOptions.Multiline)]
    private static partial Regex ExceptionDeclaration();
}
