using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Nmf;
using Kiseki.Methods.Spectral.Nmf.Ard;
using Kiseki.Methods.Spectral.Nmf.Beta;
using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Methods.Spectral.Preprocessing.Mask;
using Kiseki.Methods.Spectral.Tests.Nmf;

namespace Kiseki.Methods.Spectral.Tests.Preprocessing;

public sealed class NavigationMaskTests
{
    private static readonly Lazy<NmfPhantom> Phantom = new(() => NmfPhantom.Create(12, 10, 64, 2, 200, 5));

    /// <summary>Pixels (row 0, every column) and (row 5, column 3) masked.</summary>
    private static byte[] MaskValues()
    {
        var mask = new byte[12 * 10];
        for (var c = 0; c < 10; c++)
        {
            mask[c] = 1;
        }

        mask[53] = 1;
        return mask;
    }

    /// <summary>The phantom with the masked pixels overwritten by <paramref name="garbage"/> × a spike train.</summary>
    private static SpectrumImage Corrupted(double garbage)
    {
        var image = Phantom.Value.Image;
        var data = image.Data.ToDoubleArray();
        var mask = MaskValues();
        for (var p = 0; p < mask.Length; p++)
        {
            for (var j = 0; mask[p] != 0 && j < 64; j++)
            {
                data[(p * 64) + j] = j % 7 == 0 ? garbage : 0;
            }
        }

        return image.WithData(NdArray.Create(data, 12, 10, 64));
    }

    private static NdArray Mask => NdArray.Create(MaskValues(), 12, 10);

    [Fact]
    public async Task NmfSo_Mask_MaskedPixelsDoNotInfluenceFitAndMapZero()
    {
        var p = new NmfSoParameters { Components = 2, Restarts = 2, MaxIterations = 60 };
        async Task<NmfOutputs> Fit(double garbage, bool masked) => (await new NmfSoMethod().RunAsync(
            new NmfInputs { Image = Corrupted(garbage), Mask = masked ? Mask : null }, p, MethodContext.CreateStandalone(4), default)).Outputs;

        var a = await Fit(1e4, true);
        var b = await Fit(50, true);
        Assert.Equal(a.Spectra.GetData<double>(), b.Spectra.GetData<double>());
        Assert.Equal([12, 10, 2], a.Maps.Shape);
        var maps = a.Maps.GetData<double>();
        var mask = MaskValues();
        for (var px = 0; px < mask.Length; px++)
        {
            Assert.True(mask[px] == 0 || (maps[2 * px] == 0 && maps[(2 * px) + 1] == 0));
        }

        Assert.Contains(maps, v => v > 0);
        Assert.Equal(0, a.Residual.GetData<double>()[53]);

        // Without the mask the garbage pixels change the spectra.
        var unmaskedA = await Fit(1e4, false);
        var unmaskedB = await Fit(50, false);
        Assert.NotEqual(unmaskedA.Spectra.GetData<double>(), unmaskedB.Spectra.GetData<double>());
    }

    [Fact]
    public async Task ArdAndBeta_Mask_FitIgnoresMaskedPixels()
    {
        var ard = new NmfArdSoParameters { Components = 4, Restarts = 1, MaxIterations = 60 };
        var r1 = await new NmfArdSoMethod().RunAsync(new NmfInputs { Image = Corrupted(1e4), Mask = Mask }, ard, MethodContext.CreateStandalone(2), default);
        var r2 = await new NmfArdSoMethod().RunAsync(new NmfInputs { Image = Corrupted(7), Mask = Mask }, ard, MethodContext.CreateStandalone(2), default);
        Assert.Equal(r1.Outputs.Spectra.GetData<double>(), r2.Outputs.Spectra.GetData<double>());
        Assert.Equal(12, r1.Outputs.Maps.Shape[0]);
        Assert.Equal(11, r1.Metrics["masked_pixels"]);

        var beta = new BetaNmfParameters { Components = 2, Restarts = 1, MaxIterations = 40 };
        var b1 = await new BetaNmfMethod().RunAsync(new NmfInputs { Image = Corrupted(1e4), Mask = Mask }, beta, MethodContext.CreateStandalone(2), default);
        var b2 = await new BetaNmfMethod().RunAsync(new NmfInputs { Image = Corrupted(7), Mask = Mask }, beta, MethodContext.CreateStandalone(2), default);
        Assert.Equal(b1.Outputs.Spectra.GetData<double>(), b2.Outputs.Spectra.GetData<double>());
        Assert.Equal(0, b1.Outputs.Maps.GetData<double>()[0]);
    }

