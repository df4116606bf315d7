using System.ComponentModel;
using System.Text.Json.Nodes;
using Kiseki.Cli.Infrastructure;
using Kiseki.Provenance.Export;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands.Audit;

/// <summary>Settings of <c>kiseki export</c>.</summary>
public sealed class ExportSettings : StoreSettings
{
    [CommandArgument(0, "<RUN>")]
    [Description("The run (id or unique prefix).")]
    public string Run { get; init; } = "";

    [CommandOption("--format <FORMAT>")]
    [Description("rocrate (Workflow Run RO-Crate, Provenance Run Crate profile) or prov (W3C PROV-JSON).")]
    [DefaultValue("rocrate")]
    public string Format { get; init; } = "rocrate";

    [CommandOption("--out <PATH>")]
    [Description("rocrate: a new or empty folder (or a .zip file with --zip); prov: a .json file. Default: <run-id>-crate, <run-id>-crate.zip or <run-id>.prov.json.")]
    public string? Out { get; init; }

    [CommandOption("--zip")]
    [Description("Write the RO-Crate as one zip file.")]
    public bool Zip { get; init; }
}

/// <summary><c>kiseki export RUN --format rocrate|prov</c>.</summary>
public sealed class ExportCommand(IAnsiConsole console) : Command<ExportSettings>
{
    /// <inheritdoc />
    public override int Execute(CommandContext context, ExportSettings settings, CancellationToken cancellationToken)
    {
        if (settings.Format is not ("rocrate" or "prov"))
        {
            throw new UsageException($"--format '{settings.Format}' is not known; use rocrate or prov.");
        }

        return AuditCli.Run(console, settings.Store, store =>
        {
            var run = store.ResolveRun(settings.Run);
            var export = ExportedRun.Load(store.Provenance, run.Id, store.PathOf);
            string written;
            if (settings.Format == "prov")
            {
                written = Path.GetFullPath(settings.Out ?? $"{run.Id}.prov.json");
                ProvJsonWriter.Write(export, written);
            }
            else if (settings.Zip)
            {
                written = Path.GetFullPath(settings.Out ?? $"{run.Id}-crate.zip");
                RunCrateWriter.WriteZip(export, written);
            }
            else
            {
                written = Path.GetFullPath(settings.Out ?? $"{run.Id}-crate");
                RunCrateWriter.WriteFolder(export, written);
            }

            var json = new JsonObject { ["run"] = run.Id, ["format"] = settings.Format, ["zip"] = settings.Zip, ["path"] = written };
            AuditCli.Print(console, settings.Json, json, [$"exported run {run.Id} ({settings.Format}{(settings.Zip ? ", zip" : "")}) to {written}"]);
            return 0;
        });
    }
}
