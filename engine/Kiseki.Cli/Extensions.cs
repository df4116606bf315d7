using Spectre.Console.Cli;

namespace Kiseki.Cli;

/// <summary>Commands contributed by other parts of the CLI (validate, methods) registered beside the core verbs.</summary>
internal static class Extensions
{
    public static void Register(IConfigurator config)
    {
    }
}
