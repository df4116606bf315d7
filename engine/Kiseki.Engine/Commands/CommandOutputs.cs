using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Artifacts;

namespace Kiseki.Engine.Commands;

/// <summary>
/// Reads a command step's declared output files from its scratch folder after a successful exit. Each must exist as a
/// regular file inside the folder (no path or symlink that leaves it); its kind follows its extension: <c>.npy</c> →
/// array (spectrum image when <c>NAME.axes.json</c> is beside it), <c>.csv</c> → table, <c>.json</c> → JSON,
/// <c>.png</c> → figure, anything else → file.
/// </summary>
public static class CommandOutputs
{
    /// <summary>The artifact kind an output file of <paramref name="path"/> becomes.</summary>
    public static string KindOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".npy" => ArtifactKind.NdArray,
        ".csv" => ArtifactKind.Table,
        ".json" => ArtifactKind.Json,
        ".png" => ArtifactKind.Figure,
        _ => ArtifactKind.File,
    };

    /// <summary>Reads every declared output; throws <see cref="CommandOutputException"/> naming the first bad one.</summary>
    public static IReadOnlyDictionary<string, IArtifact> Read(CommandStep command, string scratch)
    {
        var root = Path.GetFullPath(scratch);
        var result = new Dictionary<string, IArtifact>(StringComparer.Ordinal);
        foreach (var (name, relative) in command.Outputs)
        {
            var full = Contained(name, relative, root);
            if (!File.Exists(full))
            {
                throw new CommandOutputException(name, relative, Directory.Exists(full)
                    ? "is a folder; declare a file"
                    : "was not written by the command (declared outputs must exist after exit 0)");
            }

            try
            {
                result[name] = ReadOne(full, name, relative, root);
            }
            catch (Exception e) when (e is InvalidDataException or FormatException or System.Text.Json.JsonException
                                          or ArgumentException or EndOfStreamException or NotSupportedException or MethodException)
            {
                throw new CommandOutputException(name, relative, $"cannot be read as {KindOf(relative)}: {e.Message}");
            }
        }

        return result;
    }

    /// <summary>The full path of <paramref name="relative"/> when it and every symlink on its way stay inside <paramref name="root"/>.</summary>
    public static string Contained(string name, string relative, string root)
    {
        if (Path.IsPathRooted(relative) || relative.Split('/', '\\').Contains(".."))
        {
            throw new CommandOutputException(name, relative, "is outside the scratch folder (absolute or with '..')");
        }

        var current = root;
        foreach (var part in relative.Split('/', '\\', StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is null)
            {
                continue;
            }

            var target = info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? "";
            if (!IsInside(target, root))
            {
                throw new CommandOutputException(name, relative, $"is a symlink to '{target}', outside the scratch folder");
            }
        }

        return Path.Combine(root, relative);
    }

    private static IArtifact ReadOne(string full, string name, string relative, string root)
    {
        switch (KindOf(full))
        {
            case ArtifactKind.NdArray:
            {
                var array = NpyFormat.Read(File.ReadAllBytes(full));
                var axesRelative = Path.ChangeExtension(relative, ".axes.json");
                var axesPath = Path.Combine(root, axesRelative);
                return File.Exists(axesPath) ? SpectrumImageOf(array, Contained(name, axesRelative, root)) : array;
            }

            case ArtifactKind.Table:
                return Table.ParseCsv(File.ReadAllText(full), relative);
            case ArtifactKind.Json:
                return new JsonArtifact(JsonNode.Parse(File.ReadAllBytes(full)) ?? throw ArtifactDataErrors.JsonNull("the file"));
            case ArtifactKind.Figure:
                return new Figure(File.ReadAllBytes(full));
            default:
            {
                using var stream = File.OpenRead(full);
                return new FileArtifact(full, ContentHash.Of(stream), new FileInfo(full).Length);
            }
        }
    }

    private static SpectrumImage SpectrumImageOf(NdArray data, string axesPath)
    {
        var manifest = JsonNode.Parse(File.ReadAllBytes(axesPath)) as JsonObject
                       ?? throw new InvalidDataException($"{Path.GetFileName(axesPath)} is not a JSON object");
        var axes = (manifest["axes"] as JsonArray ?? throw new InvalidDataException($"{Path.GetFileName(axesPath)} has no 'axes' list"))
            .Select(a => new Axis(
                a?["name"]?.GetValue<string>() ?? "", a?["size"]?.GetValue<int>() ?? 0, a?["offset"]?.GetValue<double>() ?? 0,
                a?["scale"]?.GetValue<double>() ?? 1, a?["units"]?.GetValue<string>() ?? ""))
            .ToArray();
        if (axes.Length != 3 || data.Shape.Count != 3)
        {
            throw new InvalidDataException($"a spectrum image needs a 3-d array and 3 axes; got {data.Shape.Count} dimensions and {axes.Length} axes");
        }

        var signalName = manifest["signal"]?.GetValue<string>() ?? "unknown";
        var signal = Enum.GetValues<SignalKind>().FirstOrDefault(s => Names.ToKebabCase(s.ToString()) == signalName);
        return new SpectrumImage(data, axes[0], axes[1], axes[2], signal, (manifest["source"] as JsonObject)?.DeepClone() as JsonObject);
    }

    private static bool IsInside(string path, string root)
    {
        var relative = Path.GetRelativePath(root, path);
        return relative != ".." && !relative.StartsWith("../", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
    }
}
