using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Methods.Io.Formats;

namespace Kiseki.Methods.Io.Dm;

/// <summary>
/// Reads the spectrum image, spectrum or image of a DM3/DM4 file. Thumbnails are skipped; among the other
/// <c>ImageList</c> entries one whose <c>ImageTags/Meta Data/Format</c> says spectrum image (then spectrum) wins,
/// then one with a spectral unit, then the first. Axis order: DM dimensions [n0, n1, n2] have n0 fastest, so a 3-D
/// array [x, y, E] is band-sequential (E, y, x) in C order and is transposed while streaming into (y, x, E); a 2-D
/// array is a line scan when one axis has spectral units or metadata says spectrum (that axis becomes the channels),
/// otherwise an image (y, x, 1); a 1-D array is one spectrum. Calibration: offset = −origin × scale.
/// </summary>
internal static class DmReader
{
    private static readonly string[] EnergyUnits = ["ev", "kev", "mev"];

    public static SpectrumImage Read(string path, ReadOptions options)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var (root, parser) = DmTagParser.Parse(stream, path);
        var list = root.Group("ImageList")
                   ?? throw FileFormatException.AtKey(path, "ImageList", "missing; expected the list of images");
        var thumbnails = (root.Group("Thumbnails")?.Entries ?? [])
            .Select(e => ((e.Value as DmGroup)?["ImageIndex"] as DmValue)?.AsDouble())
            .Where(v => v is not null).Select(v => (int)v!.Value).ToHashSet();
        var index = options.DmEntry ?? Choose(list, thumbnails);
        if (index < 0 || index >= list.Entries.Count || list.Entries[index].Value is not DmGroup entry)
        {
            throw FileFormatException.AtKey(path, "ImageList", $"entry {index} does not exist; the file has {list.Entries.Count} entries (0..{list.Entries.Count - 1})");
        }

        var image = DmImage.From(entry, index, path);
        using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        var source = DmMetadata.Describe(root, parser, entry, index, thumbnails, image);
        return Build(image, handle, path, !parser.LittleEndian, source);
    }

    private static int Choose(DmGroup list, HashSet<int> thumbnails)
    {
        var candidates = Enumerable.Range(0, list.Entries.Count)
            .Where(i => !thumbnails.Contains(i) && list.Entries[i].Value is DmGroup g && g.Find("ImageData/Data") is DmArray)
            .ToList();
        if (candidates.Count == 0)
        {
            return list.Entries.Count - 1;
        }

        int? Rank(int i)
        {
            var g = (DmGroup)list.Entries[i].Value;
            var format = (g.Find("ImageTags/Meta Data/Format") as DmArray)?.Text?.Trim().ToLowerInvariant();
            if (format == "spectrum image" || g.Find("ImageTags/spim") is not null)
            {
                return 0;
            }

            if (format == "spectrum")
            {
                return 1;
            }

            return DmImage.Calibrations(g).Any(c => IsSpectralUnit(c.Units)) ? 2 : 3;
        }

        return candidates.OrderBy(i => Rank(i)).First();
    }

    public static bool IsEnergyUnit(string units) => EnergyUnits.Contains(units.Trim().ToLowerInvariant());

    public static bool IsSpectralUnit(string units) => IsEnergyUnit(units) || units.Trim() == "nm";

    private static SpectrumImage Build(DmImage image, Microsoft.Win32.SafeHandles.SafeFileHandle handle, string path, bool bigEndian, JsonObject source)
    {
        var dims = image.Dimensions;
        var cal = image.Axes;
        var type = image.Type;
        Array data;
        int rows, cols, channels;
        Axis rowAxis, colAxis, chanAxis;
        var signal = image.Signal;
        switch (dims.Length)
        {
            case 1:
                data = ArrayCodec.ReadFile(handle, path, image.DataOffset, type, dims[0], bigEndian);
                (rows, cols, channels) = (1, 1, dims[0]);
                (rowAxis, colAxis, chanAxis) = (Unit("y"), Unit("x"), cal[0]);
                break;
            case 2:
                var spectralAxis = SpectralAxisOf2D(image);
                if (spectralAxis < 0)
                {
                    data = ArrayCodec.ReadFile(handle, path, image.DataOffset, type, (long)dims[0] * dims[1], bigEndian);
                    (rows, cols, channels) = (dims[1], dims[0], 1);
                    (rowAxis, colAxis, chanAxis) = (cal[1], cal[0], Unit("channel"));
                    signal = signal == SignalKind.Unknown ? SignalKind.Image : signal;
                }
                else if (spectralAxis == 0)
                {
                    data = ArrayCodec.ReadFile(handle, path, image.DataOffset, type, (long)dims[0] * dims[1], bigEndian);
                    (rows, cols, channels) = (1, dims[1], dims[0]);
                    (rowAxis, colAxis, chanAxis) = (Unit("y"), cal[1], cal[0]);
                }
                else
                {
                    data = ArrayCodec.ReadFileTransposed(handle, path, image.DataOffset, type, dims[1], dims[0], bigEndian);
                    (rows, cols, channels) = (1, dims[0], dims[1]);
                    (rowAxis, colAxis, chanAxis) = (Unit("y"), cal[0], cal[1]);
                }

                break;
            case 3:
                data = ArrayCodec.ReadFileTransposed(handle, path, image.DataOffset, type, dims[2], (long)dims[0] * dims[1], bigEndian);
                (rows, cols, channels) = (dims[1], dims[0], dims[2]);
                (rowAxis, colAxis, chanAxis) = (cal[1], cal[0], cal[2]);
                if (signal == SignalKind.Unknown && !image.IsSpectral && !IsSpectralUnit(cal[2].Units))
                {
                    signal = SignalKind.Image;
                }

                break;
            default:
                throw FileFormatException.AtKey(path, "ImageData/Dimensions", $"{dims.Length} dimensions; expected 1, 2 or 3");
        }

        var array = ArrayLayout.Create(data, type, [rows, cols, channels]);
        return new SpectrumImage(array, rowAxis with { Size = rows }, colAxis with { Size = cols }, chanAxis with { Size = channels }, signal, source);
    }

    /// <summary>−1 for an image; else the DM dimension (0 or 1) that is spectral.</summary>
    private static int SpectralAxisOf2D(DmImage image)
    {
        if (IsEnergyUnit(image.Axes[0].Units))
        {
            return 0;
        }

        if (IsEnergyUnit(image.Axes[1].Units))
        {
            return 1;
        }

        if (!image.IsSpectral)
        {
            return -1;
        }

        return image.Axes[1].Units.Trim() == "nm" && image.Axes[0].Units.Trim() != "nm" ? 1 : 0;
    }

    private static Axis Unit(string name) => new(name, 1, 0, 1, "");
}
