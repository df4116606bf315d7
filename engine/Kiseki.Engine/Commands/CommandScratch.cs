using System.Text.Json;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Execution;

namespace Kiseki.Engine.Commands;

/// <summary>
/// Prepares the scratch folder of a command step: each input read-only under <c>inputs/NAME.EXT</c> in a standard format
/// (array → <c>.npy</c>; spectrum image → <c>.npy</c> plus <c>NAME.axes.json</c>; table → <c>.csv</c>; JSON → <c>.json</c>;
/// figure → <c>.png</c>; file → as is), the source files under their workflow-relative paths, the output folders, and
/// <c>kiseki-step.json</c> listing inputs, params, outputs, seed and threads.
/// </summary>
public static class CommandScratch
{
    /// <summary>The name of the step description file in the scratch folder.</summary>
    public const string StepFileName = "kiseki-step.json";

    private const UnixFileMode ReadOnly = UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Fills <paramref name="scratch"/>; returns input name → path relative to it.</summary>
    public static IReadOnlyDictionary<string, string> Prepare(StepWork work, CommandStep command, ArtifactCodec codec, string scratch)
    {
        var inputs = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Directory.CreateDirectory(Path.Combine(scratch, "inputs"));
        foreach (var (name, input) in work.Inputs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            inputs[name] = Materialise(name, input, codec, scratch);
        }

        foreach (var source in command.Sources)
        {
            var target = Path.Combine(scratch, source);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.GetFullPath(source, command.WorkflowDirectory), target);
            MakeReadOnly(target);
        }

        foreach (var (_, path) in command.Outputs)
        {
            if (Path.GetDirectoryName(Path.Combine(scratch, path)) is { } folder)
            {
                Directory.CreateDirectory(folder);
            }
        }

        var description = new JsonObject
        {
            ["step"] = work.StepId,
            ["inputs"] = new JsonObject(inputs.Select(i => KeyValuePair.Create(i.Key, (JsonNode?)new JsonObject
            {
                ["path"] = i.Value, ["kind"] = work.Inputs[i.Key].Kind, ["hash"] = work.Inputs[i.Key].Hash.ToString(),
            }))),
            ["params"] = work.Parameters.DeepClone(),
            ["outputs"] = new JsonObject(command.Outputs.Select(o => KeyValuePair.Create(o.Key, (JsonNode?)o.Value))),
            ["seed"] = work.Seed,
            ["threads"] = Math.Max(1, work.Threads),
        };
        File.WriteAllText(Path.Combine(scratch, StepFileName), description.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return inputs;
    }

    private static string Materialise(string name, InputReference input, ArtifactCodec codec, string scratch)
    {
        var store = codec.Store;
        string relative;
        switch (input.Kind)
        {
            case ArtifactKind.SpectrumImage:
            {
                var manifest = JsonNode.Parse(store.ReadVerified(input.Hash))!.AsObject();
                var data = ContentHash.Parse(manifest["data"]!.GetValue<string>());
                relative = $"inputs/{name}.npy";
                File.WriteAllBytes(Path.Combine(scratch, relative), store.ReadVerified(data));
                manifest.Remove("data");
                manifest.Remove("kind");
                var axes = Path.Combine(scratch, $"inputs/{name}.axes.json");
                File.WriteAllText(axes, manifest.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                MakeReadOnly(axes);
                break;
            }

            case ArtifactKind.File when input.Path is not null:
                relative = $"inputs/{name}{Path.GetExtension(input.Path)}";
                File.Copy(input.Path, Path.Combine(scratch, relative));
                break;
            default:
                relative = $"inputs/{name}{Extension(input.Kind)}";
                File.WriteAllBytes(Path.Combine(scratch, relative), store.ReadVerified(input.Hash));
                break;
        }

        MakeReadOnly(Path.Combine(scratch, relative));
        return relative;
    }

    /// <summary>The file extension an input of <paramref name="kind"/> is written with.</summary>
    public static string Extension(string kind) => kind switch
    {
        ArtifactKind.NdArray => ".npy",
        ArtifactKind.Table => ".csv",
        ArtifactKind.Json => ".json",
        ArtifactKind.Figure => ".png",
        ArtifactKind.SpectrumImage => ".npy",
        _ => "",
    };

    private static void MakeReadOnly(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            var executable = File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            File.SetUnixFileMode(path, ReadOnly | executable);
        }
        else
        {
            File.SetAttributes(path, FileAttributes.ReadOnly);
        }
    }
}
