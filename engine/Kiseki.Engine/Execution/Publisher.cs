using System.Text.Json;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Engine.Artifacts;
using Kiseki.Engine.Definitions;

namespace Kiseki.Engine.Execution;

/// <summary>
/// Materialises a run's <c>publish</c> entries as files in <c>results/&lt;run-id&gt;/</c>: independent copies of the
/// objects with proper extensions (a spectrum image becomes <c>name.npy</c> plus <c>name.axes.json</c>). A copy, never a
/// hard link: editing a published file must not change the store's object or another run's results. .NET's
/// <see cref="File.Copy(string, string, bool)"/> clones the file (a reflink, sharing no writable block) where the file
/// system can, and copies its bytes otherwise. The object is verified against its hash first (see
/// <see cref="ObjectStore.TryVerify"/>), so damaged bytes are never published.
/// </summary>
public sealed class Publisher(ArtifactCodec codec)
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Publishes what is available; returns the files written. Entries whose step did not succeed are listed in <paramref name="missing"/>.</summary>
    public IReadOnlyList<string> Publish(
        IReadOnlyList<PublishEntry> entries, IReadOnlyDictionary<string, (ContentHash Hash, string Kind)> outputs, string directory,
        out IReadOnlyList<string> missing)
    {
        var written = new List<string>();
        var absent = new List<string>();
        foreach (var entry in entries)
        {
            if (!outputs.TryGetValue($"{entry.StepId}\0{entry.Port}", out var output))
            {
                absent.Add($"{entry.Name} ({entry.StepId}.outputs.{entry.Port})");
                continue;
            }

            Directory.CreateDirectory(directory);
            var name = SafeName(entry.Name);
            switch (output.Kind)
            {
                case ArtifactKind.SpectrumImage:
                {
                    var manifest = JsonNode.Parse(codec.Store.ReadVerified(output.Hash))!.AsObject();
                    var data = ContentHash.Parse(manifest["data"]!.GetValue<string>());
                    written.Add(Materialise(data, Path.Combine(directory, name + ".npy")));
                    manifest.Remove("data");
                    manifest["data_file"] = name + ".npy";
                    var axes = Path.Combine(directory, name + ".axes.json");
                    File.WriteAllText(axes, manifest.ToJsonString(Indented));
                    written.Add(axes);
                    break;
                }

                default:
                    written.Add(Materialise(output.Hash, Path.Combine(directory, name + Extension(output.Kind))));
                    break;
            }
        }

        missing = absent;
        return written;
    }

    /// <summary>The published file extension of an artifact kind.</summary>
    public static string Extension(string kind) => kind switch
    {
        ArtifactKind.NdArray or ArtifactKind.SpectrumImage => ".npy",
        ArtifactKind.Table => ".csv",
        ArtifactKind.Figure => ".png",
        ArtifactKind.Json => ".json",
        _ => "",
    };

    private string Materialise(ContentHash hash, string target)
    {
        var source = codec.Store.PathOf(hash);
        if (!codec.Store.TryVerify(hash, out var problem))
        {
            throw new InvalidDataException(problem);
        }

        if (File.Exists(target) || new FileInfo(target).LinkTarget is not null)
        {
            File.Delete(target);
        }

        File.Copy(source, target, overwrite: true);
        return target;
    }

    private static string SafeName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var safe = new string([.. name.Select(c => invalid.Contains(c) || c is '/' or '\\' ? '_' : c)]);
        return safe.Length == 0 || safe.All(c => c == '.') ? "_" + safe : safe;
    }
}
