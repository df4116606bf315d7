using System.ComponentModel;
using Kiseki.Cli.Infrastructure;
using Kiseki.Engine.Audit;
using Kiseki.Engine.Definitions;
using Kiseki.Engine.Methods;
using Kiseki.Provenance;
using Kiseki.Provenance.LiteDb;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands.Audit;

/// <summary>Settings of <c>kiseki snapshot create|test|update</c>.</summary>
public sealed class SnapshotSettings : CommandSettings
{
    [CommandArgument(0, "[WORKFLOW]")]
    [Description("Workflow files. Default: every workflows/*.yaml.")]
    public string[] Workflows { get; init; } = [];

    [CommandOption("--snapshots <DIR>")]
    [Description("The snapshot folder. Default: tests/snapshots.")]
    [DefaultValue("tests/snapshots")]
    public string Snapshots { get; init; } = "tests/snapshots";

    [CommandOption("--set <NAME=VALUE>")]
    [Description("create/update: a workflow parameter override recorded with the snapshot (repeatable); test reuses the recorded ones.")]
    public string[] Set { get; init; } = [];

    [CommandOption("--mirror <DIR>")]
    [Description("A folder searched by content hash for missing pinned inputs (repeatable).")]
    public string[] Mirror { get; init; } = [];
}

/// <summary>What the snapshot verbs share.</summary>
internal static class SnapshotCli
{
    public static IReadOnlyList<string> Workflows(SnapshotSettings settings)
        => settings.Workflows.Length > 0 ? settings.Workflows
            : Directory.Exists("workflows") ? [.. Directory.EnumerateFiles("workflows", "*.yaml").Order(StringComparer.Ordinal)] : [];

    public static string PathOf(SnapshotSettings settings, string workflow)
        => Path.Combine(settings.Snapshots, Path.GetFileNameWithoutExtension(workflow) + ".json");

    public static SnapshotSuite Suite(MethodCatalog catalog) => new(catalog, d => LiteDbProvenanceStore.Open(d));

    public static async Task<int> Record(IAnsiConsole console, SnapshotSettings settings, MethodCatalog catalog, bool overwrite, CancellationToken cancellationToken)
    {
        var workflows = Workflows(settings);
        if (workflows.Count == 0)
        {
            console.Line("no workflows given and none in workflows/*.yaml");
            return CliErrors.Invalid;
        }

        var failures = 0;
        foreach (var workflow in workflows)
        {
            var path = PathOf(settings, workflow);
            if (!overwrite && File.Exists(path))
            {
                console.Line($"exists   {path} (use `kiseki snapshot update` to re-record)");
                continue;
            }

            try
            {
                var set = settings.Set.Length > 0 || !File.Exists(path) ? settings.Set : SnapshotSuite.SetOf(SnapshotSuite.Load(path));
                var snapshot = await Suite(catalog).Record(workflow, set, cancellationToken, [.. settings.Mirror.Select(Path.GetFullPath)]);
                SnapshotSuite.Save(snapshot, path);
                console.Line($"recorded {path}");
            }
            catch (Exception e) when (e is AuditException or WorkflowException or Engine.Artifacts.InputException or ProvenanceStoreException)
            {
                console.Line($"error    {workflow}: {e.Message}");
                failures++;
            }
        }

        return failures == 0 ? 0 : CliErrors.Failed;
    }
}

/// <summary><c>kiseki snapshot create</c>: record snapshots of workflows that have none yet.</summary>
public sealed class SnapshotCreateCommand(IAnsiConsole console, MethodCatalog catalog) : AsyncCommand<SnapshotSettings>
{
    /// <inheritdoc />
    public override Task<int> ExecuteAsync(CommandContext context, SnapshotSettings settings, CancellationToken cancellationToken)
        => SnapshotCli.Record(console, settings, catalog, overwrite: false, cancellationToken);
}

/// <summary><c>kiseki snapshot update</c>: re-record snapshots.</summary>
public sealed class SnapshotUpdateCommand(IAnsiConsole console, MethodCatalog catalog) : AsyncCommand<SnapshotSettings>
{
    /// <inheritdoc />
    public override Task<int> ExecuteAsync(CommandContext context, SnapshotSettings settings, CancellationToken cancellationToken)
        => SnapshotCli.Record(console, settings, catalog, overwrite: true, cancellationToken);
}

/// <summary><c>kiseki snapshot test</c>: re-execute and compare; exit 1 when an output changed without a version bump.</summary>
public sealed class SnapshotTestCommand(IAnsiConsole console, MethodCatalog catalog) : AsyncCommand<SnapshotSettings>
{
    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, SnapshotSettings settings, CancellationToken cancellationToken)
    {
        var workflows = SnapshotCli.Workflows(settings);
        var failed = 0;
        foreach (var workflow in workflows)
        {
            var path = SnapshotCli.PathOf(settings, workflow);
            if (!File.Exists(path))
            {
                console.Line($"missing  {workflow}: no snapshot at {path} (run `kiseki snapshot create {workflow}`)");
                failed++;
                continue;
            }

            try
            {
                var recorded = SnapshotSuite.Load(path);
                var suite = SnapshotCli.Suite(catalog);
                var fresh = await suite.Record(workflow, SnapshotSuite.SetOf(recorded), cancellationToken, [.. settings.Mirror.Select(Path.GetFullPath)]);
                var findings = suite.Compare(recorded, fresh);
                foreach (var finding in findings)
                {
                    console.Line("  " + finding);
                }

                var fails = findings.Any(f => f.Fails);
                failed += fails ? 1 : 0;
                console.Line($"{(fails ? "FAIL" : "ok  ")}     {workflow}");
            }
            catch (Exception e) when (e is AuditException or WorkflowException or Engine.Artifacts.InputException or ProvenanceStoreException)
            {
                console.Line($"error    {workflow}: {e.Message}");
                failed++;
            }
        }

        console.Line($"{workflows.Count} workflow(s), {failed} failed");
        return failed == 0 ? 0 : CliErrors.Failed;
    }
}
