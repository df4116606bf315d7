using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Spectral.Preprocessing.Mask;

/// <summary>
/// A navigation mask applied around a decomposition: masked pixels (mask value ≠ 0, HyperSpy's navigation_mask
/// convention) are removed before fitting and get 0 in every per-pixel output afterwards.
/// </summary>
public sealed class NavigationMask
{
    private NavigationMask(int rows, int columns, int[] kept)
    {
        Rows = rows;
        Columns = columns;
        Kept = kept;
    }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Indices (row·cols + col) of the unmasked pixels, ascending.</summary>
    public IReadOnlyList<int> Kept { get; }

    /// <summary>
    /// Reads a (rows, cols) mask for <paramref name="image"/>; throws <see cref="MethodException.InvalidInput"/> on
    /// <paramref name="port"/> when the shape differs, a value is NaN, or every pixel is masked.
    /// </summary>
    public static NavigationMask Of(NdArray mask, SpectrumImage image, string port = "mask")
    {
        ArgumentNullException.ThrowIfNull(mask);
        ArgumentNullException.ThrowIfNull(image);
        var shapeOk = (mask.Rank == 2 && mask.Shape[0] == image.Rows && mask.Shape[1] == image.Columns)
                      || (mask.Rank == 3 && mask.Shape[0] == image.Rows && mask.Shape[1] == image.Columns && mask.Shape[2] == 1);
        if (!shapeOk)
        {
            throw MethodException.InvalidInput(
                port, $"has shape ({string.Join(", ", mask.Shape)}) but the image has {image.Rows} × {image.Columns} pixels; give a (rows, cols) map.");
        }

        var values = mask.ToDoubleArray();
        var kept = new List<int>(values.Length);
        for (var p = 0; p < values.Length; p++)
        {
            if (double.IsNaN(values[p]))
            {
                throw MethodException.InvalidInput(port, $"value at row {p / image.Columns}, column {p % image.Columns} is NaN; a mask holds 0 (keep) or non-zero (exclude).");
            }

            if (values[p] == 0)
            {
                kept.Add(p);
            }
        }

        if (kept.Count == 0)
        {
            throw MethodException.InvalidInput(port, "masks every pixel; nothing is left to decompose.");
        }

        return new NavigationMask(image.Rows, image.Columns, [.. kept]);
    }

    /// <summary>The unmasked pixels as a one-row spectrum image (1, kept, channels) with the same channel axis.</summary>
    public SpectrumImage Select(SpectrumImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var m = image.Channels;
        var source = image.Data.ToDoubleArray();
        var data = new double[Kept.Count * m];
        for (var i = 0; i < Kept.Count; i++)
        {
            Array.Copy(source, (long)Kept[i] * m, data, (long)i * m, m);
        }

        return new SpectrumImage(
            NdArray.Create(data, 1, Kept.Count, m),
            new Axis("row", 1, 0, 1, ""), new Axis("unmasked pixel", Kept.Count, 0, 1, ""), image.ChannelAxis, image.Signal, image.Source);
    }

    /// <summary>
    /// Puts a per-pixel output of the selected image, shape (1, kept[, K]), back on the full (rows, cols[, K]) grid,
    /// 0 at masked pixels. Arrays of any other shape (spectra, curves) are returned unchanged.
    /// </summary>
    public NdArray Scatter(NdArray selected)
    {
        ArgumentNullException.ThrowIfNull(selected);
        if (selected.Rank < 2 || selected.Shape[0] != 1 || selected.Shape[1] != Kept.Count)
        {
            return selected;
        }

        var k = selected.Rank == 3 ? selected.Shape[2] : 1;
        var source = selected.ToDoubleArray();
        var data = new double[Rows * Columns * k];
        for (var i = 0; i < Kept.Count; i++)
        {
            Array.Copy(source, (long)i * k, data, (long)Kept[i] * k, k);
        }

        return selected.Rank == 3 ? NdArray.Create(data, Rows, Columns, k) : NdArray.Create(data, Rows, Columns);
    }
}
