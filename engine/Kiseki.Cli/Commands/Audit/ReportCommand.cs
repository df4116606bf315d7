using System.ComponentModel;
using System.Text.Json.Nodes;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Audit.Report;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands.Audit;

/// <summary>Settings of <c>kiseki report</c>.</summary>
public sealed class ReportSettings : StoreSettings
{
    [CommandArgument(0, "<RUN>")]
    [Description("The run (id or unique prefix).")]
    public string Run { get; init; } = "";

    [CommandOption("--out <FILE>")]
    [Description("The HTML file to write. Default: <run-id>.html in the current folder.")]
    public string? Out { get; init; }
}

/// <summary><c>kiseki report RUN</c>: one self-contained HTML page (no network) describing the run.</summary>
public sealed class ReportCommand(IAnsiConsole console) : Command<ReportSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ReportSettings settings, CancellationToken cancellationToken)
        => AuditCli.Run(console, settings.Store, store =>
        {
            var run = store.ResolveRun(settings.Run);
            var html = new HtmlReport(store).Render(run.Id);
            var path = Path.GetFullPath(settings.Out ?? $"{run.Id}.html");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, html);
            AuditCli.Print(console, settings.Json, new JsonObject { ["run"] = run.Id, ["path"] = path }, [$"report of run {run.Id} written to {path}"]);
            return 0;
        });
}
