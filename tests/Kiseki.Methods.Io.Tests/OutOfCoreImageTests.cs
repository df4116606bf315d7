using System.Text;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Io.ReadSpectrumImage;
using Kiseki.Testing;

namespace Kiseki.Methods.Io.Tests;

/// <summary>
/// Spectrum images left in their files (<see cref="SpectrumImageReader.OpenOutOfCore"/>): the same layout, axes,
/// signal, source and values as the whole reader, whether read by rows or loaded; and
/// <c>io.read-spectrum-image</c> leaves an image over the array memory budget in its file.
/// </summary>
public sealed class OutOfCoreImageTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    public static TheoryData<int[]> Shapes => new() { new[] { 5, 7, 11 }, new[] { 35, 11 }, new[] { 11 }, new[] { 1, 1, 5, 7, 11 }, new[] { 1, 5, 7, 11 } };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void OpenOutOfCore_Npy_SameImageAsTheWholeReader(int[] shape)
    {
        var n = (int)NdArray.ElementCount(shape);
        var path = Npy("a.npy", NdArray.Create(Enumerable.Range(0, n).Select(i => (ushort)((i * 37) % 1000)).ToArray(), shape));
        AssertSameAsWhole(path);
    }

    [Fact]
    public void OpenOutOfCore_BigEndianFloat64Npy_SameImageAsTheWholeReader()
    {
        var array = NdArray.Create(Enumerable.Range(0, 4 * 3 * 9).Select(i => (i * 0.37) - 3).ToArray(), 4, 3, 9);
        var bytes = NpyFormat.ToBytes(array);
        var header = Encoding.ASCII.GetString(bytes, 0, 128);
        var at = header.IndexOf("<f8", StringComparison.Ordinal);
        Assert.True(at > 0);
        bytes[at] = (byte)'>';
        var dataStart = bytes.Length - (int)(array.Length * 8);
        for (var i = dataStart; i < bytes.Length; i += 8)
        {
            Array.Reverse(bytes, i, 8);
        }

        var path = _temp.Combine("big.npy");
        File.WriteAllBytes(path, bytes);
        AssertSameAsWhole(path);
        Assert.Equal(array.GetData<double>(), SpectrumImageReader.OpenOutOfCore(path)!.Data.GetData<double>());
    }

    [Fact]
    public void OpenOutOfCore_LayoutsThatCannotBeReadByRows_Null()
    {
        var path = Npy("c.npy", NdArray.Create(new float[2 * 3 * 4], 2, 3, 4));
        Assert.Null(SpectrumImageReader.OpenOutOfCore(path, new ReadOptions { ChannelsFirst = true }));
        var complex = Npy("z.npy", NdArray.Create(new Complex64[6], 2, 3));
        Assert.Null(SpectrumImageReader.OpenOutOfCore(complex));
        var msa = _temp.Combine("x.msa");
        File.WriteAllText(msa, "#FORMAT      : EMSA/MAS Spectral Data File\n#VERSION     : 1.0\n#NPOINTS     : 2\n#SPECTRUM    :\n1, 2\n3, 4\n#ENDOFDATA   :\n");
        Assert.Null(SpectrumImageReader.OpenOutOfCore(msa));
    }

    [Fact]
    public void OpenOutOfCore_TruncatedNpy_RefusedNamingTheFile()
    {
        var path = Npy("cut.npy", NdArray.Create(new ushort[6 * 9], 2, 3, 9));
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..^3]);
        var e = Assert.Throws<FileFormatException>(() => SpectrumImageReader.OpenOutOfCore(path));
        Assert.Contains("cut.npy", e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenOutOfCore_HostileHeader_RefusedNamingTheFile()
    {
        var path = _temp.Combine("evil.npy");
        var header = "{'descr': '<u2', 'fortran_order': False, 'shape': (99999999999, 3), }";
        File.WriteAllBytes(path, [0x93, .. "NUMPY"u8, 1, 0, (byte)header.Length, 0, .. Encoding.ASCII.GetBytes(header)]);
        var e = Assert.Throws<FileFormatException>(() => SpectrumImageReader.OpenOutOfCore(path));
        Assert.Contains("evil.npy", e.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void OpenOutOfCore_RippleVector_SameImageAsTheWholeReader()
    {
        AssertSameAsWhole(SharedData.Require("rosettasciio/ripple/test_ripple_sdim-1_ndim-2_float32_meta.rpl"));
        AssertSameAsWhole(SharedData.Require("rosettasciio/ripple/test_ripple_sdim-1_ndim-2_uint16.rpl"));
    }

    [Fact]
    public void OpenOutOfCore_ContiguousHdf5_SameImageAsTheWholeReader()
    {
        // Over 64 KiB, so the writer stores it contiguously rather than compact in the object header.
        var values = new ushort[3, 4, 3000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i / 12000, i / 3000 % 4, i % 3000] = (ushort)((i * 97) % 4000);
        }

        var path = _temp.Combine("contiguous.hspy");
        new PureHDF.H5File
        {
            Attributes = new() { ["file_format"] = "HyperSpy", ["file_format_version"] = "3.1" },
            ["Experiments"] = new PureHDF.H5Group
            {
                ["sig"] = new PureHDF.H5Group
                {
                    ["data"] = values,
                    ["axis-0"] = new PureHDF.H5Group { Attributes = new() { ["name"] = "y", ["navigate"] = (byte)1, ["scale"] = 2.5, ["units"] = "nm" } },
                    ["axis-2"] = new PureHDF.H5Group { Attributes = new() { ["name"] = "Energy", ["navigate"] = (byte)0, ["offset"] = 100.0, ["scale"] = 0.5, ["units"] = "eV" } },
                },
            },
        }.Write(path);
        AssertSameAsWhole(path);
        var image = SpectrumImageReader.OpenOutOfCore(path)!;
        Assert.Equal(("Energy", 100.0, 0.5, "eV"), (image.ChannelAxis.Name, image.ChannelAxis.Offset, image.ChannelAxis.Scale, image.ChannelAxis.Units));
        Assert.Equal("nm", image.RowAxis.Units);
    }

    [SkippableFact]
    public void OpenOutOfCore_ChunkedHdf5_Null()
        => Assert.Null(SpectrumImageReader.OpenOutOfCore(SharedData.Require("nist_hyperspy_tutorial/core_shell.hspy")));

    [SkippableFact]
    public void OpenOutOfCore_RippleRecordByImage_Null()
        => Assert.Null(SpectrumImageReader.OpenOutOfCore(SharedData.Require("rosettasciio/ripple/test_ripple_sdim-2_ndim-1_uint16.rpl")));

    [Fact]
    public async Task ReadMethod_OverTheBudget_LeavesTheImageInItsFile_UnderIt_Loads()
    {
        var values = Enumerable.Range(0, 6 * 5 * 8).Select(i => (ushort)(i % 13)).ToArray();
        var path = Npy("m.npy", NdArray.Create(values, 6, 5, 8));
        var inputs = new ReadSpectrumImageInputs { File = new FileArtifact(path, ContentHash.Of([1]), new FileInfo(path).Length) };
        var method = new ReadSpectrumImageMethod();

        var small = await method.RunAsync(inputs, new ReadSpectrumImageParameters(), Context(480), default);
        var large = await method.RunAsync(inputs, new ReadSpectrumImageParameters { Signal = "eds" }, Context(479), default);

        Assert.True(small.Outputs.Image.IsLoaded);
        Assert.False(large.Outputs.Image.IsLoaded);
        Assert.Equal(SignalKind.Eds, large.Outputs.Image.Signal);
        Assert.Equal(DType.UInt16, large.Outputs.Image.DType);
        Assert.False(large.Outputs.Image.IsLoaded);
        Assert.Equal(values, large.Outputs.Image.Data.GetData<ushort>());
    }

    private static MethodContext Context(long budget) => MethodContext.CreateStandalone(arrayMemoryBudget: budget);

    private string Npy(string name, NdArray array)
    {
        var path = _temp.Combine(name);
        using var stream = File.Create(path);
        NpyFormat.Write(stream, array);
        return path;
    }

    private static void AssertSameAsWhole(string path)
    {
        var whole = SpectrumImageReader.Read(path);
        var lazy = SpectrumImageReader.OpenOutOfCore(path);
        Assert.NotNull(lazy);
        Assert.False(lazy.IsLoaded);
        Assert.Equal(whole.Axes, lazy.Axes);
        Assert.Equal(whole.Signal, lazy.Signal);
        Assert.Equal(whole.Source.ToJsonString(), lazy.Source.ToJsonString());
        Assert.Equal(whole.Data.DType, lazy.DType);
        using (var rows = lazy.File!.OpenRows())
        {
            Assert.Equal(whole.Pixels, rows.Rows);
            var values = new double[rows.Rows * rows.Columns];
            rows.ReadRows(0, rows.Rows, values);
            Assert.Equal(whole.Data.ToDoubleArray(), values);
            using var copy = new MemoryStream();
            rows.CopyElementsTo(copy);
            Assert.Equal(whole.Data.AsBytes().ToArray(), copy.ToArray());
        }

        Assert.False(lazy.IsLoaded);
        Assert.Equal(whole.Data.AsBytes().ToArray(), lazy.Data.AsBytes().ToArray());
        Assert.Equal(whole.Data.Shape, lazy.Data.Shape);
        Assert.True(lazy.IsLoaded);
    }
}
