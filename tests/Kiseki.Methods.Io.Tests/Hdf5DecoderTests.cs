using System.Buffers.Binary;
using Kiseki.Methods.Io.Formats.Hdf5;
using Kiseki.Testing;

namespace Kiseki.Methods.Io.Tests;

/// <summary>
/// The bounded HDF5 decoder behind the HyperSpy reader: values of the real files (oracles from h5py 3 on the same
/// files) and crafted damage (huge dimension, huge heap, cyclic B-tree, chunk outside the file, oversized inflation)
/// that must end in a <see cref="FileFormatException"/> without large allocations.
/// </summary>
public sealed class Hdf5DecoderTests : IDisposable
{
    private const string CoreShell = "nist_hyperspy_tutorial/core_shell.hspy";
    private const string SiO2 = "nist_hyperspy_tutorial/SiO2 EDS Spectrum Image.hspy";
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [SkippableFact]
    public void Open_CoreShell_GroupsAttributesAndChunkedDataMatchH5py()
    {
        using var file = Hdf5File.Open(SharedData.Require(CoreShell));
        Assert.Equal("HyperSpy", file.Root.StringAttribute("file_format"));
        Assert.Equal("3.1", file.Root.StringAttribute("file_format_version"));
        var experiments = file.Root.Group("Experiments")!;
        Assert.Equal(["Core shell"], experiments.Names);
        var experiment = experiments.Group("Core shell")!;
        var energy = experiment.Group("axis-2")!;
        Assert.Equal("Energy", energy.StringAttribute("name"));
        Assert.Equal(0.16, energy.NumberAttribute("offset"));
        Assert.Equal(992, energy.NumberAttribute("size"));
        Assert.Equal(1, energy.NumberAttribute("is_binned"));
        Assert.Equal(0, energy.NumberAttribute("navigate"));
        Assert.Null(energy.StringAttribute("scale"));
        Assert.Null(energy.Attribute("missing"));

        var data = experiment.Dataset("data")!;
        Assert.Equal(new ulong[] { 64, 64, 992 }, data.Space.Dimensions);
        Assert.Equal(Hdf5LayoutClass.Chunked, data.Layout.Class);
        Assert.Equal(new[] { Hdf5Filter.Shuffle, Hdf5Filter.Deflate }, data.Filters.Select(f => f.Id));
        var values = data.Read<uint>(long.MaxValue);
        Assert.Equal(884_071, values.Sum(v => (long)v));
        Assert.Equal(68u, values.Max());
        Assert.Equal(1_748_901, Array.IndexOf(values, 68u));
        Assert.Equal(394_389, Checksum(values));
        Assert.Equal(198, values.AsSpan(((63 * 64) + 0) * 992, 992).ToArray().Sum(v => (long)v));

        var elements = experiment.Group("metadata")!.Group("Sample")!.Dataset("elements")!;
        Assert.Equal(Hdf5TypeClass.String, elements.Type.Class);
        Assert.Equal(new ushort[] { 'F' | ('e' << 8), 'P' | ('t' << 8) }, elements.Read<ushort>(1024));
    }

    [SkippableFact]
    public void Open_SiO2_LargeSparseChunkedDataMatchesH5py()
    {
        using var file = Hdf5File.Open(SharedData.Require(SiO2));
        var experiment = file.Root.Group("Experiments")!.Group("EDS Spectrum Image")!;
        Assert.Equal(0.009999999776482582, experiment.Group("axis-2")!.NumberAttribute("scale"));
        Assert.Equal("µm", experiment.Group("axis-0")!.StringAttribute("units"));
        Assert.Equal("EDS_TEM", experiment.Group("metadata")!.Group("Signal")!.StringAttribute("signal_type"));
        var values = experiment.Dataset("data")!.Read<uint>(long.MaxValue);
        Assert.Equal(128 * 128 * 2048, values.Length);
        Assert.Equal(823_049, values.Sum(v => (long)v));
        Assert.Equal(32_719_022, Array.IndexOf(values, 22u));
        Assert.Equal(242_978, Checksum(values));
        Assert.Equal(17, values.AsSpan(127 * 128 * 2048, 2048).ToArray().Sum(v => (long)v));
    }