    [Fact]
    public async Task Nmf_MaskOfWrongShape_InvalidInput()
    {
        var e = await Assert.ThrowsAsync<MethodException>(async () => await new NmfMethod().RunAsync(
            new NmfInputs { Image = Phantom.Value.Image, Mask = NdArray.Create(new byte[10 * 12], 10, 12) },
            new NmfParameters(), MethodContext.CreateStandalone(1), default));
        Assert.Equal("mask", e.Subject);
    }

    [Fact]
    public async Task Nmf_MaskExcludingEverything_InvalidInput()
    {
        var all = Enumerable.Repeat((byte)1, 120).ToArray();
        var e = await Assert.ThrowsAsync<MethodException>(async () => await new NmfMethod().RunAsync(
            new NmfInputs { Image = Phantom.Value.Image, Mask = NdArray.Create(all, 12, 10) },
            new NmfParameters(), MethodContext.CreateStandalone(1), default));
        Assert.Contains("every pixel", e.Message);
    }

    private static Task<MethodResult<NavigationMaskOutputs>> MaskOf(NavigationMaskParameters p, NdArray? map = null)
        => new NavigationMaskMethod().RunAsync(
            new NavigationMaskInputs { Image = PreprocessingData.Indexed(2, 3, 40), Map = map }, p, PreprocessingData.Context, default).AsTask();

    [Fact]
    public async Task NavigationMask_Threshold_ExcludesPixelsOutsideRange()
    {
        // Pixel p has mean p·1000 + 19.5 over the whole axis; over [100, 101] (channels 0–2) it is p·1000 + 1.
        var r = await MaskOf(new NavigationMaskParameters { Window = [100, 101], Below = 1500, Above = 4500 });
        Assert.Equal(new byte[] { 1, 1, 0, 0, 0, 1 }, r.Outputs.Mask.GetData<byte>());
        Assert.Equal(2001, r.Outputs.Intensity.GetData<double>()[2], 12);
        Assert.Equal(3, r.Metrics["excluded_pixels"]);
    }

    [Fact]
    public async Task NavigationMask_MapAndInvert_CombineByOr()
    {
        var map = NdArray.Create(new byte[] { 0, 0, 0, 0, 1, 0 }, 2, 3);
        var r = await MaskOf(new NavigationMaskParameters { Below = 1500 }, map);
        Assert.Equal(new byte[] { 1, 1, 0, 0, 1, 0 }, r.Outputs.Mask.GetData<byte>());
        var inverted = await MaskOf(new NavigationMaskParameters { Below = 1500, Invert = true }, map);
        Assert.Equal(new byte[] { 0, 0, 1, 1, 0, 1 }, inverted.Outputs.Mask.GetData<byte>());
    }

    [Fact]
    public async Task NavigationMask_NoRule_InvalidParameter()
    {
        var e = await Assert.ThrowsAsync<MethodException>(() => MaskOf(new NavigationMaskParameters()));
        Assert.Equal("below", e.Subject);
    }

    [Fact]
    public async Task NavigationMask_ExcludesAll_InvalidInput()
    {
        var e = await Assert.ThrowsAsync<MethodException>(() => MaskOf(new NavigationMaskParameters { Above = -1 }));
        Assert.Contains("every pixel", e.Message);
    }

    [Fact]
    public async Task NavigationMask_MapOfWrongShape_InvalidInput()
    {
        var e = await Assert.ThrowsAsync<MethodException>(() => MaskOf(new NavigationMaskParameters(), NdArray.Create(new byte[6], 3, 2)));
        Assert.Equal("map", e.Subject);
    }
}
