using Kiseki.Abstractions.Arrays;
using Kiseki.Testing;

namespace Kiseki.Methods.Io.Tests;

/// <summary>
/// Out-of-core reading (<see cref="SpectrumImageReader.OpenRows"/>): rows read by positioned reads equal the whole-file
/// reader's values for .npy, Ripple and contiguous HDF5, and unstreamable or damaged files are refused clearly.
/// </summary>
public sealed class RowReadingTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableTheory]
    [InlineData("rosettasciio/ripple/test_ripple_sdim-1_ndim-2_uint16.rpl")]
    [InlineData("rosettasciio/ripple/test_ripple_sdim-1_ndim-2_float32_meta.rpl")]
    [InlineData("rosettasciio/ripple/test_ripple_sdim-1_ndim-2_int32.rpl")]
    [InlineData("rosettasciio/ripple/test_ripple_sdim-1_ndim-1_float64_meta.rpl")]
    public void OpenRows_RippleVector_SameValuesAsTheWholeReader(string file)
    {
        var path = SharedData.Require(file);
        AssertSameAsWhole(path);
    }

    [SkippableFact]
    public void OpenRows_RippleRecordByImage_RefusedWithTheReason()
    {
        var path = SharedData.Require("rosettasciio/ripple/test_ripple_sdim-2_ndim-1_uint16.rpl");
        var e = Assert.Throws<FileFormatException>(() => SpectrumImageReader.OpenRows(path));
        Assert.Contains("record-by vector", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenRows_NpyOfSeveralTypes_SameValuesAsTheWholeReader()
    {
        var counts = Enumerable.Range(0, 5 * 7 * 11).Select(i => (ushort)((i * 37) % 1000)).ToArray();
        AssertSameAsWhole(Npy("u16.npy", NdArray.Create(counts, 5, 7, 11)));
        AssertSameAsWhole(Npy("f64.npy", NdArray.Create(counts.Select(c => c * 0.5).ToArray(), 35, 11)));
        AssertSameAsWhole(Npy("i64.npy", NdArray.Create(counts.Select(c => (long)c - 400).ToArray(), 5, 7, 11)));
    }

    [Fact]
    public void OpenRows_TruncatedNpy_NamesTheFile()
    {
        var path = Npy("cut.npy", NdArray.Create(new float[6 * 9], 2, 3, 9));
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^4]);
        var e = Assert.Throws<FileFormatException>(() => SpectrumImageReader.OpenRows(path));
        Assert.Contains("cut.npy", e.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenRows_ContiguousHdf5_SameValuesAsTheWholeReader()
    {
        // Over 64 KiB, so the writer stores it contiguously rather than compact in the object header.
        var values = new ushort[3, 4, 3000];
        for (var i = 0; i < values.Length; i++)
        {
            values[i / 12000, i / 3000 % 4, i % 3000] = (ushort)((i * 97) % 4000);
        }

        var path = _temp.Combine("contiguous.hspy");
        HyperSpyFile(values).Write(path);
        AssertSameAsWhole(path);
    }

    [SkippableFact]
    public void OpenRows_ChunkedHdf5_RefusedWithTheReason()
    {
        var path = SharedData.Require("nist_hyperspy_tutorial/core_shell.hspy");
        var e = Assert.Throws<FileFormatException>(() => SpectrumImageReader.OpenRows(path));
        Assert.Contains("contiguous", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OpenRows_Hdf5ContiguousDataCutOff_Refused()
    {
        var path = _temp.Combine("short.hspy");
        HyperSpyFile(new ushort[8, 8, 1024]).Write(path);
        using (var file = Kiseki.Methods.Io.Formats.Hdf5.Hdf5File.Open(path))
        {
            var data = file.Root.Group("Experiments")!.Group("sig")!.Dataset("data")!;
            var end = data.ContiguousOffset() + (8 * 8 * 1024 * 2);
            var bytes = File.ReadAllBytes(path);
            Assert.True(end <= bytes.Length);
            File.WriteAllBytes(path, bytes[..(int)(end - 100)]);
        }

        var e = Assert.Throws<FileFormatException>(() => SpectrumImageReader.OpenRows(path));
        Assert.Contains("short.hspy", e.Message, StringComparison.Ordinal); // the cut also takes metadata written after the data
    }

    [Fact]
    public void OpenRows_FormatWithoutRowLayout_Refused()
    {
        var path = _temp.Combine("x.msa");
        File.WriteAllText(path, "#FORMAT      : EMSA/MAS Spectral Data File\n#VERSION     : 1.0\n#NPOINTS     : 2\n#SPECTRUM    :\n1, 2\n3, 4\n#ENDOFDATA   :\n");
        var e = Assert.Throws<FileFormatException>(() => SpectrumImageReader.OpenRows(path));
        Assert.Contains("cannot be read by rows", e.Message, StringComparison.Ordinal);
    }

    private string Npy(string name, NdArray array)
    {
        var path = _temp.Combine(name);
        using var stream = File.Create(path);
        NpyFormat.Write(stream, array);
        return path;
    }

    private static PureHDF.H5File HyperSpyFile(Array values) => new()
    {
        Attributes = new() { ["file_format"] = "HyperSpy", ["file_format_version"] = "3.1" },
        ["Experiments"] = new PureHDF.H5Group
        {
            ["sig"] = new PureHDF.H5Group
            {
                ["data"] = values,
                ["axis-2"] = new PureHDF.H5Group { Attributes = new() { ["name"] = "Energy", ["navigate"] = (byte)0 } },
            },
        },
    };

    private static void AssertSameAsWhole(string path)
    {
        var whole = SpectrumImageReader.Read(path);
        using var rows = SpectrumImageReader.OpenRows(path);
        Assert.Equal(whole.Channels, rows.Columns);
        Assert.Equal(whole.Rows * whole.Columns, rows.Rows);
        var values = new double[rows.Rows * rows.Columns];
        for (var start = 0; start < rows.Rows; start += 3)
        {
            var count = Math.Min(3, rows.Rows - start);
            rows.ReadRows(start, count, values.AsSpan(start * rows.Columns, count * rows.Columns));
        }

        Assert.Equal(whole.Data.ToDoubleArray(), values);
        Assert.Contains(values, v => v != 0);
    }
}
