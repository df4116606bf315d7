using System.Text;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Definitions;

namespace Kiseki.Engine.Commands;

/// <summary>
/// Resolves the fingerprints of a workflow's command steps (sources hashed, executable found and hashed, probe run,
/// container tag resolved to a digest). Probes and hashes shared by several steps are computed once. Every problem is
/// a diagnostic naming the step; all of them are thrown together as a <see cref="WorkflowException"/>.
/// </summary>
public sealed class CommandFingerprinter
{
    /// <summary>Longest time a probe may take.</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(120);

    private readonly Dictionary<string, ContentHash> _hashes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string? Output, string? Problem)> _probes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string? Digest, string Problem)> _digests = new(StringComparer.Ordinal);
    private ContainerRuntime? _runtime;
    private bool _runtimeLooked;

    /// <summary>Resolves every command step of <paramref name="workflow"/> and stores each fingerprint on its step.</summary>
    public static void ResolveAll(WorkflowDefinition workflow, CancellationToken cancellationToken = default)
    {
        var commands = workflow.Steps.Where(s => s.Command is not null).Select(s => (Id: s.DeclaredId, Command: s.Command!))
            .Concat(workflow.Steps.Where(s => s.Evaluate?.Command is not null)
                .Select(s => (Id: Campaigns.EvaluatorDeclaration.FingerprintId(s.DeclaredId), Command: s.Evaluate!.Command!)))
            .DistinctBy(c => c.Command).ToList();
        if (commands.Count == 0)
        {
            return;
        }

        var fingerprinter = new CommandFingerprinter();
        var diagnostics = new List<Diagnostic>();
        foreach (var (id, command) in commands)
        {
            var (fingerprint, problems) = fingerprinter.Resolve(id, command, cancellationToken);
            diagnostics.AddRange(problems);
            if (fingerprint is not null)
            {
                command.SetFingerprint(fingerprint);
            }
        }

        if (diagnostics.Count > 0)
        {
            throw new WorkflowException(diagnostics);
        }
    }

    /// <summary>The fingerprint of one command step, or the diagnostics that prevent it.</summary>
    public (CommandFingerprint? Fingerprint, IReadOnlyList<Diagnostic> Problems) Resolve(
        string stepId, CommandStep command, CancellationToken cancellationToken)
    {
        var problems = new List<Diagnostic>();
        var sources = new JsonObject();
        foreach (var source in command.Sources)
        {
            var full = Path.GetFullPath(source, command.WorkflowDirectory);
            if (!File.Exists(full))
            {
                problems.Add(Error(DiagnosticCodes.InvalidSource, command.Location, $"step '{stepId}': source file '{source}' does not exist ({full})",
                    "list files relative to the workflow folder under 'sources:'"));
                continue;
            }

            sources[source] = Hash(full).ToString();
        }

        string? digest = null;
        JsonObject? executable = null;
        string? executablePath = null;
        if (command.Container is { } image)
        {
            digest = ResolveDigest(stepId, command, image, problems, cancellationToken);
        }
        else
        {
            var program = command.Shell ? "/bin/sh" : command.Command[0];
            executablePath = ExecutableResolver.Resolve(program, command.WorkflowDirectory);
            if (executablePath is null)
            {
                problems.Add(NotFound(stepId, program, command.Location));
            }
            else
            {
                executable = new JsonObject { ["path"] = KeyPath(executablePath, command.WorkflowDirectory), ["hash"] = Hash(executablePath).ToString() };
            }
        }

        JsonObject? probe = null;
        if (command.Probe is { } argv && (command.Container is null || digest is not null))
        {
            var (output, problem) = RunProbe(argv, command, digest, cancellationToken);
            if (problem is not null)
            {
                problems.Add(Error(DiagnosticCodes.ProbeFailed, command.ProbeLocation ?? command.Location,
                    $"step '{stepId}': the environment probe {string.Join(' ', argv)} failed: {problem}",
                    "the probe must exit 0; run it by hand to see why (is the program installed?)"));
            }
            else
            {
                probe = new JsonObject { ["argv"] = Strings(argv), ["output"] = output };
            }
        }

        if (problems.Count > 0)
        {
            return (null, problems);
        }

        var components = new JsonObject
        {
            ["argv"] = Strings(command.Command),
            ["shell"] = command.Shell,
            ["outputs"] = new JsonObject(command.Outputs.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))),
            ["sources"] = sources,
            ["executable"] = executable,
            ["probe"] = probe,
            ["container"] = digest,
        };
        return (new CommandFingerprint(components, executablePath, digest), []);
    }

    /// <summary>The diagnostic of an executable that is not found.</summary>
    internal static Diagnostic NotFound(string stepId, string program, SourceLocation location)
        => Error(DiagnosticCodes.ExecutableNotFound, location,
            program.Contains('/', StringComparison.Ordinal)
                ? $"step '{stepId}': executable '{program}' does not exist or is not executable"
                : $"step '{stepId}': executable '{program}' is not found on PATH",
            program.Contains('/', StringComparison.Ordinal)
                ? "relative paths are taken from the workflow folder; check the path and its execute permission (chmod +x)"
                : "install it, or write its full path (e.g. /usr/bin/python3)");

    private string? ResolveDigest(string stepId, CommandStep command, string image, List<Diagnostic> problems, CancellationToken cancellationToken)
    {
        if (!_runtimeLooked)
        {
            _runtime = ContainerRuntime.Find();
            _runtimeLooked = true;
        }

        if (_runtime is null)
        {
            problems.Add(Error(DiagnosticCodes.ContainerUnresolved, command.Location,
                $"step '{stepId}': container '{image}' needs podman or docker, and neither is on PATH", "install podman, or remove 'environment.container'"));
            return null;
        }

        if (!_digests.TryGetValue(image, out var resolved))
        {
            resolved = _runtime.ResolveDigestAsync(image, cancellationToken).GetAwaiter().GetResult();
            _digests[image] = resolved;
        }

        if (resolved.Digest is null)
        {
            problems.Add(Error(DiagnosticCodes.ContainerUnresolved, command.Location,
                $"step '{stepId}': container tag '{image}' cannot be resolved to a digest: {resolved.Problem}",
                $"pull it first ({Path.GetFileName(_runtime.Executable)} pull {image}) or write the image as name@sha256:…"));
        }

        return resolved.Digest;
    }

    private (string? Output, string? Problem) RunProbe(IReadOnlyList<string> argv, CommandStep command, string? digest, CancellationToken cancellationToken)
    {
        var memo = digest + "\0" + string.Join('\0', argv);
        if (_probes.TryGetValue(memo, out var known))
        {
            return known;
        }

        (string?, string?) result;
        var program = digest is null ? ExecutableResolver.Resolve(argv[0], command.WorkflowDirectory) : argv[0];
        if (program is null)
        {
            result = (null, $"'{argv[0]}' is not found");
        }
        else
        {
            IReadOnlyList<string> full = digest is null ? [program, .. argv.Skip(1)] : [_runtime!.Executable, "run", "--rm", "--network=none", digest, .. argv];
            try
            {
                var (end, stdout, stderr) = CommandProcess.CaptureAsync(full, command.WorkflowDirectory, ProbeTimeout, cancellationToken)
                    .GetAwaiter().GetResult();
                result = end.Succeeded
                    ? (Normalize(stdout), null)
                    : (null, end.TimedOut ? $"it did not finish within {ProbeTimeout.TotalSeconds:0} s" : $"exit code {end.ExitCode}: {Tail(stderr)}");
            }
            catch (CommandStartException e)
            {
                result = (null, e.Message);
            }
        }

        _probes[memo] = result;
        return result;
    }

    private ContentHash Hash(string path)
    {
        if (!_hashes.TryGetValue(path, out var hash))
        {
            using var stream = File.OpenRead(path);
            hash = ContentHash.Of(stream);
            _hashes[path] = hash;
        }

        return hash;
    }

    private static string KeyPath(string path, string workflowDirectory)
    {
        var relative = Path.GetRelativePath(workflowDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative.Replace('\\', '/');
    }

    private static string Normalize(string text)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd());
        return string.Join('\n', lines).Trim('\n');
    }

    private static string Tail(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length == 0 ? "(no error output)" : trimmed.Length <= 400 ? trimmed : "…" + trimmed[^400..];
    }

    private static JsonArray Strings(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode?)i)]);

    private static Diagnostic Error(string code, SourceLocation location, string message, string hint)
        => new(code, DiagnosticSeverity.Error, message, location, hint);
}
