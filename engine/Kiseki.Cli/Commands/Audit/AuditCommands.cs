using System.Text.Json;
using System.Text.Json.Nodes;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Audit;
using Kiseki.Provenance;
using Kiseki.Provenance.LiteDb;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands.Audit;

/// <summary>Registers the audit verbs: explain, diff, verify, rerun, reproduce, lineage, export, report, snapshot, gc.</summary>
internal static class AuditCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<ExplainCommand>("explain").WithDescription("Show a step's key components and exactly what changed since its previous execution.");
        config.AddCommand<DiffCommand>("diff").WithDescription("Compare two runs: workflow text, parameters, step keys and cache use, outputs, metrics, environment.");
        config.AddCommand<VerifyCommand>("verify").WithDescription("Re-hash a run's output objects; with --execute, recompute every step and compare.");
        config.AddCommand<RerunCommand>("rerun").WithDescription("Run a past run again exactly: its recorded workflow text, parameters, seed and input hashes.");
        config.AddCommand<ReproduceCommand>("reproduce").WithDescription("Re-execute a published run from its RO-Crate in a fresh store and judge every output against the crate's.");
        config.AddCommand<LineageCommand>("lineage").WithDescription("Show the upstream graph of an artifact down to the external inputs.");
        config.AddCommand<ExportCommand>("export").WithDescription("Export a run as a Workflow Run RO-Crate or as W3C PROV-JSON.");
        config.AddCommand<ReportCommand>("report").WithDescription("Write a self-contained HTML report of a run.");
        config.AddBranch("snapshot", snapshot =>
        {
            snapshot.SetDescription("Snapshot tests of shipped workflows: record, test or update output summaries in tests/snapshots/.");
            snapshot.AddCommand<SnapshotCreateCommand>("create").WithDescription("Record snapshots of workflows that have none yet.");
            snapshot.AddCommand<SnapshotTestCommand>("test").WithDescription("Re-execute workflows and compare their outputs with the snapshots.");
            snapshot.AddCommand<SnapshotUpdateCommand>("update").WithDescription("Re-record snapshots (after an intended change with a version bump).");
        });
        config.AddCommand<GcCommand>("gc").WithDescription("Delete objects no recorded run refers to (or keep only the newest N runs' objects).");
    }
}

/// <summary>Shared plumbing of the audit verbs: a read-only store, plain error messages, JSON output.</summary>
internal static class AuditCli
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Opens the store read-only and runs <paramref name="body"/>; audit problems reach <see cref="CliErrors"/> (exit 1).</summary>
    public static int Run(IAnsiConsole console, string? storeOption, Func<AuditStore, int> body)
    {
        _ = console;
        var root = StoreLocation.Resolve(storeOption);
        using var provenance = LiteDbProvenanceStore.Open(root, new ProvenanceOpenOptions { ReadOnly = true });
        return body(new AuditStore(provenance, root));
    }

    /// <summary>The async form of <see cref="Run"/>.</summary>
    public static async Task<int> RunAsync(IAnsiConsole console, string? storeOption, Func<AuditStore, Task<int>> body)
    {
        _ = console;
        var root = StoreLocation.Resolve(storeOption);
        using var provenance = LiteDbProvenanceStore.Open(root, new ProvenanceOpenOptions { ReadOnly = true });
        return await body(new AuditStore(provenance, root));
    }

    public static void Print(IAnsiConsole console, bool json, JsonNode node, IEnumerable<string> lines)
    {
        if (json)
        {
            console.Line(node.ToJsonString(Indented));
            return;
        }

        foreach (var line in lines)
        {
            console.Line(line);
        }
    }
}
