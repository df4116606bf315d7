using System.ComponentModel;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Audit;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands.Audit;

/// <summary>Settings of <c>kiseki diff</c>.</summary>
public sealed class DiffSettings : StoreSettings
{
    [CommandArgument(0, "<RUN_A>")]
    [Description("The earlier run (id or unique prefix).")]
    public string RunA { get; init; } = "";

    [CommandArgument(1, "<RUN_B>")]
    [Description("The later run (id or unique prefix).")]
    public string RunB { get; init; } = "";
}

/// <summary><c>kiseki diff RUN_A RUN_B</c>: everything that differs between two runs.</summary>
public sealed class DiffCommand(IAnsiConsole console) : Command<DiffSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, DiffSettings settings, CancellationToken cancellationToken)
        => AuditCli.Run(console, settings.Store, store =>
        {
            var diff = new RunDiffer(store).Diff(settings.RunA, settings.RunB);
            AuditCli.Print(console, settings.Json, diff.ToJson(), diff.ToLines());
            return 0;
        });
}
