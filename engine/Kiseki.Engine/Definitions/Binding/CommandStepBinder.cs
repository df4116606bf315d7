using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kiseki.Engine.Commands;
using Kiseki.Engine.Definitions.Yaml;

namespace Kiseki.Engine.Definitions.Binding;

/// <summary>
/// Binds the command-specific keys of a <c>command:</c> step (<c>command</c>, <c>shell</c>, <c>outputs</c>,
/// <c>sources</c>, <c>environment</c>, <c>timeout</c>, <c>tolerance</c>) into a <see cref="CommandStep"/>. Every
/// placeholder must name a declared input, output or param; problems are diagnostics at their line and column.
/// </summary>
internal sealed partial class CommandStepBinder(DiagnosticBag bag, string workflowDirectory)
{
    private static readonly string[] EnvironmentKeys = ["probe", "container"];

    /// <summary>
    /// The bound command, or null after diagnostics. <paramref name="implicitInputs"/> are inputs the engine provides
    /// without an <c>inputs:</c> entry (the <c>point</c> of an evaluator).
    /// </summary>
    public CommandStep? Bind(string stepId, YamlMapping mapping, IReadOnlyCollection<string>? implicitInputs = null)
    {
        var commandEntry = mapping.Find("command")!;
        var shell = BindShell(mapping["shell"]);
        var outputs = BindOutputs(mapping["outputs"]);
        var inputNames = Names(mapping["inputs"]);
        inputNames.AddRange(implicitInputs ?? []);
        var paramNames = Names(mapping["params"]);
        var command = BindArgv(stepId, commandEntry.Value, shell, inputNames, paramNames, [.. outputs.Select(o => o.Key)]);
        var sources = BindSources(mapping["sources"]);
        var (probe, probeLocation, container) = BindEnvironment(mapping["environment"]);
        var timeout = BindTimeout(mapping["timeout"]);
        var tolerance = BindTolerance(mapping["tolerance"]);
        if (command is not null && !shell && container is null && !command[0].Contains('{', StringComparison.Ordinal)
            && ExecutableResolver.Resolve(command[0], workflowDirectory) is null)
        {
            bag.AddRange([CommandFingerprinter.NotFound(stepId, command[0], ItemLocation(commandEntry.Value, 0))]);
        }

        return command is null
            ? null
            : new CommandStep(command, shell, outputs, sources, probe, container, timeout, tolerance, workflowDirectory,
                commandEntry.Value.Location, probeLocation);
    }

    private bool BindShell(YamlNode? node)
    {
        switch (node)
        {
            case null:
                return false;
            case YamlScalar { IsPlain: true, Value: "true" or "false" } scalar:
                return scalar.Value == "true";
            default:
                bag.Error(DiagnosticCodes.InvalidCommand, node.Location, "'shell' must be true or false", "write 'shell: true' to run one command string with /bin/sh -c");
                return false;
        }
    }

    private List<string>? BindArgv(
        string stepId, YamlNode node, bool shell, IReadOnlyCollection<string> inputs, IReadOnlyCollection<string> parameters,
        IReadOnlyCollection<string> outputs)
    {
        IReadOnlyList<YamlNode> items = node switch
        {
            YamlSequence sequence => sequence.Items,
            YamlScalar scalar when shell => [scalar],
            _ => [],
        };
        if (items.Count == 0 || (shell && items.Count != 1))
        {
            bag.Error(DiagnosticCodes.InvalidCommand, node.Location,
                shell ? $"step '{stepId}': with 'shell: true' the command is one string" : $"step '{stepId}': 'command' must be a non-empty list of argv items",
                shell ? "write e.g. command: \"sort {inputs.table} | uniq > {outputs.counts}\"" : "write e.g. command: [\"python3\", \"scripts/run.py\", \"{inputs.image}\"], or add 'shell: true' for one string");
            return null;
        }

        var argv = new List<string>();
        var ok = true;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not YamlScalar scalar)
            {
                bag.Error(DiagnosticCodes.InvalidCommand, items[i].Location, $"argv item {i} of step '{stepId}' is a {items[i].ShapeName}, not text",
                    "quote placeholders inside brackets: \"{inputs.image}\" (unquoted, YAML reads {…} as a mapping)");
                ok = false;
                continue;
            }

