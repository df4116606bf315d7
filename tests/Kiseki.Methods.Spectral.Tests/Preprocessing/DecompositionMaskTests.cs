using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Decomposition.Pca;
using Kiseki.Methods.Spectral.Decomposition.Svd;
using Kiseki.Methods.Spectral.Tests.Decomposition;

namespace Kiseki.Methods.Spectral.Tests.Preprocessing;

public sealed class DecompositionMaskTests
{
    private const int Rows = 6, Cols = 5, Channels = 7, K = 3;

    /// <summary>Pixels 0–4 (row 0), 12 and 29 masked.</summary>
    private static readonly int[] Masked = [0, 1, 2, 3, 4, 12, 29];

    private static NdArray Mask()
    {
        var mask = new byte[Rows * Cols];
        foreach (var p in Masked)
        {
            mask[p] = 1;
        }

        return NdArray.Create(mask, Rows, Cols);
    }

    private static int[] Kept => [.. Enumerable.Range(0, Rows * Cols).Except(Masked)];

    /// <summary>Random data with the masked pixels overwritten by a large spike train.</summary>
    private static double[] Data()
    {
        var x = DecompositionData.Random(Rows * Cols * Channels, 21);
        foreach (var p in Masked)
        {
            for (var c = 0; c < Channels; c++)
            {
                x[(p * Channels) + c] = c % 3 == 0 ? 500 : 0;
            }
        }

        return x;
    }

    /// <summary>Only the unmasked pixels, as a one-row image (1, kept, channels).</summary>
    private static double[] KeptData(double[] x) =>
        [.. Kept.SelectMany(p => x.Skip(p * Channels).Take(Channels))];

    private static MethodContext Context => MethodContext.CreateStandalone(1, 2);

    /// <summary>Maps (rows, cols, K) at the kept pixels must equal <paramref name="subset"/>; masked pixels 0.</summary>
    private static void AssertScattered(double[] full, double[] subset)
    {
        var kept = Kept;
        for (var i = 0; i < kept.Length; i++)
        {
            for (var j = 0; j < K; j++)
            {
                Assert.Equal(subset[(i * K) + j], full[(kept[i] * K) + j]);
            }
        }

        foreach (var p in Masked)
        {
            Assert.All(full.Skip(p * K).Take(K), v => Assert.Equal(0, v));
        }
    }

    [Fact]
    public async Task Pca_Mask_EqualsPcaOfUnmaskedPixelsAndMapsZeroAtMasked()
    {
        var x = Data();
        var p = new PcaParameters { Components = K };
        var masked = await new PcaMethod().RunAsync(
            new PcaInputs { Image = DecompositionData.Image(x, Rows, Cols, Channels), Mask = Mask() }, p, Context, default);
        var subset = await new PcaMethod().RunAsync(
            new PcaInputs { Image = DecompositionData.Image(KeptData(x), 1, Kept.Length, Channels) }, p, Context, default);

        Assert.Equal(subset.Outputs.Spectra.GetData<double>(), masked.Outputs.Spectra.GetData<double>());
        Assert.Equal(subset.Outputs.Eigenvalues.GetData<double>(), masked.Outputs.Eigenvalues.GetData<double>());
        Assert.Equal(subset.Outputs.MeanSpectrum.GetData<double>(), masked.Outputs.MeanSpectrum.GetData<double>());
        Assert.Equal([Rows, Cols, K], masked.Outputs.Maps.Shape);
        AssertScattered(masked.Outputs.Maps.GetData<double>(), subset.Outputs.Maps.GetData<double>());
        Assert.Equal([Rows, Cols], masked.Outputs.Residual.Shape);
        Assert.Equal(0, masked.Outputs.Residual.GetData<double>()[12]);
        Assert.Equal(Masked.Length, masked.Metrics["masked_pixels"]);

        // The spikes matter when nothing is masked, so the mask really removed them.
        var unmasked = await new PcaMethod().RunAsync(
            new PcaInputs { Image = DecompositionData.Image(x, Rows, Cols, Channels) }, p, Context, default);
        Assert.NotEqual(subset.Outputs.Eigenvalues.GetData<double>(), unmasked.Outputs.Eigenvalues.GetData<double>());
        Assert.False(unmasked.Metrics.ContainsKey("masked_pixels"));
    }

    [Fact]
    public async Task Svd_Mask_EqualsSvdOfUnmaskedPixelsAndMapsZeroAtMasked()
    {
        var x = Data();
        var p = new SvdParameters { Components = K, PoissonScaling = true };
        var masked = await new SvdMethod().RunAsync(
            new SvdInputs { Image = DecompositionData.Image(x, Rows, Cols, Channels), Mask = Mask() }, p, Context, default);
        var subset = await new SvdMethod().RunAsync(
            new SvdInputs { Image = DecompositionData.Image(KeptData(x), 1, Kept.Length, Channels) }, p, Context, default);

        Assert.Equal(subset.Outputs.Spectra.GetData<double>(), masked.Outputs.Spectra.GetData<double>());
        Assert.Equal(subset.Outputs.SingularValues.GetData<double>(), masked.Outputs.SingularValues.GetData<double>());
        AssertScattered(masked.Outputs.Maps.GetData<double>(), subset.Outputs.Maps.GetData<double>());
        Assert.Equal(0, masked.Outputs.Residual.GetData<double>()[29]);
        Assert.Contains(masked.Outputs.Residual.GetData<double>(), v => v > 0);

        var unmasked = await new SvdMethod().RunAsync(
            new SvdInputs { Image = DecompositionData.Image(x, Rows, Cols, Channels) }, p, Context, default);
        Assert.NotEqual(subset.Outputs.SingularValues.GetData<double>(), unmasked.Outputs.SingularValues.GetData<double>());
    }

    [Fact]
    public async Task PcaAndSvd_MaskOfWrongShape_InvalidInputNamingMask()
    {
        var image = DecompositionData.Image(Data(), Rows, Cols, Channels);
        var wrong = NdArray.Create(new byte[Cols * Rows], Cols, Rows);
        var pca = await Assert.ThrowsAsync<MethodException>(async () => await new PcaMethod().RunAsync(
            new PcaInputs { Image = image, Mask = wrong }, new PcaParameters(), Context, default));
        Assert.Equal("mask", pca.Subject);
        Assert.Contains("(5, 6)", pca.Message);
        var svd = await Assert.ThrowsAsync<MethodException>(async () => await new SvdMethod().RunAsync(
            new SvdInputs { Image = image, Mask = wrong }, new SvdParameters(), Context, default));
        Assert.Equal("mask", svd.Subject);
    }
}
