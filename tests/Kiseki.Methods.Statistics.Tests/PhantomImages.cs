using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Synthetic;

namespace Kiseki.Methods.Statistics.Tests;

/// <summary>Seeded phantoms with known component counts for the count tests.</summary>
internal static class PhantomImages
{
    public static (SpectrumImage Image, Phantom Phantom) Make(
        int components, double counts, ulong seed, int rows = 32, int cols = 32, int channels = 128)
    {
        var options = new PhantomOptions
        {
            Rows = rows, Cols = cols, Channels = channels, Components = components, Counts = counts,
        };
        var phantom = PhantomGenerator.Generate(options, new Xoshiro256StarStar(seed));
        var image = SpectrumImage.FromArray(NdArray.Create(phantom.Data, rows, cols, channels), SignalKind.Eels);
        return (image, phantom);
    }
}
