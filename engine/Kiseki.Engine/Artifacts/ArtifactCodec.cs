using System.Text;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Engine.Hashing;

namespace Kiseki.Engine.Artifacts;

/// <summary>
/// Encodes artifacts into the object store and decodes them back from their hashes. NdArray → <c>.npy</c> blob;
/// SpectrumImage → canonical JSON manifest <c>{kind, data, axes, signal, source}</c> + <c>.npy</c> blob; Table → CSV;
/// Figure → PNG; JsonArtifact → canonical JSON; FileArtifact → the file's bytes (hash = file hash).
/// Arrays stream to and from their files (hashed on the way, never buffered whole); an array this codec stored or read
/// is handed out again while it is still alive in this process (<see cref="RecentArrays"/>).
/// </summary>
public sealed class ArtifactCodec(ObjectStore store)
{
    private readonly RecentArrays _recent = new();

    /// <summary>Media type of an array blob.</summary>
    public const string NpyMediaType = "application/x-npy";

    /// <summary>Media type of a spectrum-image manifest.</summary>
    public const string SpectrumImageMediaType = "application/vnd.kiseki.spectrum-image+json";

    /// <summary>The store artifacts are written to and read from.</summary>
    public ObjectStore Store => store;

    /// <summary>Writes <paramref name="artifact"/> to the store.</summary>
    public StoredArtifact Encode(IArtifact artifact)
    {
        switch (artifact)
        {
            case NdArray array:
            {
                var (hash, length) = PutArray(array);
                return new StoredArtifact(hash, ArtifactKind.NdArray, NpyMediaType, length, [.. array.Shape], DTypes.Name(array.DType), [hash]);
            }

            case SpectrumImage image:
            {
                var (data, dataLength) = image is { IsLoaded: false, File: { } file } ? PutRows(file, image) : PutArray(image.Data);
                var manifest = CanonicalJson.Serialize(Manifest(image, data));
                var hash = store.Put(manifest);
                return new StoredArtifact(
                    hash, ArtifactKind.SpectrumImage, SpectrumImageMediaType, manifest.Length + dataLength,
                    [image.Rows, image.Columns, image.Channels], DTypes.Name(image.DType), [hash, data]);
            }

            case Table table:
                return Blob(Encoding.UTF8.GetBytes(table.ToCsv()), ArtifactKind.Table, "text/csv");
            case Figure figure:
                return Blob(figure.Png, ArtifactKind.Figure, "image/png");
            case JsonArtifact json:
                return Blob(CanonicalJson.Serialize(json.Value), ArtifactKind.Json, "application/json");
            case FileArtifact file:
            {
                var hash = store.Contains(file.Hash) ? file.Hash : store.PutFile(file.Path);
                return new StoredArtifact(hash, ArtifactKind.File, "application/octet-stream", file.Length, null, null, [hash]);
            }

            default:
                throw new ArgumentException($"Cannot store an artifact of kind '{artifact.Kind}'.", nameof(artifact));
        }
    }

    /// <summary>Reads the artifact of <paramref name="kind"/> with identity <paramref name="hash"/>, verifying every object read.</summary>
    public IArtifact Decode(ContentHash hash, string kind)
    {
        switch (kind)
        {
            case ArtifactKind.NdArray:
                return ReadArray(hash);
            case ArtifactKind.SpectrumImage:
                return DecodeSpectrumImage(hash);
            case ArtifactKind.Table:
                return Table.ParseCsv(Encoding.UTF8.GetString(store.ReadVerified(hash)), hash.ToString());
            case ArtifactKind.Figure:
                return new Figure(store.ReadVerified(hash));
            case ArtifactKind.Json:
                return new JsonArtifact(JsonNode.Parse(store.ReadVerified(hash))
                                        ?? throw ArtifactDataErrors.JsonNull($"object {hash}"));
            case ArtifactKind.File:
            {
                if (!store.TryVerify(hash, out var problem))
                {
                    throw ArtifactDataErrors.Invalid(problem ?? $"object {hash} failed verification");
                }

                var path = store.PathOf(hash);
                return new FileArtifact(path, hash, new FileInfo(path).Length);
            }

            default:
                throw new ArgumentException($"Unknown artifact kind '{kind}'.", nameof(kind));
        }
    }

    /// <summary>Every object a stored artifact of <paramref name="kind"/> needs (the manifest plus the blobs it names).</summary>
    public IReadOnlyList<ContentHash> ObjectsOf(ContentHash hash, string kind)
    {
        if (kind != ArtifactKind.SpectrumImage)
        {
            return [hash];
        }

        var manifest = JsonNode.Parse(store.ReadVerified(hash))!.AsObject();
        return [hash, ContentHash.Parse(manifest["data"]!.GetValue<string>())];
    }

