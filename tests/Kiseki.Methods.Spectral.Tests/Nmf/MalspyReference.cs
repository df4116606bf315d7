using System.Globalization;
using System.IO.Compression;
using Kiseki.Abstractions.Arrays;
using Kiseki.Testing;

namespace Kiseki.Methods.Spectral.Tests.Nmf;

/// <summary>Reads SI_data.npz and the malspy reference CSVs from shared/data.</summary>
internal static class MalspyReference
{
    public static NdArray LoadSiData()
    {
        var path = SharedData.Require("malspy/SI_data.npz");
        using var zip = ZipFile.OpenRead(path);
        var entry = zip.GetEntry("X.npy") ?? throw new InvalidDataException("X.npy missing from SI_data.npz");
        using var stream = entry.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return NpyFormat.Read(memory.ToArray());
    }

    public static double[][] Csv(string name)
    {
        var path = SharedData.Require($"reference/malspy/{name}");
        return File.ReadAllLines(path)
            .Where(line => line.Length > 0)
            .Select(line => line.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray())
            .ToArray();
    }

    /// <summary>Largest |a − b| / max|b| over all entries (relative to the reference's scale).</summary>
    public static double RelativeError(double[][] reference, Func<int, int, double> actual)
    {
        double worst = 0, scale = 0;
        foreach (var row in reference)
        {
            foreach (var v in row)
            {
                scale = Math.Max(scale, Math.Abs(v));
            }
        }

        for (var i = 0; i < reference.Length; i++)
        {
            for (var j = 0; j < reference[i].Length; j++)
            {
                worst = Math.Max(worst, Math.Abs(actual(i, j) - reference[i][j]));
            }
        }

        return scale == 0 ? worst : worst / scale;
    }
}
