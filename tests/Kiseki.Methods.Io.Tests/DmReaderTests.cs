using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Testing;

namespace Kiseki.Methods.Io.Tests;

public sealed class DmReaderTests
{
    private static double Sum(SpectrumImage image) => image.Data.ToDoubleArray().Sum();

    private static double At(SpectrumImage image, int row, int col, int channel)
        => image.Data.GetDouble((((long)row * image.Columns) + col) * image.Channels + channel);

    [SkippableFact]
    public void Read_SpectrumImageDm3_IsRowsColsChannelsWithEnergyCalibration()
    {
        var image = SpectrumImageReader.Read(SharedData.Require("scifidatasets/DMReader_SpectrumImage_SI-EELS.dm3"));
        Assert.Equal((49, 6, 1024), (image.Rows, image.Columns, image.Channels));
        Assert.Equal(DType.Float32, image.Data.DType);
        Assert.Equal(SignalKind.Eels, image.Signal);
        Assert.Equal(350.0, image.ChannelAxis.Offset, 9);
        Assert.Equal(0.5, image.ChannelAxis.Scale, 9);
        Assert.Equal("eV", image.ChannelAxis.Units);
        Assert.Equal(450.0, image.ChannelAxis.ValueAt(200), 9);
        Assert.Equal(4271, At(image, 0, 0, 0));
        Assert.Equal(3451, At(image, 1, 0, 5));
        Assert.Equal(598, At(image, 48, 5, 1023));
        Assert.Equal(2304, At(image, 3, 0, 200));
        Assert.Equal(449_065_142, Sum(image), 0);
        Assert.Equal("dm3", image.Source["format"]!.GetValue<string>());
        Assert.Equal(1, image.Source["entry"]!.GetValue<int>());
    }

    [SkippableFact]
    public void Read_EelsSiDm4_MatchesManifestValuesAndSpatialCalibration()
    {
        var image = SpectrumImageReader.Read(SharedData.Require("rosettasciio/EELS_SI.dm4"));
        Assert.Equal((2, 2, 2048), (image.Rows, image.Columns, image.Channels));
        Assert.Equal(300.0, image.ChannelAxis.Offset, 9);
        Assert.Equal(1.0, image.ChannelAxis.Scale, 9);
        Assert.Equal("µm", image.RowAxis.Units);
        Assert.Equal(0.00199207, image.ColumnAxis.Scale, 7);
        Assert.Equal(7_169_069.071045, Sum(image), 2);
        Assert.Equal(8473.006, At(image, 0, 0, 0), 2);
        Assert.Equal(7620.527, At(image, 1, 0, 5), 2);
        Assert.Equal("dm4", image.Source["format"]!.GetValue<string>());
    }

    [SkippableFact]
    public void Read_MonarcClDm4_IsCathodoluminescenceInNanometres()
    {
        var image = SpectrumImageReader.Read(SharedData.Require("rosettasciio/test-MonarcCL_spectrum-SI.dm4"));
        Assert.Equal((3, 3, 670), (image.Rows, image.Columns, image.Channels));
        Assert.Equal(SignalKind.Cathodoluminescence, image.Signal);
        Assert.Equal("nm", image.ChannelAxis.Units);
        Assert.Equal(315.863, image.ChannelAxis.Offset, 2);
        Assert.Equal(0.146675, image.ChannelAxis.Scale, 4);
        Assert.Equal(175_027.7263, Sum(image), 1);
        var range = FileInspector.Range(image.Data);
        Assert.Equal(-40.3928, range.Min, 3);
        Assert.Equal(408.422, range.Max, 2);
    }

    [SkippableFact]
    public void Read_StoDm3AndDm4_GiveIdenticalArrays()
    {
        var dm3 = SpectrumImageReader.Read(SharedData.Require("scifidatasets/DMReader_EELS_STO.dm3"));
        var dm4 = SpectrumImageReader.Read(SharedData.Require("scifidatasets/DMReader_EELS_STO.dm4"));
        Assert.Equal((1, 1, 2048), (dm3.Rows, dm3.Columns, dm3.Channels));
        Assert.Equal(dm3.Data.Shape, dm4.Data.Shape);
        Assert.Equal(dm3.Data.GetData<float>(), dm4.Data.GetData<float>());
        Assert.Equal(dm3.ChannelAxis, dm4.ChannelAxis);
        Assert.Equal(185028, dm3.Data.GetDouble(0));
        Assert.Equal(135727, dm3.Data.GetDouble(200));
        Assert.Equal(23100, dm3.Data.GetDouble(2047));
        Assert.Equal(162_759_720, Sum(dm3), 0);
        Assert.Equal(400.0, dm3.ChannelAxis.ValueAt(200), 9);
        Assert.Equal(SignalKind.Eels, dm4.Signal);
    }

    [SkippableFact]
    public void Read_EelsSpectrumDm3_HasNegativeValuesAndNegativeOffset()
    {
        var image = SpectrumImageReader.Read(SharedData.Require("rosettasciio/test-EELS_spectrum.dm3"));
        Assert.Equal((1, 1, 2048), (image.Rows, image.Columns, image.Channels));
        Assert.Equal(-100.0, image.ChannelAxis.Offset, 6);
        Assert.Equal(0.5, image.ChannelAxis.Scale, 9);
        Assert.Equal(-7678.56, Sum(image), 1);
        var json = image.Source["image_tags"]!.ToJsonString();
        Assert.Contains("\"Align min. correlation coefficient\":0.5", json);
    }

