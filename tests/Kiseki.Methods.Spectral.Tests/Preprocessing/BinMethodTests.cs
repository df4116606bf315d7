using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Preprocessing.Bin;

namespace Kiseki.Methods.Spectral.Tests.Preprocessing;

public sealed class BinMethodTests
{
    private static async Task<MethodResult<BinOutputs>> Run(BinParameters parameters, int rows = 4, int cols = 6, int channels = 10) =>
        await new BinMethod().RunAsync(
            new BinInputs { Image = PreprocessingData.Indexed(rows, cols, channels) }, parameters, PreprocessingData.Context, default);

    [Fact]
    public async Task Bin_Sum_AddsBlocksAndRecalibrates()
    {
        var r = await Run(new BinParameters { Rows = 2, Cols = 3, Channels = 5 });
        var image = r.Outputs.Image;
        Assert.Equal((2, 2, 2), (image.Rows, image.Columns, image.Channels));
        // Output (0,0), channel bin 0: pixels (0..1, 0..2) → p = 0,1,2,6,7,8; channels 0..4.
        var expected = new[] { 0, 1, 2, 6, 7, 8 }.Sum(p => (p * 1000 * 5) + 10.0);
        Assert.Equal(expected, image.Data.GetData<double>()[0]);
        Assert.Equal(100 + (2 * 0.5), image.ChannelAxis.Offset, 12);
        Assert.Equal(2.5, image.ChannelAxis.Scale, 12);
        Assert.Equal(10 + 1, image.RowAxis.Offset, 12);
        Assert.Equal(4, image.RowAxis.Scale, 12);
        Assert.Equal(20 + 3, image.ColumnAxis.Offset, 12);
        Assert.Equal(9, image.ColumnAxis.Scale, 12);
        var total = PreprocessingData.Indexed(4, 6, 10).Data.GetData<double>().Sum();
        Assert.Equal(total, image.Data.GetData<double>().Sum(), 6);
    }

    [Fact]
    public async Task Bin_Mean_DividesByBinSize()
    {
        var sum = await Run(new BinParameters { Rows = 2, Channels = 2 });
        var mean = await Run(new BinParameters { Rows = 2, Channels = 2, Mode = BinMode.Mean });
        var s = sum.Outputs.Image.Data.GetData<double>();
        var m = mean.Outputs.Image.Data.GetData<double>();
        for (var i = 0; i < s.Length; i++)
        {
            Assert.Equal(s[i] / 4, m[i], 12);
        }
    }

    [Theory]
    [InlineData(3, 1, 1, "rows", "does not divide")]
    [InlineData(1, 7, 1, "cols", "larger than the axis")]
    [InlineData(1, 1, 4, "channels", "does not divide")]
    [InlineData(1, 1, 0, "channels", "at least 1")]
    public async Task Bin_BadFactor_InvalidParameter(int rows, int cols, int channels, string name, string text)
    {
        var e = await Assert.ThrowsAsync<MethodException>(
            () => Run(new BinParameters { Rows = rows, Cols = cols, Channels = channels }));
        Assert.Equal(name, e.Subject);
        Assert.Contains(text, e.Message);
    }

    [Fact]
    public async Task Bin_NaNInData_InvalidInput()
    {
        var image = PreprocessingData.Indexed(2, 2, 4);
        image.Data.GetData<double>()[5] = double.NaN;
        var e = await Assert.ThrowsAsync<MethodException>(async () => await new BinMethod().RunAsync(
            new BinInputs { Image = image }, new BinParameters { Rows = 2 }, PreprocessingData.Context, default));
        Assert.Equal("image", e.Subject);
    }
}
