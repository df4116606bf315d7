using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Provenance.Export;

/// <summary>One file of a crate: its path inside the crate, SHA-256 and role (<c>data</c>, <c>axes</c>, <c>input</c>, …).</summary>
/// <param name="Path">The relative path (forward slashes).</param>
/// <param name="Sha256">Lower-case hex SHA-256 of its bytes.</param>
/// <param name="Role">What the file holds.</param>
/// <param name="Size">Its size in bytes.</param>
public sealed record CrateFile(string Path, string Sha256, string Role, long Size);

/// <summary>An output artifact written into a crate as standard files.</summary>
/// <param name="Artifact">The artifact hash in the store.</param>
/// <param name="Kind">The artifact kind.</param>
/// <param name="MediaType">The media type of its main file.</param>
/// <param name="Files">Its files: the main one first (the <c>.npy</c> data of a spectrum image, then its axes JSON).</param>
public sealed record CrateOutput(ContentHash Artifact, string Kind, string MediaType, IReadOnlyList<CrateFile> Files);

/// <summary>
/// Copies a run's output artifacts into a crate folder as standard files (<c>.npy</c> that <c>numpy.load</c> opens,
/// <c>.csv</c>, <c>.json</c>, <c>.png</c>; a spectrum image as its data <c>.npy</c> plus its axes JSON), its external
/// inputs (copied or referenced), and the environment records; every file with its SHA-256.
/// </summary>
internal sealed class CrateFiles(ExportedRun export, string directory)
{
    public Dictionary<ContentHash, CrateOutput> Outputs { get; } = [];

    public Dictionary<ContentHash, string> Environments { get; } = [];

    /// <summary>Writes the outputs of a step execution (each artifact once).</summary>
    public void AddOutputs(string stepId, ExecutionRecord execution)
    {
        foreach (var (port, hash) in execution.OutputHashes.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (Outputs.ContainsKey(hash))
            {
                continue;
            }

            var record = export.Store.GetArtifact(hash);
            var kind = record?.Kind ?? ArtifactKind.File;
            var stem = $"outputs/{ExportedRun.SafeName(stepId)}/{ExportedRun.SafeName(port)}";
            var files = new List<CrateFile>();
            var data = export.DataObject(hash, record);
            files.Add(Copy(export.ObjectPath(data), stem + ExportedRun.Extension(kind), "data", $"{stepId}.{port}", hash));
            if (data != hash)
            {
                files.Add(Copy(export.ObjectPath(hash), stem + ".axes.json", "axes", $"{stepId}.{port}", hash));
            }

            Outputs[hash] = new CrateOutput(hash, kind, kind == ArtifactKind.SpectrumImage ? "application/x-npy" : record?.MediaType ?? "application/octet-stream", files);
        }
    }

    /// <summary>Copies an input file into <c>inputs/</c>; returns the crate file.</summary>
    public CrateFile AddInput(CrateInput input)
    {
        var name = input.DeclaredPath is { Length: > 0 } declared ? Path.GetFileName(declared) : input.Name;
        var file = Copy(input.Source!, $"inputs/{ExportedRun.SafeName(input.Name)}/{ExportedRun.SafeName(name)}", "input", input.Name, input.Hash);
        if (file.Sha256 != input.Hash.Hex)
        {
            throw new IOException($"input '{input.Name}' ({input.Source}) no longer hashes to the recorded {input.Hash}; it changed since the run.");
        }

        return file;
    }

    /// <summary>Writes the environment record <paramref name="id"/> as <c>environments/&lt;id&gt;.json</c> (once); returns its path or null.</summary>
    public string? AddEnvironment(ContentHash id)
    {
        if (Environments.TryGetValue(id, out var known))
        {
            return known;
        }

        if (export.Store.GetEnvironment(id) is not { } environment)
        {
            return null;
        }

        var relative = $"environments/{id.Hex[..16]}.json";
        var target = ExportedRun.Inside(directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.WriteAllText(target, environment.ContentJson);
        return Environments[id] = relative;
    }

    /// <summary>The JSON-LD File entity of <paramref name="file"/>.</summary>
    public static JsonObject Entity(CrateFile file, string name, string mediaType, string? description = null) => new()
    {
        ["@id"] = file.Path, ["@type"] = "File", ["name"] = name, ["encodingFormat"] = mediaType,
        ["contentSize"] = file.Size.ToString(CultureInfo.InvariantCulture), ["sha256"] = file.Sha256, ["description"] = description,
    };

    /// <summary>The SHA-256 of a file, lower-case hex.</summary>
    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private CrateFile Copy(string source, string relative, string role, string what, ContentHash artifact)
    {
        if (!File.Exists(source))
        {
            throw new IOException($"{what} ({artifact}) is missing from the store ({source}); run `kiseki verify {export.Run.Id}`.");
        }

        var target = ExportedRun.Inside(directory, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Copy(source, target);
        return new CrateFile(relative, Sha256(target), role, new FileInfo(target).Length);
    }
}
