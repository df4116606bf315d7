using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Provenance.Export;

namespace Kiseki.Engine.Reproduction;

/// <summary>A recorded output of a crate step: its artifact hash, kind and files (main file first).</summary>
public sealed record CrateOutputRecord(ContentHash Artifact, string Kind, IReadOnlyList<CrateFile> Files);

/// <summary>A step of the crate's run as recorded in <c>kiseki-run.json</c>.</summary>
public sealed record CrateStepRecord(
    string Id, string Declared, string Status, string? Method, int? Version, string? StepKey, string? Environment,
    IReadOnlyDictionary<string, string> Inputs, IReadOnlyDictionary<string, CrateOutputRecord> Outputs);

/// <summary>
/// An unpacked Kiseki Workflow Run RO-Crate: checks that it is one (RO-Crate metadata at the root, Kiseki's run record
/// beside it), reads the run record, and reads recorded outputs back from their standard files.
/// </summary>
public sealed class RunCrate
{
    private RunCrate(string directory, string label, JsonObject manifest)
    {
        Directory = directory;
        Label = label;
        Manifest = manifest;
        Run = manifest["run"] as JsonObject ?? throw CrateException.NotKiseki(label, "its run record has no 'run'");
        Steps = [.. (manifest["steps"] as JsonArray ?? []).OfType<JsonObject>().Select(ReadStep)];
    }

    /// <summary>The crate folder.</summary>
    public string Directory { get; }

    /// <summary>How the crate is named in messages (the path the user gave).</summary>
    public string Label { get; }

    /// <summary>The run record (<c>kiseki-run.json</c>).</summary>
    public JsonObject Manifest { get; }

    /// <summary>Its <c>run</c> section.</summary>
    public JsonObject Run { get; }

    /// <summary>The recorded steps.</summary>
    public IReadOnlyList<CrateStepRecord> Steps { get; }

    /// <summary>The recorded run id.</summary>
    public string RunId => Text(Run, "id") ?? "unknown";

    /// <summary>Opens the crate in <paramref name="directory"/>, checking that Kiseki wrote it.</summary>
    public static RunCrate Open(string directory, string label)
    {
        var metadata = Path.Combine(directory, "ro-crate-metadata.json");
        if (!File.Exists(metadata))
        {
            throw CrateException.NotACrate(label);
        }

        var graph = Parse(metadata, label)?["@graph"] as JsonArray ?? throw CrateException.NotACrate(label);
        var root = graph.OfType<JsonObject>().FirstOrDefault(e => Text(e, "@id") == "./");
        var parts = root?["hasPart"] is JsonArray a ? a.OfType<JsonObject>().Select(p => Text(p, "@id")).ToList() : [];
        var manifestPath = Path.Combine(directory, CrateRunManifest.FileName);
        if (!parts.Contains(CrateRunManifest.FileName) || !File.Exists(manifestPath))
        {
            throw CrateException.NotKiseki(label, $"no {CrateRunManifest.FileName} among its parts");
        }

        var manifest = Parse(manifestPath, label) as JsonObject;
        if (manifest is null || Text(manifest, "format") != CrateRunManifest.Format)
        {
            throw CrateException.NotKiseki(label, $"{CrateRunManifest.FileName} is not in the format {CrateRunManifest.Format}");
        }

        return new RunCrate(directory, label, manifest);
    }

    /// <summary>The full path of a crate file, refusing paths that leave the crate.</summary>
    public string PathOf(string relative)
    {
        var root = Path.GetFullPath(Directory) + Path.DirectorySeparatorChar;
        var full = Path.GetFullPath(Path.Combine(Directory, relative));
        return full.StartsWith(root, StringComparison.Ordinal)
            ? full
            : throw CrateException.NotKiseki(Label, $"the file '{relative}' it names lies outside the crate");
    }

    /// <summary>Reads a crate file and checks it against its recorded SHA-256; throws <see cref="CrateException"/> on mismatch.</summary>
    public byte[] ReadVerified(string relative, string sha256)
    {
        var path = PathOf(relative);
        if (!File.Exists(path))
        {
            throw CrateException.NotKiseki(Label, $"the file '{relative}' it names is missing");
        }

        var bytes = File.ReadAllBytes(path);
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        return actual == sha256 ? bytes : throw CrateException.HashMismatch(Label, relative, sha256, actual);
    }

    /// <summary>Reads a recorded output back as an artifact; a file not matching its SHA-256 gives a problem text instead of data trust.</summary>
    public OutputSide Side(CrateOutputRecord output)
    {
        string? problem = null;
        foreach (var file in output.Files)
        {
            try
            {
                ReadVerified(file.Path, file.Sha256);
            }
            catch (CrateException)
            {
                problem = $"the crate's {file.Path} does not match its recorded SHA-256 (altered or damaged)";
            }
        }

        return new OutputSide(output.Artifact, () => Load(output), problem);
    }

    /// <summary>A string property of a JSON object, or null.</summary>
    public static string? Text(JsonObject? o, string key) => o?[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private IArtifact Load(CrateOutputRecord output)
    {
        var main = File.ReadAllBytes(PathOf(output.Files[0].Path));
        return output.Kind switch
        {
            ArtifactKind.NdArray => NpyFormat.Read(main),
            ArtifactKind.SpectrumImage => ArtifactCodec.SpectrumImageFrom(
                JsonNode.Parse(File.ReadAllBytes(PathOf(output.Files.First(f => f.Role == "axes").Path)))!.AsObject(), NpyFormat.Read(main)),
            ArtifactKind.Table => Table.ParseCsv(Encoding.UTF8.GetString(main), output.Files[0].Path),
            ArtifactKind.Figure => new Figure(main),
            ArtifactKind.Json => new JsonArtifact(JsonNode.Parse(main) ?? throw ArtifactDataErrors.JsonNull(output.Files[0].Path)),
            _ => throw ArtifactDataErrors.HashOnly(output.Kind),
        };
    }

    private static CrateStepRecord ReadStep(JsonObject s)
    {
        var inputs = (s["inputs"] as JsonObject ?? []).ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? "", StringComparer.Ordinal);
        var outputs = new Dictionary<string, CrateOutputRecord>(StringComparer.Ordinal);
        foreach (var (port, node) in s["outputs"] as JsonObject ?? [])
        {
            if (node is JsonObject o && ContentHash.TryParse(Text(o, "artifact") ?? "", out var hash))
            {
                var files = (o["files"] as JsonArray ?? []).OfType<JsonObject>()
                    .Select(f => new CrateFile(Text(f, "path") ?? "", Text(f, "sha256") ?? "", Text(f, "role") ?? "data", 0)).ToList();
                if (files.Count > 0)
                {
                    outputs[port] = new CrateOutputRecord(hash, Text(o, "kind") ?? ArtifactKind.File, files);
                }
            }
        }

        return new CrateStepRecord(
            Text(s, "id") ?? "", Text(s, "declared") ?? Text(s, "id") ?? "", Text(s, "status") ?? "", Text(s, "method"),
            s["version"] is JsonValue v && v.TryGetValue<int>(out var version) ? version : null, Text(s, "step_key"), Text(s, "environment"), inputs, outputs);
    }

    private static JsonNode? Parse(string path, string label)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw CrateException.NotKiseki(label, $"{Path.GetFileName(path)} is not valid JSON: {e.Message}");
        }
    }
}
