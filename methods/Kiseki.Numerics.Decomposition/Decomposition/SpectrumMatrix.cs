using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Spectral.Decomposition;

/// <summary>
/// A spectrum image viewed as the matrix X (pixels × channels), pixel p = row·cols + col (C order), channel fastest.
/// </summary>
public sealed class SpectrumMatrix
{
    private SpectrumMatrix(double[] data, int pixels, int channels)
    {
        Data = data;
        Pixels = pixels;
        Channels = channels;
    }

    /// <summary>Row-major values, length <see cref="Pixels"/> · <see cref="Channels"/>.</summary>
    public double[] Data { get; }

    public int Pixels { get; }

    public int Channels { get; }

    /// <summary>Reads the image as float64 and refuses empty images and non-finite values with a message naming the port.</summary>
    public static SpectrumMatrix From(SpectrumImage image, string port = "image")
    {
        ArgumentNullException.ThrowIfNull(image);
        if (image.Pixels == 0 || image.Channels == 0)
        {
            throw MethodException.InvalidInput(port, $"the spectrum image is empty ({image.Rows}×{image.Columns}×{image.Channels}).");
        }

        var data = image.Data.ToDoubleArray();
        for (var i = 0; i < data.Length; i++)
        {
            if (!double.IsFinite(data[i]))
            {
                throw NonFinite(port, data[i], i, image.Columns, image.Channels);
            }
        }

        return new SpectrumMatrix(data, image.Pixels, image.Channels);
    }

    /// <summary>The error for a NaN/±∞ at flat index <paramref name="index"/> (pixel·channels + channel) of an image.</summary>
    public static MethodException NonFinite(string port, double value, long index, int columns, int channels)
    {
        var pixel = index / channels;
        return MethodException.InvalidInput(
            port,
            $"value {value} at row {pixel / columns}, column {pixel % columns}, channel {index % channels}; " +
            "decomposition needs finite data (replace or crop away NaN/Inf first).");
    }
}
