using Xunit;

namespace Kiseki.Testing;

/// <summary>
/// Locates the read-only shared data folder (<c>../shared/data</c> beside the repository). Tests that need a file
/// call <see cref="Require"/>, which skips the test with a message when the folder is absent (a user's fresh clone).
/// </summary>
public static class SharedData
{
    private static readonly Lazy<string?> Root = new(FindRoot);

    /// <summary>The absolute path of <c>shared/data</c>, or null when it is not beside the repository.</summary>
    public static string? Directory => Root.Value;

    /// <summary>The repository root (the folder holding <c>Kiseki.slnx</c>).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The absolute path of <paramref name="relativePath"/> under shared/data; skips the test when missing.</summary>
    public static string Require(string relativePath)
    {
        Skip.If(Directory is null,
            "shared/data is not beside this clone (expected ../shared/data next to the repository); " +
            "tests that read real instrument files are skipped.");
        var path = Path.Combine(Directory!, relativePath);
        Skip.IfNot(File.Exists(path), $"shared data file '{relativePath}' is missing under {Directory}.");
        return path;
    }

    private static string FindRepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Kiseki.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName
               ?? throw new InvalidOperationException($"Kiseki.slnx not found above {AppContext.BaseDirectory}.");
    }

    private static string? FindRoot()
    {
        var candidate = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "data"));
        return System.IO.Directory.Exists(candidate) ? candidate : null;
    }
}
