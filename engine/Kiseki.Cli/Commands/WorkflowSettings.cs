using System.ComponentModel;
using Spectre.Console.Cli;

namespace Kiseki.Cli.Commands;

/// <summary>Options shared by the verbs that read a workflow (<c>run</c>, <c>plan</c>).</summary>
public class WorkflowSettings : CommandSettings
{
    [CommandArgument(0, "<FILE>")]
    [Description("The workflow YAML file.")]
    public string File { get; init; } = "";

    [CommandOption("--set <NAME=VALUE>")]
    [Description("Override a workflow parameter (repeatable), e.g. --set components=5.")]
    public string[] Set { get; init; } = [];

    [CommandOption("--store <DIR>")]
    [Description("The store folder (objects and provenance database). Default: the nearest .kiseki in the current folder or a parent (or KISEKI_STORE); created in the current folder when there is none.")]
    public string? Store { get; init; }

    [CommandOption("--mirror <DIR>")]
    [Description("A folder searched by content hash for missing pinned inputs (repeatable).")]
    public string[] Mirror { get; init; } = [];

    [CommandOption("--force <STEP>")]
    [Description("Re-run a step even when cached (repeatable; a matrix step's declared id forces every instance).")]
    public string[] Force { get; init; } = [];
}

/// <summary>Settings of <c>kiseki run</c>.</summary>
public sealed class RunSettings : WorkflowSettings
{
    [CommandOption("-n|--dry-run")]
    [Description("Execute nothing: show each step cached or to run, with reasons (the same as kiseki plan).")]
    public bool DryRun { get; init; }

    [CommandOption("-j|--jobs <N>")]
    [Description("Steps run at once. Default: the number of cores.")]
    public int? Jobs { get; init; }

    [CommandOption("--keep-going")]
    [Description("After a step fails, keep running steps that do not depend on it.")]
    public bool KeepGoing { get; init; }

    [CommandOption("--executor <KIND>")]
    [Description("Where steps execute: local (threads in this process), subprocess (kiseki exec-step per step) or slurm (sbatch jobs).")]
    [DefaultValue("local")]
    public string Executor { get; init; } = "local";

    [CommandOption("--results <DIR>")]
    [Description("Folder receiving published files under <run-id>/. Default: results beside the workflow.")]
    public string? Results { get; init; }

    [CommandOption("--partition <P>")]
    [Description("Slurm partition of the jobs (--executor slurm).")]
    public string? Partition { get; init; }

    [CommandOption("--account <A>")]
    [Description("Slurm account charged for the jobs (--executor slurm).")]
    public string? Account { get; init; }

    [CommandOption("--slurm-opt <KEY=VALUE>")]
    [Description("Extra sbatch option, repeatable: --slurm-opt qos=short gives --qos=short (--executor slurm).")]
    public string[] SlurmOpt { get; init; } = [];

    [CommandOption("--work-dir <DIR>")]
    [Description("Shared folder for job specs, results, scripts and logs (--executor slurm). Default: <store>/slurm/<id>.")]
    public string? WorkDir { get; init; }

    [CommandOption("--poll-interval <SECONDS>")]
    [Description("Seconds between two squeue calls (--executor slurm). Default: 2.")]
    public double? PollInterval { get; init; }
}

/// <summary>Settings of <c>kiseki plan</c>.</summary>
public sealed class PlanSettings : WorkflowSettings
{
    [CommandOption("--json")]
    [Description("Print the plan as JSON.")]
    public bool Json { get; init; }
}
