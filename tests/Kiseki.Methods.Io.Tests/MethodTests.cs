using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Io.ExportMapPng;
using Kiseki.Methods.Io.ExportSpectraCsv;
using Kiseki.Methods.Io.ReadSpectrumImage;
using Kiseki.Methods.Io.WriteNpy;
using Kiseki.Testing;

namespace Kiseki.Methods.Io.Tests;

public sealed class MethodTests
{
    private static readonly MethodContext Context = MethodContext.CreateStandalone();

    [SkippableFact]
    public async Task ReadSpectrumImage_DmFileWithSignalOverride_ReturnsImage()
    {
        var file = FileArtifact.FromPath(SharedData.Require("rosettasciio/EELS_SI.dm4"));
        var result = await new ReadSpectrumImageMethod().RunAsync(
            new ReadSpectrumImageInputs { File = file }, new ReadSpectrumImageParameters { Signal = "eds" }, Context, default);
        Assert.Equal((2, 2, 2048), (result.Outputs.Image.Rows, result.Outputs.Image.Columns, result.Outputs.Image.Channels));
        Assert.Equal(SignalKind.Eds, result.Outputs.Image.Signal);
        Assert.Equal(2048, result.Metrics["channels"]);
    }

    [SkippableFact]
    public async Task ReadSpectrumImage_BadSignal_IsInvalidParameter()
    {
        var file = FileArtifact.FromPath(SharedData.Require("rosettasciio/msa/example1.msa"));
        var error = await Assert.ThrowsAsync<MethodException>(async () => await new ReadSpectrumImageMethod().RunAsync(
            new ReadSpectrumImageInputs { File = file }, new ReadSpectrumImageParameters { Signal = "xps" }, Context, default));
        Assert.Equal("signal", error.Subject);
    }

