using Kiseki.Abstractions.Artifacts;
using Kiseki.Testing;

namespace Kiseki.Methods.Io.Tests;

public sealed class BadInputTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Write(string name, byte[] bytes)
    {
        var path = _temp.Combine(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private string WriteText(string name, string text) => Write(name, System.Text.Encoding.Latin1.GetBytes(text));

    private static FileFormatException Fails(string path, ReadOptions? options = null)
    {
        var error = Assert.Throws<FileFormatException>(() => SpectrumImageReader.Read(path, options ?? ReadOptions.Default));
        Assert.Contains(Path.GetFileName(path), error.Message);
        return error;
    }

    [Fact]
    public void Read_SyntheticDm3LittleAndBigEndian_GiveTheSameSpectrumImage()
    {
        var little = SpectrumImageReader.Read(Write("le.dm3", Dm3Builder.SpectrumImage(true, [3, 2, 4])));
        var big = SpectrumImageReader.Read(Write("be.dm3", Dm3Builder.SpectrumImage(false, [3, 2, 4])));
        Assert.Equal((2, 3, 4), (little.Rows, little.Columns, little.Channels));
        Assert.Equal(little.Data.GetData<float>(), big.Data.GetData<float>());
        // DM value index i0 + 3·(i1 + 2·i2) lands at (y = i1, x = i0, e = i2).
        Assert.Equal(1 + (3 * (0 + (2 * 2))), little.Data.GetDouble((((0 * 3) + 1) * 4) + 2));
        Assert.Equal(new Axis("channel", 4, 5, 0.5, "eV"), big.ChannelAxis);
        Assert.Equal(SignalKind.Eels, big.Signal);
    }

    [Fact]
    public void Read_EmptyFile_FailsWithUnrecognisedSignature()
        => Assert.Contains("unrecognised", Fails(Write("empty.dm3", [])).Message);

    [Fact]
    public void Read_WrongMagic_FailsAtOffsetZero()
        => Assert.Contains("byte offset 0", Fails(Write("garbage.dm4", [.. Enumerable.Range(0, 300).Select(i => (byte)(i * 7))])).Message);

    [Fact]
    public void Read_TruncatedDm3_FailsNamingOffset()
    {
        var bytes = Dm3Builder.SpectrumImage(true, [3, 2, 4]);
        var error = Fails(Write("cut.dm3", bytes[..(bytes.Length / 2)]));
        Assert.Contains("byte offset", error.Message);
    }

    [Fact]
    public void Read_DmTagLengthPastTheEnd_FailsBeforeAllocating()
    {
        var error = Fails(Write("huge.dm3", Dm3Builder.SpectrumImage(true, [3, 2, 4], declaredCount: 4_000_000_000)));
        Assert.Contains("Data", error.Message);
        Assert.Contains("remain", error.Message);
    }

    [Fact]
    public void Read_DmAbsurdDimensions_FailsNamingDimensions()
    {
        var withZero = Write("zero.dm3", Dm3Builder.SpectrumImage(true, [3, 0, 4]));
        Assert.Contains("Dimensions", Fails(withZero).Message);
        var bytes = Dm3Builder.SpectrumImage(true, [3, 2, 4]);
        var at = LastIndexOf(bytes, [21, 0, 0, .. "%%%%"u8, .. Dm3Builder.U32(1), .. Dm3Builder.U32(5), .. Dm3Builder.U32Payload(4, true)]);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(at + 15), -5);
        Assert.Contains("Dimensions", Fails(Write("negative.dm3", bytes)).Message);
    }

    [Fact]
    public void Read_DmDimensionsDisagreeWithData_Fails()
    {
        var bytes = Dm3Builder.SpectrumImage(true, [3, 2, 4]);
        // Rewrite the last Dimensions value (4 → 400000) without changing the data length.
        var at = LastIndexOf(bytes, [21, 0, 0, .. "%%%%"u8, .. Dm3Builder.U32(1), .. Dm3Builder.U32(5), .. Dm3Builder.U32Payload(4, true)]);
        Assert.True(at > 0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 15), 400_000);
        Assert.Contains("need", Fails(Write("dims.dm3", bytes)).Message);
    }

    [Fact]
    public void Read_DmUnsupportedDataType_FailsNamingDataType()
        => Assert.Contains("DataType", Fails(Write("type.dm3", Dm3Builder.SpectrumImage(true, [3, 2, 4], dataType: 4))).Message);

    [Fact]
    public void Read_DmNaNAndInfinity_AreKeptAndCountedByInspect()
    {
        var bytes = Dm3Builder.SpectrumImage(true, [2, 1, 2]);
        var first = LastIndexOf(bytes, Dm3Builder.F32Payload(1, true));
        Dm3Builder.F32Payload(float.NaN, true).CopyTo(bytes, first);
        Dm3Builder.F32Payload(float.PositiveInfinity, true).CopyTo(bytes, first + 4);
        var inspection = FileInspector.Inspect(Write("nan.dm3", bytes));
        Assert.Equal(1, inspection.Values.NaNCount);
        Assert.Equal(1, inspection.Values.InfinityCount);
        Assert.Equal(3, inspection.Values.Max);
    }

    [SkippableFact]
    public void Read_RippleSizeMismatch_NamesBothSizes()
    {
        var rpl = File.ReadAllText(SharedData.Require("rosettasciio/ripple/test_ripple_sdim-1_ndim-2_uint16.rpl"));
        var path = WriteText("pair.rpl", rpl);
        Write("pair.raw", new byte[47]);
        var error = Fails(path);
        Assert.Contains("48", error.Message);
        Assert.Contains("47", error.Message);
    }

    [Fact]
    public void Read_RippleMissingRaw_NamesTheCompanion()
        => Assert.Contains("alone.raw", Fails(WriteText("alone.rpl", "key\tvalue\nwidth\t2\nheight\t2\ndepth\t2\ndata-type\tunsigned\ndata-length\t1\n")).Message);

    [Fact]
    public void Read_RippleNegativeDimension_FailsNamingKey()
    {
        var path = WriteText("neg.rpl", "key\tvalue\nwidth\t-2\nheight\t2\ndepth\t2\ndata-type\tunsigned\ndata-length\t1\n");
        Write("neg.raw", new byte[8]);
        Assert.Contains("'width'", Fails(path).Message);
    }

    [Fact]
    public void Read_RippleAbsurdDimensions_FailsWithoutAllocating()
    {
        var path = WriteText("big.rpl", "key\tvalue\nwidth\t2000000000\nheight\t2000000000\ndepth\t2000000000\ndata-type\tunsigned\ndata-length\t8\n");
        Write("big.raw", new byte[8]);
        Assert.Contains("absurd", Fails(path).Message);
    }

    [Fact]
    public void Read_RippleUnsupportedType_FailsNamingDataType()
    {
        var path = WriteText("f16.rpl", "key\tvalue\nwidth\t2\nheight\t1\ndepth\t1\ndata-type\tfloat\ndata-length\t2\n");
        Write("f16.raw", new byte[4]);
        Assert.Contains("data-type", Fails(path).Message);
    }

    [Fact]
    public void Read_RippleCompanionOption_ReadsTheGivenRaw()
    {
        var path = WriteText("hdr.rpl", "key\tvalue\nwidth\t2\nheight\t1\ndepth\t3\ndata-type\tunsigned\ndata-length\t1\nbyte-order\tdont-care\nrecord-by\tvector\n");
        var raw = Write("elsewhere.bin", [1, 2, 3, 4, 5, 6]);
        var image = SpectrumImageReader.Read(path, new ReadOptions { RippleCompanionPath = raw });
        Assert.Equal((1, 2, 3), (image.Rows, image.Columns, image.Channels));
        Assert.Equal(21, image.Data.ToDoubleArray().Sum());
    }

    [Fact]
    public void Read_RippleBigEndianInt16_IsSwapped()
    {
        var path = WriteText("be.rpl", "key\tvalue\nwidth\t2\nheight\t1\ndepth\t1\ndata-type\tsigned\ndata-length\t2\nbyte-order\tbig-endian\nrecord-by\tdont-care\n");
        Write("be.raw", [0x01, 0x02, 0xFF, 0xFE]);
        var image = SpectrumImageReader.Read(path);
        Assert.Equal(new short[] { 0x0102, -2 }, image.Data.GetData<short>());
    }

    [Fact]
    public void Read_EmsaWithoutSpectrum_FailsNamingKey()
        => Assert.Contains("SPECTRUM", Fails(WriteText("nodata.msa", "#FORMAT : EMSA/MAS Spectral Data File\n#VERSION : 1.0\n")).Message);

    [Fact]
    public void Read_EmsaBadNumber_FailsNamingLine()
        => Assert.Contains("line 3", Fails(WriteText("bad.msa", "#FORMAT : EMSA/MAS Spectral Data File\n#SPECTRUM : x\n1, 2, abc\n")).Message);

    [Fact]
    public void Read_EmsaLenient_AcceptsMixedSeparatorsAndNoEndMarker()
    {
        var image = SpectrumImageReader.Read(WriteText("ok.msa", "#FORMAT : EMSA/MAS Spectral Data File\n#NPOINTS : 5\n#XPERCHAN -eV: 2.0\n#OFFSET : -1\n#SPECTRUM : x\n1, 2,3 4,\n5\n"));
        Assert.Equal(new double[] { 1, 2, 3, 4, 5 }, image.Data.GetData<double>());
        Assert.Equal((-1.0, 2.0), (image.ChannelAxis.Offset, image.ChannelAxis.Scale));
    }

    [Fact]
    public void Read_EmsaNaN_IsAllowedAndReported()
    {
        var inspection = FileInspector.Inspect(WriteText("nan.msa", "#FORMAT : EMSA/MAS Spectral Data File\n#SPECTRUM : x\n1, NaN, 3\n"));
        Assert.Equal(1, inspection.Values.NaNCount);
        Assert.Equal(2, inspection.Values.Mean);
    }

    [Fact]
    public void Read_NpyTruncated_Fails()
    {
        var bytes = Kiseki.Abstractions.Arrays.NpyFormat.ToBytes(Kiseki.Abstractions.Arrays.NdArray.Create(new double[24], 2, 3, 4));
        Assert.Contains("remain", Fails(Write("cut.npy", bytes[..^8])).Message);
    }

    [Fact]
    public void Read_NpyRank4_SqueezesLeadingOnes()
    {
        var bytes = Kiseki.Abstractions.Arrays.NpyFormat.ToBytes(Kiseki.Abstractions.Arrays.NdArray.Create(new float[6], 1, 1, 2, 3));
        var image = SpectrumImageReader.Read(Write("r4.npy", bytes));
        Assert.Equal((1, 2, 3), (image.Rows, image.Columns, image.Channels));
    }

    [Fact]
    public void Read_NpyRank4_FailsWhenNotSqueezable()
    {
        var bytes = Kiseki.Abstractions.Arrays.NpyFormat.ToBytes(Kiseki.Abstractions.Arrays.NdArray.Create(new float[16], 2, 2, 2, 2));
        Assert.Contains("rank", Fails(Write("r4b.npy", bytes)).Message);
    }

    [Fact]
    public void Read_NpyRank2ChannelsFirst_IsTransposed()
    {
        var bytes = Kiseki.Abstractions.Arrays.NpyFormat.ToBytes(Kiseki.Abstractions.Arrays.NdArray.Create(new double[] { 1, 2, 3, 4, 5, 6 }, 3, 2));
        var path = Write("cf.npy", bytes);
        var last = SpectrumImageReader.Read(path);
        var first = SpectrumImageReader.Read(path, new ReadOptions { ChannelsFirst = true });
        Assert.Equal((1, 3, 2), (last.Rows, last.Columns, last.Channels));
        Assert.Equal((1, 2, 3), (first.Rows, first.Columns, first.Channels));
        Assert.Equal(new double[] { 1, 3, 5, 2, 4, 6 }, first.Data.GetData<double>());
    }

    [Fact]
    public void Read_NpzWithAbsurdDeclaredSize_Fails()
    {
        using var stream = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(stream, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry("X.npy", System.IO.Compression.CompressionLevel.Optimal);
            using var s = entry.Open();
            s.Write(Kiseki.Abstractions.Arrays.NpyFormat.ToBytes(Kiseki.Abstractions.Arrays.NdArray.Create(new double[4], 4)));
        }

        var bytes = stream.ToArray();
        // Patch the central directory's uncompressed size (offset 24 in the central header) to 4 GiB − 1.
        var central = LastIndexOf(bytes, [0x50, 0x4B, 0x01, 0x02]);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(central + 24), uint.MaxValue - 1);
        Fails(Write("absurd.npz", bytes));
    }

    [Fact]
    public void Read_MatWithBadEndianIndicator_Fails()
    {
        var bytes = new byte[200];
        "MATLAB 5.0 MAT-file"u8.CopyTo(bytes);
        bytes[126] = (byte)'I';
        bytes[127] = (byte)'M';
        var path = Write("empty.mat", bytes);
        Assert.Contains("no numeric array", Fails(path).Message);
    }

    [Fact]
    public void Read_Hdf5NotHyperSpy_Fails()
    {
        var file = new PureHDF.H5File { ["x"] = new double[] { 1, 2 } };
        var path = _temp.Combine("plain.h5");
        file.Write(path);
        Assert.Contains("Experiments", Fails(path).Message);
    }

    private static int LastIndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = haystack.Length - needle.Length; i >= 0; i--)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        return -1;
    }
}
