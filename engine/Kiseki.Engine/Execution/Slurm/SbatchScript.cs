using System.Globalization;
using System.Text;
using Kiseki.Engine.Definitions;

namespace Kiseki.Engine.Execution.Slurm;

/// <summary>
/// Writes the <c>sbatch</c> arguments and the batch script of one job array: task <c>i</c> reads line <c>i + 1</c> of a
/// manifest (one spec path per line) and runs <c>kiseki exec-step SPEC</c>.
/// </summary>
public static class SbatchScript
{
    /// <summary>The <c>sbatch</c> arguments of an array of <paramref name="count"/> tasks with <paramref name="resources"/>.</summary>
    public static IReadOnlyList<string> Arguments(SlurmOptions options, StepResources resources, int count, string jobName, string logDirectory)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        var arguments = new List<string>
        {
            "--parsable",
            "--job-name=" + jobName,
            string.Create(CultureInfo.InvariantCulture, $"--array=0-{count - 1}"),
            "--output=" + Path.Combine(logDirectory, "%A_%a.log"),
            "--ntasks=1",
            string.Create(CultureInfo.InvariantCulture, $"--cpus-per-task={Math.Max(1, resources.Cpus)}"),
            string.Create(CultureInfo.InvariantCulture, $"--mem={Math.Max(1, resources.MemoryMb)}M"),
            string.Create(CultureInfo.InvariantCulture, $"--time={Math.Max(1, resources.TimeMinutes)}"),
        };
        if (!string.IsNullOrWhiteSpace(options.Partition))
        {
            arguments.Add("--partition=" + options.Partition);
        }

        if (!string.IsNullOrWhiteSpace(options.Account))
        {
            arguments.Add("--account=" + options.Account);
        }

        arguments.AddRange(options.ExtraOptions.Select(SlurmOptions.ToSbatchOption));
        return arguments;
    }

    /// <summary>The batch script text: resolves the task's spec from <paramref name="manifestPath"/> and execs kiseki on it.</summary>
    public static string Script(IReadOnlyList<string> kisekiCommand, string manifestPath, IReadOnlyList<string> arguments)
    {
        var text = new StringBuilder();
        text.Append("#!/bin/bash\n");
        text.Append("# kiseki job array: task i runs `kiseki exec-step` on line i+1 of the manifest.\n");
        text.Append("# submitted as: sbatch ").Append(string.Join(' ', arguments.Select(Quote))).Append(" <this script>\n");
        text.Append("set -u\n");
        text.Append("manifest=").Append(Quote(manifestPath)).Append('\n');
        text.Append("task=${SLURM_ARRAY_TASK_ID:-0}\n");
        text.Append("spec=$(sed -n \"$((task + 1))p\" \"$manifest\")\n");
        text.Append("if [ -z \"$spec\" ]; then\n");
        text.Append("  echo \"kiseki: no spec for array task $task in $manifest\" >&2\n");
        text.Append("  exit 2\n");
        text.Append("fi\n");
        text.Append("echo \"kiseki: job ${SLURM_JOB_ID:-?} task $task on $(hostname): $spec\"\n");
        text.Append("exec ").Append(string.Join(' ', kisekiCommand.Select(Quote))).Append(" exec-step \"$spec\"\n");
        return text.ToString();
    }

    /// <summary>The manifest text: one spec path per line, task 0 first.</summary>
    public static string Manifest(IReadOnlyList<string> specs)
    {
        foreach (var spec in specs)
        {
            if (spec.Contains('\n') || spec.Contains('\r'))
            {
                throw new ArgumentException($"spec path '{spec}' contains a line break.");
            }
        }

        return string.Join('\n', specs) + "\n";
    }

    /// <summary>Quotes <paramref name="text"/> for bash (single quotes).</summary>
    public static string Quote(string text)
        => text.Length > 0 && text.All(c => char.IsAsciiLetterOrDigit(c) || "/._-=+:,%@".Contains(c))
            ? text
            : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
