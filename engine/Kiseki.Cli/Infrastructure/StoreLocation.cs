namespace Kiseki.Cli.Infrastructure;

/// <summary>
/// The one rule every verb uses to find its store folder: <c>--store DIR</c>; else the <c>KISEKI_STORE</c> environment
/// variable; else the nearest <c>.kiseki</c> folder in the current folder or one of its parents (as git finds
/// <c>.git</c>); else a new <c>.kiseki</c> in the current folder.
/// </summary>
internal static class StoreLocation
{
    public const string DefaultName = ".kiseki";

    /// <summary>The environment variable naming a store folder for every verb.</summary>
    public const string EnvironmentVariable = "KISEKI_STORE";

    public static string Resolve(string? store)
    {
        if (!string.IsNullOrEmpty(store))
        {
            return Path.GetFullPath(store);
        }

        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return Path.GetFullPath(fromEnvironment);
        }

        var current = Directory.GetCurrentDirectory();
        for (var directory = new DirectoryInfo(current); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, DefaultName);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(current, DefaultName);
    }
}
