namespace Kiseki.Cli.Infrastructure;

/// <summary>The command line that starts this kiseki build again (for <c>exec-step</c> subprocesses).</summary>
internal static class SelfCommand
{
    public static IReadOnlyList<string> Get()
    {
        var process = Environment.ProcessPath;
        if (process is not null && Path.GetFileNameWithoutExtension(process) == "kiseki")
        {
            return [process];
        }

        var dotnet = process is not null && Path.GetFileNameWithoutExtension(process) == "dotnet"
            ? process
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        return [dotnet, typeof(SelfCommand).Assembly.Location];
    }
}
