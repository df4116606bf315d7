using Kiseki.Engine.Definitions;

namespace Kiseki.Engine.Execution.Slurm;

/// <summary>How the Slurm executor submits and follows jobs.</summary>
public sealed record SlurmOptions
{
    /// <summary>The command that starts kiseki on a compute node, e.g. <c>["/usr/bin/dotnet", "/opt/kiseki/kiseki.dll"]</c> (absolute paths).</summary>
    public required IReadOnlyList<string> KisekiCommand { get; init; }

    /// <summary>The shared folder for spec, result, manifest, script and log files (must be visible to the compute nodes).</summary>
    public required string WorkDirectory { get; init; }

    /// <summary><c>--partition</c>, when given.</summary>
    public string? Partition { get; init; }

    /// <summary><c>--account</c>, when given.</summary>
    public string? Account { get; init; }

    /// <summary>Further <c>sbatch</c> options as <c>KEY=VALUE</c> or <c>KEY</c> (written as <c>--KEY=VALUE</c>, <c>--KEY</c>).</summary>
    public IReadOnlyList<string> ExtraOptions { get; init; } = [];

    /// <summary>Time between two <c>squeue</c> calls (one call per interval covers every job of the run).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Ready steps are collected until none has arrived for this long (at most ten windows), then submitted together as
    /// job arrays.
    /// </summary>
    public TimeSpan BatchWindow { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The most tasks in one job array (Slurm's <c>MaxArraySize</c> is 1001 by default).</summary>
    public int MaxArraySize { get; init; } = 1000;

    /// <summary>Resources of steps the executor was not told about.</summary>
    public StepResources DefaultResources { get; init; } = new(1, 1024, 30);

    /// <summary>Lines of a job's log quoted when it fails.</summary>
    public int LogTailLines { get; init; } = 20;

    /// <summary>The default work folder of a run: <c>&lt;store&gt;/slurm/&lt;id&gt;</c>.</summary>
    public static string DefaultWorkDirectory(string storeRoot, string id) => Path.Combine(storeRoot, "slurm", id);

    /// <summary>The <c>sbatch</c> option of one <c>KEY=VALUE</c> (or <c>KEY</c>) given on the command line.</summary>
    public static string ToSbatchOption(string keyValue)
    {
        var text = keyValue.Trim();
        if (text.Length == 0 || text == "-" || text == "--")
        {
            throw new ArgumentException($"--slurm-opt '{keyValue}' is empty; write KEY=VALUE, e.g. qos=short.");
        }

        return text.StartsWith('-') ? text : "--" + text;
    }
}
