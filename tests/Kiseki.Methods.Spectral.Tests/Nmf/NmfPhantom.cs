using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Randomness;

namespace Kiseki.Methods.Spectral.Tests.Nmf;

/// <summary>
/// A seeded EELS-like phantom: K edge-shaped spectra (a peak on a decaying step) times smooth Gaussian-blob maps (centres on a ring, width size/8),
/// Poisson counts with about <c>counts</c> at a full-weight peak. Layout (rows, cols, channels), float64.
/// </summary>
internal sealed record NmfPhantom(SpectrumImage Image, double[][] Spectra)
{
    public static NmfPhantom Create(int rows = 64, int cols = 64, int channels = 256, int k = 3, double counts = 50, ulong seed = 7)
    {
        var random = new Xoshiro256StarStar(seed);
        var spectra = new double[k][];
        for (var q = 0; q < k; q++)
        {
            var centre = 0.15 + (0.7 * q / Math.Max(1, k - 1));
            spectra[q] = new double[channels];
            for (var j = 0; j < channels; j++)
            {
                var e = j / (channels - 1.0);
                var peak = Math.Exp(-Math.Pow((e - centre) / 0.04, 2));
                var step = e > centre ? 0.3 * Math.Exp(-(e - centre) / 0.5) : 0;
                spectra[q][j] = peak + step;
            }
        }

        // blob centres on a ring (jittered by the seed) so that every component has nearly pure pixels
        var centres = new (double R, double C)[k];
        for (var q = 0; q < k; q++)
        {
            var angle = (2 * Math.PI * q / k) + (0.2 * random.NextDouble());
            centres[q] = ((rows / 2.0) + (rows * 0.3 * Math.Cos(angle)), (cols / 2.0) + (cols * 0.3 * Math.Sin(angle)));
        }

        var width = Math.Max(rows, cols) / 8.0;
        var data = new double[rows * cols * channels];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                var weights = new double[k];
                for (var q = 0; q < k; q++)
                {
                    var d2 = Math.Pow(r - centres[q].R, 2) + Math.Pow(c - centres[q].C, 2);
                    weights[q] = Math.Exp(-d2 / (2 * width * width));
                }

                for (var j = 0; j < channels; j++)
                {
                    var mean = 0.0;
                    for (var q = 0; q < k; q++)
                    {
                        mean += weights[q] * spectra[q][j];
                    }

                    data[(((r * cols) + c) * channels) + j] = random.NextPoisson(counts * mean);
                }
            }
        }

        return new NmfPhantom(SpectrumImage.FromArray(NdArray.Create(data, rows, cols, channels), SignalKind.Eels), spectra);
    }

    /// <summary>The smallest cosine between each true spectrum and its match, over the best matching permutation.</summary>
    public static double WorstMatchedCosine(double[][] truth, NdArray spectra)
    {
        var m = spectra.Shape[0];
        var k = spectra.Shape[1];
        var s = spectra.ToDoubleArray();
        var cos = new double[truth.Length, k];
        for (var t = 0; t < truth.Length; t++)
        {
            for (var q = 0; q < k; q++)
            {
                double dot = 0, a = 0, b = 0;
                for (var j = 0; j < m; j++)
                {
                    dot += truth[t][j] * s[(j * k) + q];
                    a += truth[t][j] * truth[t][j];
                    b += s[(j * k) + q] * s[(j * k) + q];
                }

                cos[t, q] = b == 0 ? 0 : dot / Math.Sqrt(a * b);
            }
        }

        return Permutations(Enumerable.Range(0, k).ToArray(), truth.Length)
            .Max(p => Enumerable.Range(0, truth.Length).Min(t => cos[t, p[t]]));
    }

    private static IEnumerable<int[]> Permutations(int[] items, int length)
    {
        if (length == 0)
        {
            yield return [];
            yield break;
        }

        foreach (var item in items)
        {
            foreach (var rest in Permutations(items.Where(i => i != item).ToArray(), length - 1))
            {
                yield return [item, .. rest];
            }
        }
    }
}
