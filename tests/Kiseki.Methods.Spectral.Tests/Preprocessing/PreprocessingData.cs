using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Spectral.Tests.Preprocessing;

internal static class PreprocessingData
{
    public static MethodContext Context => MethodContext.CreateStandalone(3);

    /// <summary>Value = pixel·1000 + channel, axis offset <paramref name="offset"/> and step <paramref name="scale"/> eV.</summary>
    public static SpectrumImage Indexed(int rows, int cols, int channels, double offset = 100, double scale = 0.5)
    {
        var data = new double[rows * cols * channels];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = ((i / channels) * 1000) + (i % channels);
        }

        return new SpectrumImage(
            NdArray.Create(data, rows, cols, channels),
            new Axis("y", rows, 10, 2, "nm"), new Axis("x", cols, 20, 3, "nm"),
            new Axis("Energy loss", channels, offset, scale, "eV"), SignalKind.Eels);
    }

    public static SpectrumImage FromFunction(int rows, int cols, Axis channels, Func<int, double, double> value)
    {
        var data = new double[rows * cols * channels.Size];
        for (var p = 0; p < rows * cols; p++)
        {
            for (var c = 0; c < channels.Size; c++)
            {
                data[(p * channels.Size) + c] = value(p, channels.ValueAt(c));
            }
        }

        return new SpectrumImage(
            NdArray.Create(data, rows, cols, channels.Size),
            new Axis("y", rows, 0, 1, ""), new Axis("x", cols, 0, 1, ""), channels, SignalKind.Eels);
    }
}
