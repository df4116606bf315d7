using System.ComponentModel;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Audit;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands.Audit;

/// <summary>Settings of <c>kiseki gc</c>.</summary>
public sealed class GcSettings : StoreSettings
{
    [CommandOption("--dry-run")]
    [Description("Only report what would be deleted.")]
    public bool DryRun { get; init; }

    [CommandOption("--keep-last <N>")]
    [Description("Keep only the objects of the newest N runs (and of runs in progress).")]
    public int? KeepLast { get; init; }
}

/// <summary><c>kiseki gc</c>: delete unreferenced objects and report the space freed. The database is only read.</summary>
public sealed class GcCommand(IAnsiConsole console) : Command<GcSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, GcSettings settings, CancellationToken cancellationToken)
    {
        if (settings.KeepLast is < 0)
        {
            throw new UsageException("--keep-last must be 0 or more.");
        }

        return AuditCli.Run(console, settings.Store, store =>
        {
            var report = new GarbageCollector(store).Collect(
                settings.DryRun, settings.KeepLast,
                () => Console.Error.WriteLine("note: waiting for the runs in progress on this store to finish"), cancellationToken);
            AuditCli.Print(console, settings.Json, report.ToJson(), report.ToLines());
            return 0;
        });
    }
}
