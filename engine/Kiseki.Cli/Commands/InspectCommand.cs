using System.ComponentModel;
using Kiseki.Cli.Infrastructure;
using Kiseki.Methods.Io;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands;

/// <summary>Settings of <c>kiseki inspect</c>.</summary>
public sealed class InspectSettings : CommandSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("A data file (DM3/DM4, EMSA/MSA, Ripple, NPY/NPZ, MAT, HSPY).")]
    public string File { get; init; } = "";

    [CommandOption("--json")]
    [Description("Print JSON.")]
    public bool Json { get; init; }
}

/// <summary><c>kiseki inspect FILE</c>: what a data file holds (format, shape, axes, signal, values, metadata).</summary>
public sealed class InspectCommand(IAnsiConsole console) : Command<InspectSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, InspectSettings settings, CancellationToken cancellationToken)
    {
        if (!System.IO.File.Exists(settings.File))
        {
            throw new UsageException($"file '{settings.File}' does not exist.");
        }

        var inspection = FileInspector.Inspect(Path.GetFullPath(settings.File));
        console.Line(settings.Json ? inspection.ToJson() : inspection.ToText());
        return 0;
    }
}
