using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Testing;

namespace Kiseki.Methods.Io.Tests;

public sealed class OtherFormatTests
{
    private static double Sum(SpectrumImage image) => image.Data.ToDoubleArray().Sum();

    [SkippableFact]
    public void Read_EmsaExample1_CountsValuesNotNpoints()
    {
        var image = SpectrumImageReader.Read(SharedData.Require("rosettasciio/msa/example1.msa"));
        Assert.Equal((1, 1, 21), (image.Rows, image.Columns, image.Channels));
        Assert.Equal(DType.Float64, image.Data.DType);
        Assert.Equal(new double[] { 4066, 3996, 3932, 3923, 5602, 5288, 7234, 7809, 4710, 5015, 4366, 4524, 4832, 5474, 5718, 5034, 4651, 4613, 4637, 4429, 4217 }, image.Data.GetData<double>());
        Assert.Equal((520.13, 3.1, "eV"), (image.ChannelAxis.Offset, image.ChannelAxis.Scale, image.ChannelAxis.Units));
        Assert.Equal(SignalKind.Eels, image.Signal);
        var keys = image.Source["keywords"]!;
        Assert.Equal("NIO EELS OK SHELL", keys["TITLE"]!.GetValue<string>());
        Assert.Equal("kV", keys["BEAMKV_UNITS"]!.GetValue<string>());
    }

    [SkippableFact]
    public void Read_EmsaExample2_IsEdsWithEightyValues()
    {
        var image = SpectrumImageReader.Read(SharedData.Require("rosettasciio/msa/example2.msa"));
        Assert.Equal(80, image.Channels);
        Assert.Equal(65.82, image.Data.GetDouble(0));
        Assert.Equal(49.442, image.Data.GetDouble(79));
        Assert.Equal((200.0, 10.0), (image.ChannelAxis.Offset, image.ChannelAxis.Scale));
        Assert.Equal(SignalKind.Eds, image.Signal);
    }

    [SkippableFact]
    public void Read_EmsaIsoCompliance_TakesUnitsFromParentheses()
    {
        var image = SpectrumImageReader.Read(SharedData.Require("rosettasciio/msa/ISO_22029_2022_compliance.msa"));
        var example1 = SpectrumImageReader.Read(SharedData.Require("rosettasciio/msa/example1.msa"));
        Assert.Equal(("Energy Loss", "eV"), (image.ChannelAxis.Name, image.ChannelAxis.Units));
        Assert.Equal(example1.Data.GetData<double>(), image.Data.GetData<double>());
        Assert.Equal("TC202v2.0", image.Source["keywords"]!["VERSION"]!.GetValue<string>());
    }

    [SkippableFact]
    public void Read_EmsaMinimumMetadata_HasOneValue()
    {
        var image = SpectrumImageReader.Read(SharedData.Require("rosettasciio/msa/minimum_metadata.msa"));
        Assert.Equal(1, image.Channels);
        Assert.Equal((0.0, 1.0), (image.ChannelAxis.Offset, image.ChannelAxis.Scale));
    }

    [SkippableFact]
    public void Read_DtsaExport_HandlesTrailingCommas()
    {
        var al2o3 = SpectrumImageReader.Read(SharedData.Require("nexlspectrum/Al2O3 std.msa"));
        Assert.Equal(4096, al2o3.Channels);
        Assert.Equal(22290, al2o3.Data.GetDouble(100));
        Assert.Equal(1.63032 + (100 * 9.99856), al2o3.ChannelAxis.ValueAt(100), 9);
        var k412 = SpectrumImageReader.Read(SharedData.Require("nexlspectrum/III-E K412[1][4].msa"));
        Assert.Equal(4096, k412.Channels);
        Assert.Equal(8_076_954, Sum(k412));
        Assert.Equal(4347, k412.Data.GetDouble(100));
        Assert.Equal(SignalKind.Eds, k412.Signal);
    }

