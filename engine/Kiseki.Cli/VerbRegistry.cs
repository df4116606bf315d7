using Kiseki.Cli.Commands;
using Kiseki.Cli.Commands.Audit;
using Spectre.Console.Cli;

namespace Kiseki.Cli;

/// <summary>Every verb of the <c>kiseki</c> command line with its description: the one place a new verb is added.</summary>
internal static class VerbRegistry
{
    /// <summary>Adds every verb and branch to <paramref name="config"/>.</summary>
    public static void Register(IConfigurator config)
    {
        // Running and inspecting workflows.
        config.AddCommand<RunCommand>("run").WithDescription("Run a workflow: cached steps are reused, the rest execute; provenance is recorded.")
            .WithExample("run", "workflows/example.yaml", "--set", "components=5", "--jobs", "4");
        config.AddCommand<PlanCommand>("plan").WithDescription("Show what a run would do: each step cached or to run, with reasons.");
        config.AddCommand<LogCommand>("log").WithDescription("List the recorded runs, newest first.");
        config.AddCommand<ShowCommand>("show").WithDescription("Show a run, a step's latest execution, or an artifact (unique prefixes accepted).");
        config.AddCommand<InvokeCommand>("invoke").WithDescription("Run one method outside a workflow and write its outputs as files.");
        config.AddCommand<InspectCommand>("inspect").WithDescription("Describe what a data file holds.");
        config.AddCommand<ExecStepCommand>("exec-step").WithDescription("Execute one planned step from a spec file (used by subprocess and cluster executors).");
        config.AddCommand<ValidateCommand>("validate")
            .WithDescription("Read and bind a workflow; print every problem with file:line:column, code and hint.");
        config.AddCommand<SchemaCommand>("schema")
            .WithDescription("Print the workflow JSON schema with this build's method ids and parameters (types, ranges, choices).");
        config.AddBranch<MethodsSettings>("methods", methods =>
        {
            methods.SetDescription("List the method catalog, or describe one method's parameters and ports.");
            methods.SetDefaultCommand<MethodsCommand>();
            methods.AddCommand<MethodsDescribeCommand>("describe")
                .WithDescription("Parameters (type, default, range, description) and ports of one method.");
        });

        // Auditing recorded runs.
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