            ok &= CheckPlaceholders(scalar, i, inputs, parameters, outputs);
            argv.Add(scalar.Value);
        }

        if (ok && !shell && CommandTemplate.Parse(argv[0]).Placeholders.Count > 0)
        {
            bag.Error(DiagnosticCodes.InvalidCommand, items[0].Location, $"the program of step '{stepId}' must be written out, not a placeholder",
                "put the program first, e.g. [\"python3\", \"{inputs.script}\"]");
            ok = false;
        }

        return ok ? argv : null;
    }

    private bool CheckPlaceholders(
        YamlScalar item, int index, IReadOnlyCollection<string> inputs, IReadOnlyCollection<string> parameters, IReadOnlyCollection<string> outputs)
    {
        var (placeholders, malformed) = CommandTemplate.Parse(item.Value);
        var ok = true;
        foreach (var (text, offset) in malformed)
        {
            bag.Error(DiagnosticCodes.UnknownPlaceholder, Column(item, offset), $"'{ScalarValues.Shorten(text)}' is not a placeholder",
                "placeholders are {inputs.NAME}, {outputs.NAME}, {params.NAME}, {seed} and {threads}; write {{ and }} for literal braces");
            ok = false;
        }

        foreach (var placeholder in placeholders.Where(p => p.Name is not null))
        {
            var declared = placeholder.Group switch { "inputs" => inputs, "outputs" => outputs, _ => parameters };
            if (!declared.Contains(placeholder.Name!))
            {
                bag.Error(DiagnosticCodes.UnknownPlaceholder, Column(item, placeholder.Offset),
                    $"{placeholder.Text} in argv item {index} names no declared {placeholder.Group[..^1]} '{placeholder.Name}'",
                    DidYouMean.Hint(placeholder.Name!, declared, $"declared {placeholder.Group}"));
                ok = false;
            }
        }

        return ok;
    }

    private List<KeyValuePair<string, string>> BindOutputs(YamlNode? node)
    {
        var result = new List<KeyValuePair<string, string>>();
        if (node is null)
        {
            return result;
        }

        if (node is not YamlMapping mapping)
        {
            bag.Error(DiagnosticCodes.WrongShape, node.Location, $"'outputs' must be a mapping of output name to file, got a {node.ShapeName}",
                "write e.g. outputs: { clean: clean.npy, report: report.json }");
            return result;
        }

        var paths = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Entries)
        {
            if (!WorkflowReference.IsName(key.Value))
            {
                bag.Error(DiagnosticCodes.InvalidName, key.Location, $"invalid output name '{ScalarValues.Shorten(key.Value)}'",
                    "use letters, digits, '_' and '-', starting with a letter");
                continue;
            }

            if (RelativePathProblem(value) is { } problem)
            {
                bag.Error(DiagnosticCodes.InvalidOutputPath, value.Location, $"output '{key.Value}' {problem}",
                    "outputs are files the command writes inside its scratch folder, e.g. clean.npy or out/table.csv");
                continue;
            }

            var path = Normalize(((YamlScalar)value).Value);
            if (path == CommandScratch.StepFileName || path.StartsWith("inputs/", StringComparison.Ordinal) || !paths.Add(path))
            {
                bag.Error(DiagnosticCodes.InvalidOutputPath, value.Location, $"output '{key.Value}' file '{path}' is taken",
                    "give each output its own file, outside inputs/ and other than kiseki-step.json");
                continue;
            }

            result.Add(KeyValuePair.Create(key.Value, path));
        }

        return result;
    }

    private List<string> BindSources(YamlNode? node)
    {
        var result = new List<string>();
        if (node is null)
        {
            return result;
        }

        IReadOnlyList<YamlNode> items = node is YamlSequence sequence ? sequence.Items : [node];
        foreach (var item in items)
        {
            if (RelativePathProblem(item) is { } problem)
            {
                bag.Error(DiagnosticCodes.InvalidSource, item.Location, $"source {problem}",
                    "list files relative to the workflow folder, e.g. sources: [scripts/despike.py]");
                continue;
            }

            var path = Normalize(((YamlScalar)item).Value);
            if (!File.Exists(Path.GetFullPath(path, workflowDirectory)))
            {
                bag.Error(DiagnosticCodes.InvalidSource, item.Location, $"source file '{path}' does not exist in {workflowDirectory}",
                    "sources are files relative to the workflow folder");
                continue;
            }

            if (!result.Contains(path))
            {
                result.Add(path);
            }
        }

        return result;
    }

    private (IReadOnlyList<string>? Probe, SourceLocation? Location, string? Container) BindEnvironment(YamlNode? node)
    {
        if (node is null)
        {
            return (null, null, null);
        }

        if (node is not YamlMapping mapping)
        {
            bag.Error(DiagnosticCodes.WrongShape, node.Location, $"'environment' must be a mapping {{probe, container}}, got a {node.ShapeName}");
            return (null, null, null);
        }

        foreach (var (key, _) in mapping.Entries.Where(e => !EnvironmentKeys.Contains(e.Key.Value)))
        {
            bag.Error(DiagnosticCodes.UnknownKey, key.Location, $"unknown key '{ScalarValues.Shorten(key.Value)}'",
                DidYouMean.Hint(key.Value, EnvironmentKeys, "environment keys"));
        }

        List<string>? probe = null;
        if (mapping["probe"] is { } probeNode)
        {
            if (probeNode is YamlSequence { Items.Count: > 0 } items && items.Items.All(i => i is YamlScalar))
            {
                probe = [.. items.Items.Select(i => ((YamlScalar)i).Value)];
            }
            else
            {
                bag.Error(DiagnosticCodes.InvalidCommand, probeNode.Location, "'probe' must be a non-empty argv list",
                    "write e.g. probe: [\"python3\", \"-c\", \"import numpy; print(numpy.__version__)\"]");
            }
        }

        string? container = null;
        if (mapping["container"] is { } containerNode)
        {
            if (containerNode is YamlScalar scalar && ImagePattern().IsMatch(scalar.Value.Trim()))
            {
                container = scalar.Value.Trim();
            }
            else
            {
                bag.Error(DiagnosticCodes.ContainerUnresolved, containerNode.Location, "'container' must be an image reference",
                    "write e.g. docker.io/library/python@sha256:… or docker.io/library/python:3.12 (tags are resolved to a digest)");
            }
        }

        return (probe, mapping["probe"]?.Location, container);
    }

    private int? BindTimeout(YamlNode? node)
    {
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalar { IsPlain: true } scalar && int.TryParse(scalar.Value, System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds is >= 1 and <= 30 * 24 * 3600)
        {
            return seconds;
        }

        bag.Error(DiagnosticCodes.InvalidTimeout, node.Location, $"timeout must be a whole number of seconds from 1 to {30 * 24 * 3600}",
            "write e.g. 'timeout: 600'");
        return null;
    }

    private double BindTolerance(YamlNode? node)
    {
        if (node is null)
        {
            return 0;
        }

        if (node is YamlScalar { IsPlain: true } scalar && ScalarValues.FromPlain(scalar.Value) is JsonValue value
            && value.TryGetValue<double>(out var tolerance) && double.IsFinite(tolerance) && tolerance >= 0)
        {
            return tolerance;
        }

        if (node is YamlScalar { IsPlain: true } integer && ScalarValues.FromPlain(integer.Value) is JsonValue whole
            && whole.TryGetValue<long>(out var n) && n >= 0)
        {
            return n;
        }

        bag.Error(DiagnosticCodes.InvalidTolerance, node.Location, "tolerance must be a number ≥ 0 (relative; 0 = byte-identical)",
            "write e.g. 'tolerance: 1e-9'");
        return 0;
    }

    private static string? RelativePathProblem(YamlNode node)
    {
        if (node is not YamlScalar scalar || scalar.Value.Trim().Length == 0)
        {
            return $"must be a file path, got {(node is YamlScalar ? "nothing" : "a " + node.ShapeName)}";
        }

        var path = scalar.Value.Trim();
        if (path.Any(char.IsControl))
        {
            return "contains a control character";
        }

        if (Path.IsPathRooted(path) || path.StartsWith('~'))
        {
            return $"'{ScalarValues.Shorten(path)}' is an absolute path";
        }

        return path.Split('/', '\\').Contains("..") ? $"'{ScalarValues.Shorten(path)}' leaves its folder ('..')" : null;
    }

    private static string Normalize(string path)
        => string.Join('/', path.Trim().Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != "."));

    private static List<string> Names(YamlNode? node) => node is YamlMapping mapping ? [.. mapping.Entries.Select(e => e.Key.Value)] : [];

    private static SourceLocation ItemLocation(YamlNode node, int index)
        => node is YamlSequence sequence && index < sequence.Items.Count ? sequence.Items[index].Location : node.Location;

    private static SourceLocation Column(YamlScalar item, int offset)
        => item.Location with { Column = item.Location.Column + offset + (item.IsPlain ? 0 : 1) };

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._/:@-]*$")]
    private static partial Regex ImagePattern();
}
