using System.Diagnostics;

namespace Kiseki.Slurm.Tests;

/// <summary>Finds a usable Slurm (client commands on PATH and an idle node); integration tests skip otherwise.</summary>
internal static class SlurmCluster
{
    private const string HowToEnable =
        "To enable: run `sudo .ci/setup-system` (installs slurm-wlm and munge and starts a single-node cluster), " +
        "or put a Slurm client for a cluster with an idle node on PATH; see tests/Kiseki.Slurm.Tests/README.md.";

    private static readonly Lazy<string?> Problem = new(Probe);

    /// <summary>Skips the calling test unless Slurm can run jobs here.</summary>
    public static void Require()
    {
        if (Problem.Value is { } problem)
        {
            throw new SkipException($"Slurm integration test skipped: {problem}. {HowToEnable}");
        }
    }

    private static string? Probe()
    {
        if (Environment.GetEnvironmentVariable("KISEKI_SKIP_SLURM_TESTS") == "1")
        {
            return "KISEKI_SKIP_SLURM_TESTS=1";
        }

        if (!Engine.Execution.Slurm.SlurmCommandClient.IsAvailable())
        {
            return "sinfo/sbatch not found on PATH";
        }

        try
        {
            var info = new ProcessStartInfo("sinfo") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "--noheader", "--responding", "--format=%t" })
            {
                info.ArgumentList.Add(argument);
            }

            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd();
            process.StandardError.ReadToEnd();
            if (!process.WaitForExit(15_000))
            {
                process.Kill();
                return "sinfo did not answer within 15 s";
            }

            var states = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            return states.Any(s => s.TrimEnd('*', '~', '#', '!', '%', '$', '@', '^', '-') is "idle" or "mix")
                ? null
                : $"no idle node (sinfo states: {(states.Length == 0 ? "none responding" : string.Join(", ", states))})";
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return "sinfo could not run: " + e.Message;
        }
    }
}