    [SkippableFact]
    public void Read_HugeDimension_RefusedBeforeAllocating()
    {
        var bytes = File.ReadAllBytes(SharedData.Require(CoreShell));
        var dims = new byte[24];
        BinaryPrimitives.WriteUInt64LittleEndian(dims, 64);
        BinaryPrimitives.WriteUInt64LittleEndian(dims.AsSpan(8), 64);
        BinaryPrimitives.WriteUInt64LittleEndian(dims.AsSpan(16), 992);
        var at = bytes.AsSpan().IndexOf(dims);
        Assert.True(at > 0);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at + 16), 1UL << 40);
        var error = FailsWithin(bytes, 16 << 20);
        Assert.Contains("/Experiments/Core shell/data", error.Message);
    }

    [SkippableFact]
    public void Read_HugeLocalHeap_RefusedBeforeAllocating()
    {
        var bytes = File.ReadAllBytes(SharedData.Require(CoreShell));
        var heap = bytes.AsSpan().IndexOf("HEAP"u8);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(heap + 8), 1UL << 40);
        Assert.Contains("larger than the file", FailsWithin(bytes, 16 << 20).Message);
    }

    [SkippableFact]
    public void Read_CyclicChunkBTree_Refused()
    {
        var bytes = File.ReadAllBytes(SharedData.Require(CoreShell));
        var node = ChunkTree(bytes);
        bytes[node + 5] = 1;
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(node + 24 + 40), (ulong)node);
        Assert.Contains("reached twice", FailsWithin(bytes, 16 << 20).Message);
    }

    [SkippableFact]
    public void Read_ChunkOutsideFile_Refused()
    {
        var bytes = File.ReadAllBytes(SharedData.Require(CoreShell));
        var node = ChunkTree(bytes);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(node + 24 + 40), (ulong)bytes.Length + 4096);
        Assert.Contains("outside the file", FailsWithin(bytes, 32 << 20).Message);
    }

    [SkippableFact]
    public void Read_TruncatedChunk_Refused()
    {
        var bytes = File.ReadAllBytes(SharedData.Require(CoreShell));
        var node = ChunkTree(bytes);
        var stored = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(node + 24));
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(node + 24), stored / 2);
        Assert.Contains("decodes to", FailsWithin(bytes, 32 << 20).Message);
    }

    [SkippableFact]
    public void Read_ChunkInflatingBeyondItsDeclaredSize_Refused()
    {
        var bytes = File.ReadAllBytes(SharedData.Require(CoreShell));
        var chunkDims = new byte[16];
        uint[] dims = [15, 15, 992, 4];
        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(chunkDims.AsSpan(4 * i), dims[i]);
        }

        var at = bytes.AsSpan().IndexOf(chunkDims);
        Assert.True(at > 0);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at + 8), 496);
        Assert.Contains("inflates beyond", FailsWithin(bytes, 32 << 20).Message);
    }

    [Fact]
    public void Read_FileWrittenWithNewerFormat_MatchesWhatWasWritten()
    {
        // PureHDF writes superblock v2+, OHDR object headers and link messages, and stores arrays contiguously.
        var values = new float[2, 3, 4];
        for (var i = 0; i < values.Length; i++)
        {
            values[i / 12, i / 4 % 3, i % 4] = (i * 0.5f) - 3;
        }

        var file = new PureHDF.H5File
        {
            Attributes = new() { ["file_format"] = "HyperSpy", ["file_format_version"] = "3.1" },
            ["Experiments"] = new PureHDF.H5Group
            {
                ["sig"] = new PureHDF.H5Group
                {
                    ["data"] = values,
                    ["axis-2"] = new PureHDF.H5Group { Attributes = new() { ["name"] = "Energy", ["scale"] = 0.25, ["offset"] = -1.5, ["units"] = "keV", ["navigate"] = (byte)0 } },
                    ["axis-0"] = new PureHDF.H5Group { Attributes = new() { ["name"] = "y", ["scale"] = 2.0f, ["navigate"] = 1 } },
                },
            },
        };
        var path = _temp.Combine("written.hspy");
        file.Write(path);
        var image = SpectrumImageReader.Read(path);
        Assert.Equal((2, 3, 4), (image.Rows, image.Columns, image.Channels));
        Assert.Equal(values.Cast<float>().ToArray(), image.Data.GetData<float>());
        Assert.Equal(("Energy", 0.25, -1.5, "keV"), (image.ChannelAxis.Name, image.ChannelAxis.Scale, image.ChannelAxis.Offset, image.ChannelAxis.Units));
        Assert.Equal(("y", 2.0), (image.RowAxis.Name, image.RowAxis.Scale));
    }

    [SkippableTheory]
    [InlineData(65536)]
    [InlineData(int.MaxValue)]
    public void Read_SiO2RecordedHeaderBitFlip_ReadsOrRefusesWithinBound(int range)
    {
        // Mode 0, a 294172500, b 944974276 of DataFileCorruptionTests: one flipped bit in the object headers.
        var bytes = File.ReadAllBytes(SharedData.Require(SiO2));
        bytes[294_172_500 % Math.Min(range, bytes.Length)] ^= (byte)(1 << (944_974_276 % 8));
        var path = _temp.Combine("flip.hspy");
        File.WriteAllBytes(path, bytes);
        var start = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            Assert.Equal(128 * 128 * 2048, SpectrumImageReader.Read(path).Data.Length);
        }
        catch (FileFormatException e)
        {
            Assert.Contains("flip.hspy", e.Message);
        }

        Assert.True(GC.GetAllocatedBytesForCurrentThread() - start < 512L << 20, "the read allocated more than 512 MiB");
    }

    [Fact]
    public void Read_NotHdf5_Refused()
    {
        var path = _temp.Combine("x.hspy");
        File.WriteAllBytes(path, [0x89, .. "HDF\r\n\x1a\n"u8, 9, 0, 0, 0]);
        Assert.Throws<FileFormatException>(() => Hdf5File.Open(path));
    }

    /// <summary>Position of the chunk index node (<c>TREE</c>, type 1) in the file.</summary>
    private static int ChunkTree(byte[] bytes)
    {
        for (var at = bytes.AsSpan().IndexOf("TREE"u8); at >= 0; at = bytes.AsSpan(at + 4).IndexOf("TREE"u8) is var n and >= 0 ? at + 4 + n : -1)
        {
            if (bytes[at + 4] == 1)
            {
                return at;
            }
        }

        throw new InvalidOperationException("no chunk B-tree");
    }

    private FileFormatException FailsWithin(byte[] bytes, long allocationLimit)
    {
        var path = _temp.Combine("case.hspy");
        File.WriteAllBytes(path, bytes);
        var start = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<FileFormatException>(() => SpectrumImageReader.Read(path));
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - start < allocationLimit, "the refusal allocated too much");
        Assert.Contains("case.hspy", error.Message);
        return error;
    }

    /// <summary>Σ (value · flat index mod 1000003) mod 1000003, as computed with NumPy int64.</summary>
    private static long Checksum(uint[] values)
    {
        long sum = 0;
        for (long i = 0; i < values.Length; i++)
        {
            sum += values[i] * i % 1_000_003;
        }

        return sum % 1_000_003;
    }
}
