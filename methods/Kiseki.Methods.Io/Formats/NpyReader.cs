using System.IO.Compression;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Methods.Io.Formats;

/// <summary>NumPy <c>.npy</c> and <c>.npz</c> (stored or deflated zip of <c>.npy</c> members).</summary>
internal static class NpyReader
{
    /// <summary>Largest ratio of decompressed to compressed size deflate can reach (about 1032:1).</summary>
    private const long MaxDeflateRatio = 1100;

    public static NdArray ReadArray(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return ReadNpy(stream, path, "");
    }

    public static SpectrumImage ReadNpy(string path, ReadOptions options)
    {
        var array = ReadArray(path);
        var source = new JsonObject { ["format"] = "npy", ["shape"] = Shape(array) };
        return ArrayLayout.ToSpectrumImage(array, options.ChannelsFirst, null, SignalKind.Unknown, source, path);
    }

    /// <summary>
    /// A C-order <c>.npy</c> left in its file (out of core) with the layout, axes and source <see cref="ReadNpy(string, ReadOptions)"/> gives;
    /// null when the array cannot be read by rows (channels first, complex, Fortran order, rank outside 1–3).
    /// </summary>
    public static SpectrumImage? OpenOutOfCore(string path, ReadOptions options)
    {
        if (options.ChannelsFirst)
        {
            return null;
        }

        NpyHeader header;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096))
        {
            header = ReadHeader(stream, path);
        }

        if (ArrayLayout.Plan(header.Shape, null) is not { } plan || DTypes.IsComplex(header.Type)
            || (header.FortranOrder && header.Shape.Count(d => d > 1) > 1))
        {
            return null;
        }

        var (layout, rows, cols, channels) = plan;

        var file = new ArrayFile(path, header.Type, layout, () => OpenRows(path), () => ReadArray(path).Reshape(layout));
        using (file.OpenRows())
        {
        }

        var source = new JsonObject { ["format"] = "npy", ["shape"] = new JsonArray([.. header.Shape.Select(d => (JsonNode?)d)]) };
        return new SpectrumImage(file, rows, cols, channels, SignalKind.Unknown, source);
    }

    private static RowFile OpenRows(string path)
    {
        try
        {
            return RowFile.OpenNpy(path);
        }
        catch (InvalidDataException e)
        {
            throw FileFormatException.Whole(path, e.Message.StartsWith(path, StringComparison.Ordinal) ? e.Message[(path.Length + 2)..] : e.Message, e);
        }
    }

    private static NpyHeader ReadHeader(Stream stream, string path)
    {
        try
        {
            return NpyHeader.Read(stream);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or OverflowException or EndOfStreamException or FormatException)
        {
            throw FileFormatException.Whole(path, ex.Message, ex);
        }
    }

    public static SpectrumImage ReadNpz(string path, ReadOptions options)
    {
        var members = ReadNpzMembers(path);
        if (members.Count == 0)
        {
            throw FileFormatException.Whole(path, "the .npz archive holds no .npy member; expected at least one array");
        }

        NdArray chosen;
        string name;
        if (options.ArrayName is { } wanted)
        {
            if (!members.TryGetValue(wanted, out chosen!))
            {
                throw FileFormatException.AtKey(path, wanted, $"no such array; the archive holds {string.Join(", ", members.Keys)}");
            }

            name = wanted;
        }
        else
        {
            (name, chosen) = members.OrderByDescending(m => m.Value.Length).First();
        }

        var source = new JsonObject
        {
            ["format"] = "npz",
            ["array"] = name,
            ["members"] = new JsonObject(members.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)Shape(m.Value)))),
        };
        var image = ArrayLayout.ToSpectrumImage(chosen, options.ChannelsFirst, null, SignalKind.Unknown, source, path);
        return WithLinearAxis(image, members, name);
    }

    /// <summary>All <c>.npy</c> members by name (without the extension), in archive order.</summary>
    public static Dictionary<string, NdArray> ReadNpzMembers(string path)
    {
        var result = new Dictionary<string, NdArray>(StringComparer.Ordinal);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            foreach (var entry in zip.Entries.Take(10_000))
            {
                if (!entry.FullName.EndsWith(".npy", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var declared = entry.Length;
                if (declared < 0 || declared > Math.Min(Array.MaxLength * 16L, Math.Max(1, entry.CompressedLength) * MaxDeflateRatio))
                {
                    throw FileFormatException.AtKey(path, entry.FullName, $"declared size {declared} bytes is absurd for {entry.CompressedLength} compressed bytes");
                }

                using var raw = entry.Open();
                using var bounded = new DeclaredLengthStream(raw, declared);
                var name = entry.FullName[..^4];
                result[name] = ReadNpy(bounded, path, entry.FullName);
            }
        }
        catch (InvalidDataException ex)
        {
            throw FileFormatException.Whole(path, $"not a readable zip archive ({ex.Message}); expected a NumPy .npz", ex);
        }

        return result;
    }

    private static NdArray ReadNpy(Stream stream, string path, string member)
    {
        try
        {
            return NpyFormat.Read(stream);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or OverflowException or EndOfStreamException or FormatException)
        {
            var where = member.Length == 0 ? "" : $"member '{member}': ";
            throw FileFormatException.Whole(path, $"{where}{ex.Message}", ex);
        }
    }

    private static JsonArray Shape(NdArray array) => new([.. array.Shape.Select(d => (JsonNode?)d)]);

    /// <summary>When a 1-D member has one value per channel and is evenly spaced, it calibrates the channel axis.</summary>
    private static SpectrumImage WithLinearAxis(SpectrumImage image, Dictionary<string, NdArray> members, string chosen)
    {
        foreach (var (name, array) in members)
        {
            if (name == chosen || array.Rank != 1 || array.Length != image.Channels || array.Length < 2 || DTypes.IsComplex(array.DType))
            {
                continue;
            }

            var first = array.GetDouble(0);
            var step = (array.GetDouble(array.Length - 1) - first) / (array.Length - 1);
            var linear = step != 0 && double.IsFinite(step);
            for (long i = 0; linear && i < array.Length; i++)
            {
                linear = Math.Abs(array.GetDouble(i) - (first + (i * step))) <= 1e-9 * Math.Max(1, Math.Abs(step) * array.Length);
            }

            if (linear)
            {
                return image.WithData(image.Data, image.ChannelAxis with { Name = name, Offset = first, Scale = step });
            }
        }

        return image;
    }
}
