using System.ComponentModel;
using System.Text.Json.Nodes;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Reproduction;
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

    [CommandOption("--include-inputs")]
    [Description("rocrate: copy every external input file into the crate (default: only files up to 64 MiB; larger ones are referenced by name, URL and SHA-256).")]
    public bool IncludeInputs { get; init; }

    [CommandOption("--no-inputs")]
    [Description("rocrate: copy no input file; reference each by name, URL and SHA-256.")]
    public bool NoInputs { get; init; }

    [CommandOption("--license <SPDX>")]
    [Description("rocrate: the SPDX licence id the crate is published under (the root dataset's license).")]
    [DefaultValue("CC-BY-4.0")]
    public string License { get; init; } = "CC-BY-4.0";

    [CommandOption("--mirror <DIR>")]
    [Description("rocrate: a folder searched by content hash for input files to copy in (repeatable).")]
    public string[] Mirror { get; init; } = [];
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

        if (settings.IncludeInputs && settings.NoInputs)
        {
            throw new UsageException("--include-inputs and --no-inputs exclude each other; give one.");
        }

        if (settings.License.Length == 0 || !settings.License.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '+'))
        {
            throw new UsageException($"--license '{settings.License}' is not an SPDX licence id (e.g. CC-BY-4.0, MIT).");
        }

        return AuditCli.Run(console, settings.Store, store =>
        {
            var run = store.ResolveRun(settings.Run);
            var export = ExportedRun.Load(store.Provenance, run.Id, store.PathOf);
            var inclusion = settings.NoInputs ? InputInclusion.None : settings.IncludeInputs ? InputInclusion.All : InputInclusion.BelowLimit;
            var options = settings.Format == "prov" ? null
                : CrateExportOptions.For(store, run, [.. settings.Mirror.Select(Path.GetFullPath)], inclusion, settings.License);
            string written;
            if (settings.Format == "prov")
            {
                written = Path.GetFullPath(settings.Out ?? $"{run.Id}.prov.json");
                ProvJsonWriter.Write(export, written);
            }
            else if (settings.Zip)
            {
                written = Path.GetFullPath(settings.Out ?? $"{run.Id}-crate.zip");
                RunCrateWriter.WriteZip(export, written, options);
            }
            else
            {
                written = Path.GetFullPath(settings.Out ?? $"{run.Id}-crate");
                RunCrateWriter.WriteFolder(export, written, options);
            }

            var json = new JsonObject { ["run"] = run.Id, ["format"] = settings.Format, ["zip"] = settings.Zip, ["path"] = written };
            AuditCli.Print(console, settings.Json, json, [$"exported run {run.Id} ({settings.Format}{(settings.Zip ? ", zip" : "")}) to {written}"]);
            return 0;
        });
    }
}