    [Fact]
    public async Task ReadSpectrumImage_UnreadableFile_IsInvalidInputNamingTheFile()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("junk.dat");
        File.WriteAllText(path, "not a spectrum");
        var error = await Assert.ThrowsAsync<MethodException>(async () => await new ReadSpectrumImageMethod().RunAsync(
            new ReadSpectrumImageInputs { File = FileArtifact.FromPath(path) }, new ReadSpectrumImageParameters(), Context, default));
        Assert.Equal("file", error.Subject);
        Assert.Contains("junk.dat", error.Message);
    }

    [SkippableFact]
    public async Task ReadSpectrumImage_CompanionPort_ReadsRawGivenSeparately()
    {
        using var temp = new TempDirectory();
        var rpl = temp.Combine("header.rpl");
        File.Copy(SharedData.Require("rosettasciio/ripple/test_ripple_sdim-1_ndim-2_int32.rpl"), rpl);
        var raw = FileArtifact.FromPath(SharedData.Require("rosettasciio/ripple/test_ripple_sdim-1_ndim-2_int32.raw"));
        var result = await new ReadSpectrumImageMethod().RunAsync(
            new ReadSpectrumImageInputs { File = FileArtifact.FromPath(rpl), Companion = raw }, new ReadSpectrumImageParameters(), Context, default);
        Assert.Equal(276, result.Outputs.Image.Data.ToDoubleArray().Sum());
    }

    [Fact]
    public async Task WriteNpy_ImageToFloat32_RoundTripsValues()
    {
        var image = SpectrumImage.FromArray(NdArray.Create(new ushort[] { 1, 2, 3, 4, 5, 6 }, 1, 2, 3));
        var result = await new WriteNpyMethod().RunAsync(
            new WriteNpyInputs { Image = image }, new WriteNpyParameters { Dtype = NpyElementType.Float32 }, Context, default);
        Assert.Equal(DType.Float32, result.Outputs.Array.DType);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, result.Outputs.Array.GetData<float>());
        Assert.Equal([1, 2, 3], result.Outputs.Array.Shape);
    }

    [Fact]
    public async Task WriteNpy_BothOrNeitherInput_IsInvalidInput()
    {
        await Assert.ThrowsAsync<MethodException>(async () =>
            await new WriteNpyMethod().RunAsync(new WriteNpyInputs(), new WriteNpyParameters(), Context, default));
    }

    [Fact]
    public async Task ExportSpectraCsv_WithImage_WritesEnergyColumnAndComponents()
    {
        var image = new SpectrumImage(NdArray.Create(new double[3], 1, 1, 3), new Axis("y", 1, 0, 1, ""), new Axis("x", 1, 0, 1, ""),
            new Axis("Energy", 3, 100, 0.5, "eV"), SignalKind.Eels);
        var spectra = NdArray.Create(new double[] { 1, 10, 2, 20, 3, 30 }, 3, 2);
        var result = await new ExportSpectraCsvMethod().RunAsync(
            new ExportSpectraCsvInputs { Spectra = spectra, Image = image }, new ExportSpectraCsvParameters(), Context, default);
        var table = result.Outputs.Table;
        Assert.Equal(new[] { "Energy (eV)", "component_1", "component_2" }, table.Columns.Select(c => c.Name));
        Assert.Equal(new[] { 100, 100.5, 101 }, table["Energy (eV)"].Numbers);
        Assert.Equal(new double[] { 10, 20, 30 }, table["component_2"].Numbers);
        Assert.StartsWith("Energy (eV),component_1,component_2", table.ToCsv());
    }

    [Fact]
    public async Task ExportSpectraCsv_ComponentsFirstWithoutImage_UsesChannelIndex()
    {
        var spectra = NdArray.Create(new double[] { 1, 2, 3, 10, 20, 30 }, 2, 3);
        var result = await new ExportSpectraCsvMethod().RunAsync(
            new ExportSpectraCsvInputs { Spectra = spectra }, new ExportSpectraCsvParameters { ComponentsFirst = true }, Context, default);
        Assert.Equal(new double[] { 0, 1, 2 }, result.Outputs.Table["channel"].Numbers);
        Assert.Equal(new double[] { 10, 20, 30 }, result.Outputs.Table["component_2"].Numbers);
    }

    [Fact]
    public async Task ExportMapPng_AbundanceMatrixWithImage_DrawsTiledMaps()
    {
        var image = SpectrumImage.FromArray(NdArray.Create(new double[2 * 3 * 4], 2, 3, 4));
        var maps = NdArray.Create(Enumerable.Range(0, 12).Select(i => (double)i).ToArray(), 6, 2);
        var result = await new ExportMapPngMethod().RunAsync(
            new ExportMapPngInputs { Maps = maps, Image = image }, new ExportMapPngParameters { PixelScale = 2, Colormap = Imaging.Colormap.Grey }, Context, default);
        var png = result.Outputs.Figure.Png;
        Assert.Equal((2 * 3 * 2) + 2, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(2 * 2, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20)));
        var again = await new ExportMapPngMethod().RunAsync(
            new ExportMapPngInputs { Maps = maps, Image = image }, new ExportMapPngParameters { PixelScale = 2, Colormap = Imaging.Colormap.Grey }, Context, default);
        Assert.Equal(png, again.Outputs.Figure.Png);
    }

    [Fact]
    public async Task ExportMapPng_Rank1_IsInvalidInput()
    {
        var error = await Assert.ThrowsAsync<MethodException>(async () => await new ExportMapPngMethod().RunAsync(
            new ExportMapPngInputs { Maps = NdArray.Create(new double[4], 4) }, new ExportMapPngParameters(), Context, default));
        Assert.Equal("maps", error.Subject);
    }

    [Fact]
    public void Colormap_Ends_AreViridisAnchorsAndGrey()
    {
        Assert.Equal(((byte)68, (byte)1, (byte)84), Imaging.ColormapPalette.Color(Imaging.Colormap.Viridis, 0));
        Assert.Equal(((byte)253, (byte)231, (byte)37), Imaging.ColormapPalette.Color(Imaging.Colormap.Viridis, 1));
        Assert.Equal(((byte)128, (byte)128, (byte)128), Imaging.ColormapPalette.Color(Imaging.Colormap.Grey, 0.5));
    }
}
