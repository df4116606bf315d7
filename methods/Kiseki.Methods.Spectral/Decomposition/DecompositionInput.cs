using System.Globalization;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Spectral.Decomposition;

/// <summary>
/// The matrix X of a spectrum image for PCA/SVD: the image in memory as float64, or — when the image was left in its
/// file (out of core) and its float64 working copy would exceed <see cref="MethodContext.ArrayMemoryBudget"/> — its
/// rows read from the file chunk by chunk. Both give the decompositions the same bits.
/// </summary>
internal sealed class DecompositionInput : IDisposable
{
    private readonly RowFile? _file;

    private DecompositionInput(SpectrumRows rows, RowFile? file)
    {
        Rows = rows;
        _file = file;
    }

    /// <summary>The rows of X.</summary>
    public SpectrumRows Rows { get; }

    /// <summary>Whether X is read from a file.</summary>
    public bool OutOfCore => _file is not null;

    /// <summary>Opens X of <paramref name="image"/>; empty images are refused, in-memory data are checked for finite values.</summary>
    public static DecompositionInput Open(SpectrumImage image, MethodContext context)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(context);
        if (image is { IsLoaded: false, File: { } file } && !DTypes.IsComplex(image.DType) && image.Pixels > 0 && image.Channels > 0)
        {
            var working = (long)image.Pixels * image.Channels * sizeof(double);
            if (working > context.ArrayMemoryBudget)
            {
                var rows = file.OpenRows();
                context.Log.Info(string.Create(CultureInfo.InvariantCulture,
                    $"image read by rows from its file (out of core): {ImageLoadLog.Gigabytes(working)} GB as float64 is over the " +
                    $"array memory budget of {ImageLoadLog.Gigabytes(context.ArrayMemoryBudget)} GB"));
                return new DecompositionInput(SpectrumRows.FromFile(rows), rows);
            }

            ImageLoadLog.LoadingWhole(image, context, "its float64 working copy fits the array memory budget");
        }

        var x = SpectrumMatrix.From(image);
        return new DecompositionInput(SpectrumRows.FromArray(x.Data, x.Pixels, x.Channels), null);
    }

    public void Dispose() => _file?.Dispose();
}
