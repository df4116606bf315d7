using System.Globalization;
using System.Text.Json.Nodes;
using Kiseki.Engine.Definitions;

namespace Kiseki.Engine.Commands;

/// <summary>
/// A bound <c>command:</c> step: the argv template (or one shell script line with <see cref="Shell"/>), the declared
/// output files, the source files whose content enters the step key, the environment probe and container, the timeout
/// and the tolerance used by <c>verify --execute</c>. Immutable; the environment as installed is resolved separately
/// into a <see cref="CommandFingerprint"/>.
/// </summary>
public sealed class CommandStep
{
    private CommandFingerprint? _fingerprint;

    internal CommandStep(
        IReadOnlyList<string> command, bool shell, IReadOnlyList<KeyValuePair<string, string>> outputs,
        IReadOnlyList<string> sources, IReadOnlyList<string>? probe, string? container, int? timeoutSeconds, double tolerance,
        string workflowDirectory, SourceLocation location, SourceLocation? probeLocation)
    {
        Command = command;
        Shell = shell;
        Outputs = outputs;
        Sources = sources;
        Probe = probe;
        Container = container;
        TimeoutSeconds = timeoutSeconds;
        Tolerance = tolerance;
        WorkflowDirectory = workflowDirectory;
        Location = location;
        ProbeLocation = probeLocation;
    }

    /// <summary>The argv template; with <see cref="Shell"/> a single item, the script given to <c>/bin/sh -c</c>.</summary>
    public IReadOnlyList<string> Command { get; }

    /// <summary>True when the command is one string run by <c>/bin/sh -c</c> (YAML <c>shell: true</c>).</summary>
    public bool Shell { get; }

    /// <summary>Output name → file path relative to the scratch folder, in declaration order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Outputs { get; }

    /// <summary>Source files relative to the workflow folder (copied into the scratch folder, content keyed).</summary>
    public IReadOnlyList<string> Sources { get; }

    /// <summary>The environment probe argv (its standard output enters the key), or null.</summary>
    public IReadOnlyList<string>? Probe { get; }

    /// <summary>The container image as written (a tag or a digest reference), or null to run on the host.</summary>
    public string? Container { get; }

    /// <summary>Wall-clock limit in seconds, or null for none.</summary>
    public int? TimeoutSeconds { get; }

    /// <summary>Relative tolerance of <c>verify --execute</c> for numeric outputs (0 = byte-identical).</summary>
    public double Tolerance { get; }

    /// <summary>The folder of the workflow file (sources and relative executables are found from it).</summary>
    public string WorkflowDirectory { get; }

    /// <summary>Where <c>command:</c> is written.</summary>
    public SourceLocation Location { get; }

    /// <summary>Where <c>environment.probe:</c> is written, if present.</summary>
    public SourceLocation? ProbeLocation { get; }

    /// <summary>
    /// The fingerprint resolved for the latest plan (a memo: <see cref="CommandFingerprinter.ResolveAll"/> refreshes it at
    /// every plan); resolved on first use when no plan did.
    /// </summary>
    public CommandFingerprint Fingerprint(string stepId)
    {
        if (Volatile.Read(ref _fingerprint) is { } known)
        {
            return known;
        }

        var (fingerprint, problems) = new CommandFingerprinter().Resolve(stepId, this, CancellationToken.None);
        if (fingerprint is null)
        {
            throw new WorkflowException(problems);
        }

        SetFingerprint(fingerprint);
        return fingerprint;
    }

    internal void SetFingerprint(CommandFingerprint fingerprint) => Volatile.Write(ref _fingerprint, fingerprint);

    /// <summary>The output file of <paramref name="name"/>, or null when it is not declared.</summary>
    public string? OutputPath(string name) => Outputs.FirstOrDefault(o => o.Key == name).Value;

    /// <summary>The declaration as JSON (what an <c>exec-step</c> spec carries).</summary>
    public JsonObject ToJson() => new()
    {
        ["command"] = Strings(Command),
        ["shell"] = Shell,
        ["outputs"] = new JsonObject(Outputs.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))),
        ["sources"] = Strings(Sources),
        ["probe"] = Probe is null ? null : Strings(Probe),
        ["container"] = Container,
        ["timeout"] = TimeoutSeconds,
        ["tolerance"] = Tolerance,
        ["workflow_directory"] = WorkflowDirectory,
        ["location"] = Location.ToString(),
    };

    /// <summary>Reads <see cref="ToJson"/> back.</summary>
    public static CommandStep FromJson(JsonObject json)
    {
        var location = ParseLocation(json["location"]?.GetValue<string>() ?? "spec:1:1");
        return new CommandStep(
            ReadStrings(json["command"]), json["shell"]?.GetValue<bool>() ?? false,
            [.. (json["outputs"] as JsonObject ?? []).Select(p => KeyValuePair.Create(p.Key, p.Value!.GetValue<string>()))],
            ReadStrings(json["sources"]), json["probe"] is JsonArray probe ? ReadStrings(probe) : null,
            json["container"]?.GetValue<string>(), json["timeout"]?.GetValue<int>(), json["tolerance"]?.GetValue<double>() ?? 0,
            json["workflow_directory"]?.GetValue<string>() ?? ".", location, null);
    }

    private static JsonArray Strings(IEnumerable<string> items) => new([.. items.Select(i => (JsonNode?)i)]);

    private static string[] ReadStrings(JsonNode? node) => [.. (node as JsonArray ?? []).Select(n => n!.GetValue<string>())];

    private static SourceLocation ParseLocation(string text)
    {
        var parts = text.Split(':');
        return parts.Length >= 3
               && int.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var line)
               && int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var column)
            ? new SourceLocation(string.Join(':', parts[..^2]), line, column)
            : new SourceLocation(text, 1, 1);
    }
}
