using System.ComponentModel;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands;

/// <summary>Settings of verbs that only read the store.</summary>
public class StoreSettings : CommandSettings
{
    [CommandOption("--store <DIR>")]
    [Description("The store folder. Default: the nearest .kiseki in the current folder or a parent (or KISEKI_STORE).")]
    public string? Store { get; init; }

    [CommandOption("--json")]
    [Description("Print JSON.")]
    public bool Json { get; init; }
}
