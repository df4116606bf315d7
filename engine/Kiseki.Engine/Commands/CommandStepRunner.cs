using System.Globalization;
using System.Text;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Definitions.Binding;
using Kiseki.Engine.Execution;

namespace Kiseki.Engine.Commands;

/// <summary>What a command step needs beyond its <see cref="StepWork"/>: the declaration and the resolved fingerprint.</summary>
/// <param name="Step">The command declaration.</param>
/// <param name="Fingerprint">The resolved executable, probe and container digest.</param>
public sealed record CommandWork(CommandStep Step, CommandFingerprint Fingerprint);

/// <summary>
/// Runs one command step: a fresh scratch folder with the inputs materialised (<see cref="CommandScratch"/>), the argv
/// substituted item by item, the process run without a shell (or inside the container) with <c>KISEKI_SEED</c>,
/// <c>KISEKI_THREADS</c> and <c>KISEKI_STEP_JSON</c>, standard output and error kept in the object store, and the
/// declared outputs read back (<see cref="CommandOutputs"/>). A timeout or cancellation kills the process tree.
/// </summary>
public sealed class CommandStepRunner(ArtifactCodec codec, string scratchRoot, TimeProvider? clock = null)
{
    /// <summary>Lines of standard error (or output) quoted in the error of a failed step.</summary>
    public const int ErrorTailLines = 15;

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Executes the command of <paramref name="work"/>; failures, timeouts and cancellation become outcomes.</summary>
    public async Task<StepOutcome> RunAsync(StepWork work, CommandWork command, CancellationToken cancellationToken)
    {
        var started = _clock.GetUtcNow();
        var id = Guid.NewGuid().ToString("N");
        var scratch = Path.Combine(scratchRoot, id);
        var stdoutPath = Path.Combine(scratchRoot, id + ".stdout");
        var stderrPath = Path.Combine(scratchRoot, id + ".stderr");
        var step = command.Step;
        var log = "";
        try
        {
            Directory.CreateDirectory(scratch);
            var inputs = CommandScratch.Prepare(work, step, codec, scratch);
            var environment = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["KISEKI_SEED"] = work.Seed.ToString(CultureInfo.InvariantCulture),
                ["KISEKI_THREADS"] = Math.Max(1, work.Threads).ToString(CultureInfo.InvariantCulture),
                ["KISEKI_STEP_JSON"] = Path.Combine(scratch, CommandScratch.StepFileName),
            };
            var argv = Argv(work, command, inputs, scratch, environment);
            ProcessEnd end;
            await using (var stdout = File.Create(stdoutPath))
            await using (var stderr = File.Create(stderrPath))
            {
                var timeout = step.TimeoutSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
                end = await CommandProcess.RunAsync(argv, scratch, environment, stdout, stderr, timeout, cancellationToken).ConfigureAwait(false);
            }

            log = KeepLogs(stdoutPath, stderrPath);
            if (end.Cancelled)
            {
                return Failure(StepOutcomeStatus.Cancelled, "cancelled (the command's process tree was killed)", log, started);
            }

            if (end.TimedOut)
            {
                return Failure(StepOutcomeStatus.Failed, Describe(work, step,
                    $"timed out after {step.TimeoutSeconds} s; the command's process tree was killed (raise 'timeout:' if it needs longer)" +
                    Tail(stderrPath, stdoutPath)), log, started);
            }

            if (end.ExitCode != 0)
            {
                return Failure(StepOutcomeStatus.Failed, Describe(work, step,
                    $"the command exited with code {end.ExitCode}: {Quote(argv)}" + Tail(stderrPath, stdoutPath)), log, started);
            }

            var artifacts = CommandOutputs.Read(step, scratch);
            var outputs = new Dictionary<string, StoredArtifact>(StringComparer.Ordinal);
            foreach (var (name, artifact) in artifacts.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                outputs[name] = codec.Encode(artifact);
            }

            return new StepOutcome(
                StepOutcomeStatus.Succeeded, outputs, Convergence.NotIterative, new Dictionary<string, double>(), log, null, started,
                _clock.GetUtcNow());
        }
        catch (CommandStartException e)
        {
            return Failure(StepOutcomeStatus.Failed, Describe(work, step, e.Message + " (is it installed, and executable?)"), log, started);
        }
        catch (CommandOutputException e)
        {
            return Failure(StepOutcomeStatus.Failed, Describe(work, step, e.Message) + Tail(stderrPath, stdoutPath), log, started);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or ObjectStoreException)
        {
            return Failure(StepOutcomeStatus.Failed, Describe(work, step, $"{e.GetType().Name}: {e.Message}"), log, started);
        }
        finally
        {
            TryDelete(scratch);
            TryDeleteFile(stdoutPath);
            TryDeleteFile(stderrPath);
        }
    }

    private static List<string> Argv(
        StepWork work, CommandWork command, IReadOnlyDictionary<string, string> inputs, string scratch, Dictionary<string, string> environment)
    {
        var step = command.Step;
        string Resolve(CommandPlaceholder p, bool quote)
        {
            var value = p.Group switch
            {
                "inputs" => inputs[p.Name!],
                "outputs" => step.OutputPath(p.Name!)!,
                "params" => ScalarValues.Format(work.Parameters[p.Name!]),
                "seed" => work.Seed.ToString(CultureInfo.InvariantCulture),
                _ => Math.Max(1, work.Threads).ToString(CultureInfo.InvariantCulture),
            };
            return quote ? CommandTemplate.ShellQuote(value) : value;
        }

        List<string> argv = step.Shell
            ? ["/bin/sh", "-c", CommandTemplate.Substitute(step.Command[0], p => Resolve(p, quote: true))]
            : [.. step.Command.Select(item => CommandTemplate.Substitute(item, p => Resolve(p, quote: false)))];
        if (command.Fingerprint.ContainerDigest is { } digest)
        {
            var runtime = ContainerRuntime.Find() ?? throw new CommandStartException("podman", "no container runtime (podman or docker) on PATH");
            return [.. runtime.Wrap(digest, scratch, environment, argv)];
        }

        if (command.Fingerprint.ExecutablePath is { } executable)
        {
            argv[0] = executable;
        }

        return argv;
    }

    private string KeepLogs(string stdoutPath, string stderrPath)
    {
        var text = new StringBuilder();
        foreach (var (name, path) in new[] { ("stdout", stdoutPath), ("stderr", stderrPath) })
        {
            var bytes = File.ReadAllBytes(path);
            var hash = codec.Store.Put(bytes);
            var content = Encoding.UTF8.GetString(bytes);
            text.Append(CultureInfo.InvariantCulture, $"{name} ({bytes.Length} bytes, {hash}):\n");
            text.Append(content.Length <= 6000 ? content : "…" + content[^6000..]);
            if (content.Length > 0 && !content.EndsWith('\n'))
            {
                text.Append('\n');
            }
        }

        return text.ToString();
    }

    private static string Tail(string stderrPath, string stdoutPath)
    {
        foreach (var (name, path) in new[] { ("stderr", stderrPath), ("stdout", stdoutPath) })
        {
            if (!File.Exists(path))
            {
                continue;
            }

            var lines = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd('\n').Split('\n');
            if (lines is [""] or [])
            {
                continue;
            }

            var last = lines.TakeLast(ErrorTailLines).Select(l => "  | " + l);
            return $"\n  last lines of {name}:\n" + string.Join('\n', last);
        }

        return "";
    }

    private static string Quote(IEnumerable<string> argv) => string.Join(' ', argv.Select(CommandTemplate.ShellQuote));

    private static string Describe(StepWork work, CommandStep step, string message)
        => $"step '{work.StepId}' (command at {step.Location}): {message}";

    private StepOutcome Failure(StepOutcomeStatus status, string error, string log, DateTimeOffset started)
        => new(status, new Dictionary<string, StoredArtifact>(), null, new Dictionary<string, double>(), log, error, started, _clock.GetUtcNow());

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for gc; never fails the step.
        }
    }

    private static void TryDeleteFile(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Left for gc.
        }
    }
}