    [SkippableFact]
    public void Read_RippleVectorUInt16_IsArangeWithHyperSpyCalibration()
    {
        var image = SpectrumImageReader.Read(SharedData.Require("rosettasciio/ripple/test_ripple_sdim-1_ndim-2_uint16.rpl"));
        Assert.Equal((2, 3, 4), (image.Rows, image.Columns, image.Channels));
        Assert.Equal(DType.UInt16, image.Data.DType);
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (double)i), image.Data.ToDoubleArray());
        Assert.Equal(new Axis("1", 2, 0.5, 100, "m"), image.RowAxis);
        Assert.Equal(new Axis("2", 3, 1.0, 200, "m"), image.ColumnAxis);
        Assert.Equal(new Axis("3", 4, 1.5, 300, "eV"), image.ChannelAxis);
        Assert.Equal(SignalKind.Eels, image.Signal);
    }

    [SkippableTheory]
    [InlineData("test_ripple_sdim-1_ndim-2_float32_meta.rpl", DType.Float32)]
    [InlineData("test_ripple_sdim-1_ndim-2_int32.rpl", DType.Int32)]
    public void Read_RippleVectorTypes_AreArange(string file, DType type)
    {
        var image = SpectrumImageReader.Read(SharedData.Require("rosettasciio/ripple/" + file));
        Assert.Equal(type, image.Data.DType);
        Assert.Equal((2, 3, 4), (image.Rows, image.Columns, image.Channels));
        Assert.Equal(Enumerable.Range(0, 24).Select(i => (double)i), image.Data.ToDoubleArray());
    }

    [SkippableFact]
    public void Read_RippleLineScanFloat64_IsOneRowEds()
    {
        var image = SpectrumImageReader.Read(SharedData.Require("rosettasciio/ripple/test_ripple_sdim-1_ndim-1_float64_meta.rpl"));
        Assert.Equal((1, 2, 3), (image.Rows, image.Columns, image.Channels));
        Assert.Equal(new double[] { 0, 1, 2, 3, 4, 5 }, image.Data.GetData<double>());
        Assert.Equal(SignalKind.Eds, image.Signal);
        Assert.Equal((1.0, 200.0, "eV"), (image.ChannelAxis.Offset, image.ChannelAxis.Scale, image.ChannelAxis.Units));
    }

    [SkippableFact]
    public void Read_RippleRecordByImage_IsTransposedToChannelsLast()
    {
        var image = SpectrumImageReader.Read(SharedData.Require("rosettasciio/ripple/test_ripple_sdim-2_ndim-1_uint16.rpl"));
        Assert.Equal((3, 4, 2), (image.Rows, image.Columns, image.Channels));
        Assert.Equal(SignalKind.Image, image.Signal);
        for (var y = 0; y < 3; y++)
        {
            for (var x = 0; x < 4; x++)
            {
                for (var e = 0; e < 2; e++)
                {
                    Assert.Equal((e * 12) + (y * 4) + x, image.Data.GetDouble((((y * 4) + x) * 2) + e));
                }
            }
        }

        Assert.Equal(new Axis("1", 2, 0.5, 100, "m"), image.ChannelAxis);
    }

    [SkippableFact]
    public void Read_RippleDontCareUInt8_IsOneImage()
    {
        var image = SpectrumImageReader.Read(SharedData.Require("rosettasciio/ripple/test_ripple_sdim-2_ndim-0_uint8.rpl"));
        Assert.Equal((2, 3, 1), (image.Rows, image.Columns, image.Channels));
        Assert.Equal(DType.UInt8, image.Data.DType);
        Assert.Equal(new byte[] { 0, 1, 2, 3, 4, 5 }, image.Data.GetData<byte>());
    }

    [SkippableFact]
    public void Read_MalspyNpz_PicksXAndCalibratesFromEv()
    {
        var image = SpectrumImageReader.Read(SharedData.Require("malspy/SI_data.npz"));
        Assert.Equal((24, 22, 138), (image.Rows, image.Columns, image.Channels));
        Assert.Equal(DType.Float64, image.Data.DType);
        Assert.Equal("X", image.Source["array"]!.GetValue<string>());
        Assert.Equal(10.0, image.ChannelAxis.Offset, 9);
        Assert.Equal(190.0 / 137, image.ChannelAxis.Scale, 9);
        Assert.Equal(200.0, image.ChannelAxis.ValueAt(137), 9);
        Assert.True(FileInspector.Range(image.Data).Min >= 0);
    }

    [SkippableFact]
    public void Read_StemNmfMat_IsColumnMajorDoubleInCOrder()
    {
        var path = SharedData.Require("stem-nmf/mn3o4_f2.mat");
        var image = SpectrumImageReader.Read(path);
        Assert.Equal((24, 22, 138), (image.Rows, image.Columns, image.Channels));
        Assert.Equal(DType.Float64, image.Data.DType);
        Assert.Equal("datar", image.Source["variable"]!.GetValue<string>());
        // Noise-free rank-2 data: the pixel-by-channel matrix has exactly two significant singular values.
        var x = image.Data.GetData<double>();
        Assert.True(x.All(double.IsFinite));
        Assert.True(x.Max() > 0);
        // Any three pixel spectra of rank-2 data are linearly dependent: their Gram determinant vanishes. A wrong
        // column-major to C-order reordering mixes channels across pixels and breaks this.
        double[] Spectrum(int pixel) => x.AsSpan(pixel * 138, 138).ToArray();
        var s = new[] { Spectrum(0), Spectrum(250), Spectrum(527) };
        var g = new double[3, 3];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                g[i, j] = s[i].Zip(s[j], (p, q) => p * q).Sum();
            }
        }

        var det = (g[0, 0] * ((g[1, 1] * g[2, 2]) - (g[1, 2] * g[2, 1]))) - (g[0, 1] * ((g[1, 0] * g[2, 2]) - (g[1, 2] * g[2, 0])))
                  + (g[0, 2] * ((g[1, 0] * g[2, 1]) - (g[1, 1] * g[2, 0])));
        Assert.True(Math.Abs(det) < 1e-8 * g[0, 0] * g[1, 1] * g[2, 2], $"Gram determinant {det}");
    }

    [SkippableFact]
    public void Read_CoreShellHspy_IsEdsWithAxes()
    {
        var image = SpectrumImageReader.Read(SharedData.Require("nist_hyperspy_tutorial/core_shell.hspy"));
        Assert.Equal((64, 64, 992), (image.Rows, image.Columns, image.Channels));
        Assert.Equal(DType.UInt32, image.Data.DType);
        Assert.Equal(SignalKind.Eds, image.Signal);
        Assert.Equal(new Axis("y", 64, 0, 0.5, "nm"), image.RowAxis);
        Assert.Equal(new Axis("x", 64, 0, 0.5, "nm"), image.ColumnAxis);
        Assert.Equal(("Energy", 0.16, 0.02, "keV"), (image.ChannelAxis.Name, image.ChannelAxis.Offset, image.ChannelAxis.Scale, image.ChannelAxis.Units));
        var data = image.Data.GetData<uint>();
        Assert.Equal(884_071, data.Sum(v => (long)v));
        Assert.Equal(new uint[] { 0, 0, 0, 1, 4 }, data[..5]);
        var pixel = ((10 * 64) + 20) * 992;
        Assert.Equal(211, data.AsSpan(pixel, 992).ToArray().Sum(v => (long)v));
    }

    [SkippableFact]
    public void Read_SiO2Hspy_IsLargeSparseEds()
    {
        var image = SpectrumImageReader.Read(SharedData.Require("nist_hyperspy_tutorial/SiO2 EDS Spectrum Image.hspy"));
        Assert.Equal((128, 128, 2048), (image.Rows, image.Columns, image.Channels));
        Assert.Equal(823_049, image.Data.GetData<uint>().Sum(v => (long)v));
        Assert.Equal("µm", image.RowAxis.Units);
        Assert.Equal(0.00855245, image.RowAxis.Scale, 7);
        Assert.Equal(0.01, image.ChannelAxis.Scale, 9);
    }
}