    [SkippableFact]
    public void Read_EdsSpectrumDm3_IsUInt32InKeV()
    {
        var image = SpectrumImageReader.Read(SharedData.Require("rosettasciio/test-EDS_spectrum.dm3"));
        Assert.Equal((1, 1, 4096), (image.Rows, image.Columns, image.Channels));
        Assert.Equal(DType.UInt32, image.Data.DType);
        Assert.Equal(SignalKind.Eds, image.Signal);
        Assert.Equal("keV", image.ChannelAxis.Units);
        Assert.Equal(-0.478, image.ChannelAxis.Offset, 4);
        Assert.Equal(0.005, image.ChannelAxis.Scale, 7);
        Assert.Equal(17051, Sum(image));
        Assert.Equal(3525, FileInspector.Range(image.Data).Max);
    }

    [SkippableFact]
    public void Read_StackBuilderDm3_IsImageStackWithPaddedCalibration()
    {
        var image = SpectrumImageReader.Read(SharedData.Require("rosettasciio/test_stackbuilder_imagestack.dm3"));
        Assert.Equal((2, 16, 3), (image.Rows, image.Columns, image.Channels));
        Assert.Equal(SignalKind.Image, image.Signal);
        Assert.Equal(0.0599829, image.ColumnAxis.Scale, 6);
        Assert.Equal("µm", image.RowAxis.Units);
        Assert.Equal((1.0, ""), (image.ChannelAxis.Scale, image.ChannelAxis.Units));
        Assert.InRange(Sum(image), 5.8576e7, 5.8577e7);
    }

    public static TheoryData<string, DType> DataTypes() => new()
    {
        { "test-1", DType.Int16 }, { "test-2", DType.Float32 }, { "test-3", DType.Complex64 },
        { "test-6", DType.UInt8 }, { "test-7", DType.Int32 }, { "test-9", DType.Int8 }, { "test-10", DType.UInt16 },
        { "test-11", DType.UInt32 }, { "test-12", DType.Float64 }, { "test-13", DType.Complex128 },
    };

    [SkippableTheory]
    [MemberData(nameof(DataTypes))]
    public void Read_DataTypeFile_GivesOneToEightInDmOrder(string stem, DType type)
    {
        foreach (var ext in new[] { ".dm3", ".dm4" })
        {
            var image = SpectrumImageReader.Read(SharedData.Require($"rosettasciio/dm_3D_datatypes/{stem}{ext}"));
            Assert.Equal(type, image.Data.DType);
            Assert.Equal((2, 2, 2), (image.Rows, image.Columns, image.Channels));
            // C order (z, y, x) holds 1..8, so the value at (y, x, z) is 1 + x + 2y + 4z.
            for (var y = 0; y < 2; y++)
            {
                for (var x = 0; x < 2; x++)
                {
                    for (var z = 0; z < 2; z++)
                    {
                        Assert.Equal(1 + x + (2 * y) + (4 * z), At(image, y, x, z));
                    }
                }
            }
        }
    }

    [SkippableTheory]
    [InlineData("test-27.dm4", DType.Complex64)]
    [InlineData("test-28.dm4", DType.Complex128)]
    public void Read_PackedComplexResaved_IsComplex(string file, DType type)
    {
        var image = SpectrumImageReader.Read(SharedData.Require($"rosettasciio/dm_3D_datatypes/{file}"));
        Assert.Equal(type, image.Data.DType);
        Assert.Equal(8, image.Data.Length);
    }

    [SkippableFact]
    public void Read_BoolDataType_GivesTrueEverywhere()
    {
        foreach (var ext in new[] { ".dm3", ".dm4" })
        {
            var image = SpectrumImageReader.Read(SharedData.Require($"rosettasciio/dm_3D_datatypes/test-14{ext}"));
            Assert.Equal(DType.Bool, image.Data.DType);
            Assert.All(image.Data.GetData<bool>(), Assert.True);
        }
    }

    [SkippableFact]
    public void Read_RgbaDataType_GivesPackedUInt32()
    {
        foreach (var ext in new[] { ".dm3", ".dm4" })
        {
            var image = SpectrumImageReader.Read(SharedData.Require($"rosettasciio/dm_3D_datatypes/test-23{ext}"));
            Assert.Equal(DType.UInt32, image.Data.DType);
            Assert.Equal(8, image.Data.Length);
            Assert.Equal(2, image.Source["data_type"]!.GetValue<int>() / 10);
        }
    }

    [SkippableFact]
    public void Read_EntryOverride_ReadsTheThumbnail()
    {
        var path = SharedData.Require("scifidatasets/DMReader_EELS_STO.dm3");
        var thumbnail = SpectrumImageReader.Read(path, new ReadOptions { DmEntry = 0 });
        Assert.Equal(0, thumbnail.Source["entry"]!.GetValue<int>());
        Assert.Equal(DType.UInt32, thumbnail.Data.DType);
        var error = Assert.Throws<FileFormatException>(() => SpectrumImageReader.Read(path, new ReadOptions { DmEntry = 7 }));
        Assert.Contains("ImageList", error.Message);
    }
}