    /// <summary>The axes/metadata JSON written next to a published spectrum image (its manifest without the blob reference).</summary>
    public static JsonObject Manifest(SpectrumImage image, ContentHash data)
    {
        var axes = new JsonArray();
        foreach (var axis in image.Axes)
        {
            axes.Add(new JsonObject
            {
                ["name"] = axis.Name,
                ["size"] = (long)axis.Size,
                ["offset"] = axis.Offset,
                ["scale"] = axis.Scale,
                ["units"] = axis.Units,
            });
        }

        return new JsonObject
        {
            ["kind"] = ArtifactKind.SpectrumImage,
            ["data"] = data.ToString(),
            ["axes"] = axes,
            ["signal"] = Names.ToKebabCase(image.Signal.ToString()),
            ["source"] = image.Source.DeepClone(),
        };
    }

    // Arrays are written straight from their elements to the store (hashed on the way) and remembered, so a later
    // step of the same run reads the very array instead of a second copy while the first still lives.
    private (ContentHash Hash, long Length) PutArray(NdArray array)
    {
        var (hash, length) = store.PutStreamed(stream => NpyFormat.Write(stream, array));
        _recent.Remember(hash, array);
        return (hash, length);
    }

    // An image left in a file (out of core) is copied into the store a few MiB at a time: the same .npy bytes as the
    // loaded array would give (header of the (rows, cols, channels) shape, little-endian elements), never whole in memory.
    private (ContentHash Hash, long Length) PutRows(ArrayFile file, SpectrumImage image)
        => store.PutStreamed(stream =>
        {
            using var rows = file.OpenRows();
            stream.Write(NpyHeader.Encode(image.DType, [image.Rows, image.Columns, image.Channels]));
            rows.CopyElementsTo(stream);
        });

    private NdArray ReadArray(ContentHash hash)
    {
        if (_recent.Recall(hash) is { } array)
        {
            return array;
        }

        array = store.ReadVerified(hash, NpyFormat.Read);
        _recent.Remember(hash, array);
        return array;
    }

    private StoredArtifact Blob(byte[] bytes, string kind, string mediaType)
    {
        var hash = store.Put(bytes);
        return new StoredArtifact(hash, kind, mediaType, bytes.Length, null, null, [hash]);
    }

    private SpectrumImage DecodeSpectrumImage(ContentHash hash)
    {
        var manifest = JsonNode.Parse(store.ReadVerified(hash))?.AsObject()
                       ?? throw ArtifactDataErrors.NotAManifest($"object {hash}");
        var dataHash = ContentHash.Parse(manifest["data"]!.GetValue<string>());
        if (_recent.Recall(dataHash) is null && StoredRows(dataHash) is { } file)
        {
            var (axes, signal, source) = ManifestParts(manifest, hash.ToString());
            return new SpectrumImage(file, axes[0], axes[1], axes[2], signal, source);
        }

        return SpectrumImageFrom(manifest, ReadArray(dataHash), hash.ToString());
    }

    // A stored (rows, cols, channels) C-order array left in its object file: methods that stream read it by rows
    // (verified against its hash before the first row is read), the others load it whole (verified while read) on first
    // use. Null when the header is not such an array: then it is read whole now, which reports what is wrong.
    private ArrayFile? StoredRows(ContentHash hash)
    {
        var path = store.PathOf(hash);
        NpyHeader header;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
            header = NpyHeader.Read(stream);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or OverflowException)
        {
            return null;
        }

        if (header.Shape.Length != 3 || header.FortranOrder || DTypes.IsComplex(header.Type))
        {
            return null;
        }

        return new ArrayFile(
            path, header.Type, header.Shape,
            () => store.TryVerify(hash, out var problem) ? RowFile.OpenNpy(path) : throw ArtifactDataErrors.Invalid(problem ?? $"object {hash} failed verification"),
            () => ReadArray(hash));
    }

    /// <summary>A spectrum image from its manifest (axes, signal, source) and its data array.</summary>
    public static SpectrumImage SpectrumImageFrom(JsonObject manifest, NdArray data, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var (axes, signal, source) = ManifestParts(manifest, name ?? "manifest");
        return new SpectrumImage(data, axes[0], axes[1], axes[2], signal, source);
    }

    private static (Axis[] Axes, SignalKind Signal, JsonObject Source) ManifestParts(JsonObject manifest, string hash)
    {
        var axes = manifest["axes"]!.AsArray().Select(a => new Axis(
            a!["name"]!.GetValue<string>(), a["size"]!.GetValue<int>(), a["offset"]!.GetValue<double>(),
            a["scale"]!.GetValue<double>(), a["units"]!.GetValue<string>())).ToArray();
        if (axes.Length != 3)
        {
            throw ArtifactDataErrors.ManifestAxes(hash.ToString(), axes.Length);
        }

        var signalName = manifest["signal"]!.GetValue<string>();
        var signal = Enum.GetValues<SignalKind>().FirstOrDefault(s => Names.ToKebabCase(s.ToString()) == signalName);
        var source = manifest["source"] as JsonObject ?? [];
        return (axes, signal, (JsonObject)source.DeepClone());
    }
}
