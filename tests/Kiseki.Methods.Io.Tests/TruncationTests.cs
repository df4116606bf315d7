using System.Globalization;
using System.Text;
using Kiseki.Abstractions.Arrays;
using Kiseki.Methods.Io;
using Kiseki.Testing;

namespace Kiseki.Methods.Io.Tests;

/// <summary>A file holding fewer values than its header declares is refused (or read with a warning when allowed); a huge NPY shape is named.</summary>
public sealed class TruncationTests
{
    [Fact]
    public void Emsa_FewerValuesThanNpoints_IsRefusedNamingNpoints()
    {
        using var folder = new TempDirectory();
        var path = WriteMsa(folder, declared: 80, present: 24);

        var error = Assert.Throws<FileFormatException>(() => SpectrumImageReader.Read(path));

        Assert.Contains("NPOINTS", error.Message);
        Assert.Contains("80", error.Message);
        Assert.Contains("24", error.Message);
    }

    [Fact]
    public void Emsa_FewerValuesThanNpointsWithAllowTruncated_ReadsWhatIsThereAndSaysSo()
    {
        using var folder = new TempDirectory();
        var path = WriteMsa(folder, declared: 80, present: 24);

        var image = SpectrumImageReader.Read(path, new ReadOptions { AllowTruncated = true });

        Assert.Equal(24, image.Channels);
        Assert.Equal(80, image.Source["truncated"]!["declared"]!.GetValue<long>());
        Assert.Equal(24, image.Source["truncated"]!["read"]!.GetValue<int>());
    }

    [Fact]
    public void Emsa_AllDeclaredValues_ReadWithoutTruncationNote()
    {
        using var folder = new TempDirectory();
        var image = SpectrumImageReader.Read(WriteMsa(folder, declared: 80, present: 80));

        Assert.Equal(80, image.Channels);
        Assert.Null(image.Source["truncated"]);
    }

    [Fact]
    public void Npy_ShapeWhoseByteSizeOverflows_IsRefusedWithAMessageNamingTheShape()
    {
        using var folder = new TempDirectory();
        var path = folder.Combine("huge.npy");
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2147483647, 2147483647, 2147483647), }";
        header = header.PadRight(118) + "\n";
        using (var stream = File.Create(path))
        {
            stream.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
            stream.Write(BitConverter.GetBytes((ushort)header.Length));
            stream.Write(Encoding.ASCII.GetBytes(header));
            stream.Write(new byte[64]);
        }

        var error = Assert.Throws<FileFormatException>(() => SpectrumImageReader.Read(path));

        Assert.DoesNotContain("Arithmetic operation", error.Message);
        Assert.Contains("2147483647", error.Message);
        Assert.Throws<InvalidDataException>(() => NpyFormat.Read(File.OpenRead(path)));
    }

    private static string WriteMsa(TempDirectory folder, int declared, int present)
    {
        var text = new StringBuilder();
        text.Append("#FORMAT      : EMSA/MAS Spectral Data File\n#VERSION     : 1.0\n#TITLE       : cut\n");
        text.Append(CultureInfo.InvariantCulture, $"#NPOINTS     : {declared}.\n#NCOLUMNS    : 1.\n#XUNITS      : eV\n#YUNITS      : counts\n");
        text.Append("#DATATYPE    : Y\n#XPERCHAN    : 10.0\n#OFFSET      : 0.0\n#SPECTRUM    : Spectral Data Starts Here\n");
        for (var i = 0; i < present; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{i * 3 + 1}.0,\n");
        }

        if (present == declared)
        {
            text.Append("#ENDOFDATA   : End Of Data and File\n");
        }

        var path = folder.Combine("cut.msa");
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
