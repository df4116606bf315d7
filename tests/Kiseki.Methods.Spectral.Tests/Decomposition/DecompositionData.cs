using System.Globalization;
using System.IO.Compression;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Randomness;

namespace Kiseki.Methods.Spectral.Tests.Decomposition;

internal static class DecompositionData
{
    public static SpectrumImage Image(double[] data, int rows, int cols, int channels) =>
        SpectrumImage.FromArray(NdArray.Create(data, rows, cols, channels), SignalKind.Eels);

    public static double[] Random(int length, ulong seed)
    {
        var random = new Xoshiro256StarStar(seed);
        return Enumerable.Range(0, length).Select(_ => random.NextDouble()).ToArray();
    }

    /// <summary>malspy's SI_data X (24, 22, 138) as a spectrum image.</summary>
    public static SpectrumImage SiData(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        using var stream = zip.GetEntry("X.npy")!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return SpectrumImage.FromArray(NpyFormat.Read(copy.ToArray()), SignalKind.Eels);
    }

    public static double[][] Csv(string path) =>
        File.ReadAllLines(path).Where(l => l.Length > 0)
            .Select(l => l.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray()).ToArray();

    /// <summary>Largest |a − s·b| / max|b| over entries, with s = ±1 chosen per column.</summary>
    public static double MaxRelativeErrorUpToSign(double[] a, double[][] b, int k)
    {
        var rows = b.Length;
        var worst = 0.0;
        for (var j = 0; j < k; j++)
        {
            var scale = b.Max(r => Math.Abs(r[j]));
            var plus = 0.0;
            var minus = 0.0;
            for (var i = 0; i < rows; i++)
            {
                plus = Math.Max(plus, Math.Abs(a[(i * k) + j] - b[i][j]));
                minus = Math.Max(minus, Math.Abs(a[(i * k) + j] + b[i][j]));
            }

            worst = Math.Max(worst, Math.Min(plus, minus) / scale);
        }

        return worst;
    }
}
