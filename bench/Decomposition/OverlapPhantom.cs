using Kiseki.Abstractions.Randomness;

namespace Kiseki.Bench.Decomposition;

/// <summary>
/// The regime NMF-SO was made for (Shiga et al., Ultramicroscopy 170 (2016) 43): K = 3 spectra sharing an edge and
/// differing by a shifted white line (pairwise cosines 0.9–0.98), broad overlapping maps (every pixel a mixture,
/// abundances summing to 1), Poisson counts with <c>counts</c> expected per pixel.
/// </summary>
internal sealed record OverlapPhantom(double[] Data, int Rows, int Cols, int Channels, double[] Spectra, double[] Maps, int K)
{
    public static OverlapPhantom Create(int size, int channels, double counts, ulong seed)
    {
        const int k = 3;
        var spectra = new double[channels * k];
        for (var q = 0; q < k; q++)
        {
            var centre = 0.42 + (0.03 * q);
            double sum = 0;
            for (var j = 0; j < channels; j++)
            {
                var e = j / (channels - 1.0);
                var edge = e > 0.35 ? Math.Exp(-(e - 0.35) / 0.6) : 0;
                var v = edge + (1.1 * Math.Exp(-0.5 * Math.Pow((e - centre) / 0.03, 2)));
                spectra[(j * k) + q] = v;
                sum += v;
            }

            for (var j = 0; j < channels; j++)
            {
                spectra[(j * k) + q] /= sum;
            }
        }

        var maps = new double[size * size * k];
        (double R, double C)[] centres = [(0.3, 0.3), (0.3, 0.75), (0.75, 0.5)];
        for (var p = 0; p < size * size; p++)
        {
            double r = (p / size) / (size - 1.0), c = (p % size) / (size - 1.0), total = 0;
            for (var q = 0; q < k; q++)
            {
                var w = 0.15 + Math.Exp(-(Math.Pow(r - centres[q].R, 2) + Math.Pow(c - centres[q].C, 2)) / (2 * 0.25 * 0.25));
                maps[(p * k) + q] = w;
                total += w;
            }

            for (var q = 0; q < k; q++)
            {
                maps[(p * k) + q] /= total;
            }
        }

        var random = new Xoshiro256StarStar(seed);
        var data = new double[size * size * channels];
        for (var p = 0; p < size * size; p++)
        {
            for (var j = 0; j < channels; j++)
            {
                var mean = 0.0;
                for (var q = 0; q < k; q++)
                {
                    mean += maps[(p * k) + q] * spectra[(j * k) + q];
                }

                data[(p * channels) + j] = random.NextPoisson(counts * mean);
            }
        }

        return new OverlapPhantom(data, size, size, channels, spectra, maps, k);
    }

    /// <summary>Poisson counts drawn around a noise-free image scaled to <paramref name="counts"/> per pixel on average.</summary>
    public static double[] Noisy(double[] clean, int pixels, double counts, ulong seed)
    {
        var scale = counts * pixels / clean.Sum();
        var random = new Xoshiro256StarStar(seed);
        return [.. clean.Select(v => (double)random.NextPoisson(scale * v))];
    }
}
