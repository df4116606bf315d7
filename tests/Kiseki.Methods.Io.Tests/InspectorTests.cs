using System.Text.Json.Nodes;
using Kiseki.Testing;

namespace Kiseki.Methods.Io.Tests;

public sealed class InspectorTests
{
    [SkippableFact]
    public void Inspect_DmSpectrumImage_ReportsEverything()
    {
        var inspection = FileInspector.Inspect(SharedData.Require("scifidatasets/DMReader_SpectrumImage_SI-EELS.dm3"));
        Assert.Equal("dm3", inspection.Format);
        Assert.Equal([49, 6, 1024], inspection.Shape);
        Assert.Equal("float32", inspection.DType);
        Assert.Equal(Kiseki.Abstractions.Artifacts.SignalKind.Eels, inspection.Signal);
        Assert.Equal((44.0, 5446.0), (inspection.Values.Min, inspection.Values.Max));
        Assert.Equal(0, inspection.Values.NaNCount);
        Assert.Contains("ImageList", inspection.Metadata.TopLevelGroups);
        Assert.True(inspection.Metadata.TagCount > 100);
        var json = JsonNode.Parse(inspection.ToJson())!;
        Assert.Equal(350.0, json["axes"]![2]!["offset"]!.GetValue<double>(), 9);
        Assert.Equal("eV", json["axes"]![2]!["units"]!.GetValue<string>());
        var text = inspection.ToText();
        Assert.Contains("(49, 6, 1024)", text);
        Assert.Contains("eV", text);
    }

    [SkippableFact]
    public void Inspect_Emsa_SummarisesKeywords()
    {
        var inspection = FileInspector.Inspect(SharedData.Require("rosettasciio/msa/example2.msa"));
        Assert.Equal("emsa", inspection.Format);
        Assert.Contains("SIGNALTYPE", inspection.Metadata.TopLevelGroups);
        Assert.Equal(80, inspection.Shape[2]);
        Assert.Equal(200.0, inspection.Axes[2].Offset);
    }

    [Fact]
    public void Detect_Signatures_AreRecognisedWithoutExtensions()
    {
        Assert.Equal(FileFormat.Npy, FormatDetector.Detect([0x93, .. "NUMPY"u8, 1, 0]));
        Assert.Equal(FileFormat.Npz, FormatDetector.Detect("PK\x03\x04...."u8));
        Assert.Equal(FileFormat.Hspy, FormatDetector.Detect([0x89, .. "HDF\r\n\x1a\n"u8]));
        Assert.Equal(FileFormat.Emsa, FormatDetector.Detect("#FORMAT      : EMSA/MAS Spectral Data File\n"u8));
        Assert.Equal(FileFormat.Dm3, FormatDetector.Detect([0, 0, 0, 3, 0, 0, 0, 9, 0, 0, 0, 1, 1, 0, 0, 0]));
        Assert.Equal(FileFormat.Dm4, FormatDetector.Detect([0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 9, 0, 0, 0, 1]));
        Assert.Equal(FileFormat.Ripple, FormatDetector.Detect("key\tvalue\nwidth\t3\ndata-type\tfloat\n"u8));
        Assert.Equal(FileFormat.Unknown, FormatDetector.Detect("hello world, not data"u8));
    }
}
