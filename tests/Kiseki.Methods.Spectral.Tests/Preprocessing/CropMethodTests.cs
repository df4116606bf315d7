using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Preprocessing.Crop;

namespace Kiseki.Methods.Spectral.Tests.Preprocessing;

public sealed class CropMethodTests
{
    private static async Task<MethodResult<CropOutputs>> Run(double start, double end, double offset = 100, double scale = 0.5) =>
        await new CropMethod().RunAsync(
            new CropInputs { Image = PreprocessingData.Indexed(2, 3, 40, offset, scale) },
            new CropParameters { Start = start, End = end }, PreprocessingData.Context, default);

    [Fact]
    public async Task Crop_Window_KeepsInclusiveChannelsAndRecalibrates()
    {
        // channels 100.0, 100.5, ...; [101.2, 103] keeps 101.5 (3) .. 103.0 (6).
        var r = await Run(101.2, 103.0);
        var image = r.Outputs.Image;
        Assert.Equal(4, image.Channels);
        Assert.Equal(101.5, image.ChannelAxis.Offset, 12);
        Assert.Equal(0.5, image.ChannelAxis.Scale);
        Assert.Equal("eV", image.ChannelAxis.Units);
        var data = image.Data.GetData<double>();
        Assert.Equal([3, 4, 5, 6], data[..4]);
        Assert.Equal([5003, 5004, 5005, 5006], data[^4..]);
        Assert.Equal(3, r.Metrics["first_channel"]);
    }

    [Fact]
    public async Task Crop_ExactChannelValues_AreInclusive()
    {
        var r = await Run(100.0, 119.5);
        Assert.Equal(40, r.Outputs.Image.Channels);
    }

    [Fact]
    public async Task Crop_WindowPartlyOutside_ClippedToAxis()
    {
        var r = await Run(115, 500);
        Assert.Equal(10, r.Outputs.Image.Channels);
        Assert.Equal(115, r.Outputs.Image.ChannelAxis.Offset, 12);
    }

    [Fact]
    public async Task Crop_WindowOutsideAxis_InvalidParameter()
    {
        var e = await Assert.ThrowsAsync<MethodException>(() => Run(300, 400));
        Assert.Equal("start", e.Subject);
        Assert.Contains("outside the axis", e.Message);
    }

    [Fact]
    public async Task Crop_WindowBetweenChannels_InvalidParameter()
    {
        var e = await Assert.ThrowsAsync<MethodException>(() => Run(100.1, 100.4));
        Assert.Contains("holds no channel", e.Message);
    }

    [Fact]
    public async Task Crop_ReversedWindow_InvalidParameter()
    {
        var e = await Assert.ThrowsAsync<MethodException>(() => Run(110, 105));
        Assert.Equal("end", e.Subject);
    }
}
