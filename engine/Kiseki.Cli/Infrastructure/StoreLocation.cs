namespace Kiseki.Cli.Infrastructure;

/// <summary>Where the store folder is: <c>--store DIR</c>, else <c>.kiseki</c> beside the workflow, else in the current folder.</summary>
internal static class StoreLocation
{
    public const string DefaultName = ".kiseki";

    public static string Resolve(string? store, string? workflowPath)
    {
        if (!string.IsNullOrEmpty(store))
        {
            return Path.GetFullPath(store);
        }

        var directory = workflowPath is null ? Directory.GetCurrentDirectory() : Path.GetDirectoryName(Path.GetFullPath(workflowPath))!;
        return Path.Combine(directory, DefaultName);
    }
}
