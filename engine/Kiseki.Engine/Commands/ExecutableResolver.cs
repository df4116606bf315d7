namespace Kiseki.Engine.Commands;

/// <summary>Finds the file a command's first argv item runs: a path (relative to the workflow folder) or a name on <c>PATH</c>.</summary>
public static class ExecutableResolver
{
    /// <summary>The full path of <paramref name="name"/> on <c>PATH</c> (an executable regular file), or null.</summary>
    public static string? FindOnPath(string name)
    {
        var path = System.Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var folder in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, name);
            if (IsExecutableFile(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>
    /// The executable file of <paramref name="command"/> with symlinks followed, or null when none is found:
    /// a name without a slash is looked up on <c>PATH</c>; a relative path is taken from <paramref name="workflowDirectory"/>.
    /// </summary>
    public static string? Resolve(string command, string workflowDirectory)
    {
        string? found;
        if (command.Length == 0 || command.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        if (command.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(command, workflowDirectory);
            found = IsExecutableFile(full) ? full : null;
        }
        else
        {
            found = FindOnPath(command);
        }

        return found is null ? null : FinalTarget(found);
    }

    private static string FinalTarget(string path)
    {
        try
        {
            return new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }

    private static bool IsExecutableFile(string path)
    {
        try
        {
            if (!File.Exists(path))
            {
                return false;
            }

            if (OperatingSystem.IsWindows())
            {
                return true;
            }

            const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            return (File.GetUnixFileMode(path) & anyExecute) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return false;
        }
    }
}
