using Kiseki.Abstractions.Randomness;

namespace Kiseki.Methods.Spectral.Synthetic;

/// <summary>A generated overlap phantom: counts (rows·cols, channels), true spectra (channels, K) and maps (rows·cols, K).</summary>
/// <param name="Data">Counts, pixel-major: <c>Data[pixel·channels + channel]</c>.</param>
/// <param name="Rows">Pixel rows (vacuum rows included).</param>
/// <param name="Cols">Pixel columns.</param>
/// <param name="Channels">Energy channels.</param>
/// <param name="Spectra">True spectra, each summing to 1: <c>Spectra[channel·K + k]</c>.</param>
/// <param name="Maps">Expected counts per component and pixel: <c>Maps[pixel·K + k]</c> (0 on vacuum rows).</param>
public sealed record OverlapPhantom(double[] Data, int Rows, int Cols, int Channels, double[] Spectra, double[] Maps)
{
    /// <summary>The number of components (three).</summary>
    public int Components => OverlapPhantomGenerator.Components;
}

/// <summary>
/// The regime NMF-SO was made for: three spectra sharing one edge and differing by a white line shifted by 3 % of the
/// axis (pairwise cosines 0.91–0.97), broad overlapping maps (every specimen pixel a mixture, abundances summing to 1),
/// optional vacuum rows at the top, Poisson (or Gaussian) counts around <c>counts</c> expected per specimen pixel.
/// </summary>
/// <remarks>
/// After Shiga et al., Ultramicroscopy 170 (2016) 43–59, whose phantoms have spectrally similar, spatially overlapping
/// components. Spectrum q: an edge at 35 % of the axis with exponential decay (length 60 % of the axis) plus a
/// Gaussian white line of height 1.1 and width 3 % at 42 % + 3q %; normalised to unit sum. Map q: 0.15 + a Gaussian
/// blob (σ = 25 % of the field) centred at (0.3, 0.3), (0.3, 0.75), (0.75, 0.5) in fractional (row, col); the three
/// normalised to sum 1 per pixel. Expected counts = counts · Σ_q map_q · spectrum_q. Draws in pixel-major order from
/// the random source it is given, nothing else.
/// </remarks>
public static class OverlapPhantomGenerator
{
    /// <summary>The number of components of every overlap phantom.</summary>
    public const int Components = 3;

    /// <summary>Generates the phantom; <paramref name="vacuumRows"/> top rows hold no specimen (zero expected counts).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Sizes below 2 × 2 × 16, a negative vacuum, no specimen row, or counts not positive and finite.</exception>
    public static OverlapPhantom Generate(
        int rows, int cols, int channels, double counts, PhantomNoise noise, int vacuumRows, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(cols, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 16);
        ArgumentOutOfRangeException.ThrowIfNegative(vacuumRows);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(vacuumRows, rows - 2);
        if (!(counts > 0) || !double.IsFinite(counts))
        {
            throw new ArgumentOutOfRangeException(nameof(counts), counts, "counts must be positive and finite");
        }

        var spectra = Spectra(channels);
        var maps = Maps(rows, cols, vacuumRows, counts);
        var data = new double[rows * cols * channels];
        for (var p = 0; p < rows * cols; p++)
        {
            for (var j = 0; j < channels; j++)
            {
                var mean = 0.0;
                for (var q = 0; q < Components; q++)
                {
                    mean += maps[(p * Components) + q] * spectra[(j * Components) + q];
                }

                data[(p * channels) + j] = noise switch
                {
                    PhantomNoise.Poisson => random.NextPoisson(mean),
                    PhantomNoise.Gaussian => mean + (Math.Sqrt(mean) * random.NextGaussian()),
                    _ => mean,
                };
            }
        }

        return new OverlapPhantom(data, rows, cols, channels, spectra, maps);
    }

    private static double[] Spectra(int channels)
    {
        var spectra = new double[channels * Components];
        for (var q = 0; q < Components; q++)
        {
            var centre = 0.42 + (0.03 * q);
            double sum = 0;
            for (var j = 0; j < channels; j++)
            {
                var e = j / (channels - 1.0);
                var edge = e > 0.35 ? Math.Exp(-(e - 0.35) / 0.6) : 0;
                var v = edge + (1.1 * Math.Exp(-0.5 * Math.Pow((e - centre) / 0.03, 2)));
                spectra[(j * Components) + q] = v;
                sum += v;
            }

            for (var j = 0; j < channels; j++)
            {
                spectra[(j * Components) + q] /= sum;
            }
        }

        return spectra;
    }

    private static double[] Maps(int rows, int cols, int vacuumRows, double counts)
    {
        var maps = new double[rows * cols * Components];
        (double R, double C)[] centres = [(0.3, 0.3), (0.3, 0.75), (0.75, 0.5)];
        var specimenRows = rows - vacuumRows;
        for (var p = vacuumRows * cols; p < rows * cols; p++)
        {
            double r = ((p / cols) - vacuumRows) / (specimenRows - 1.0), c = (p % cols) / (cols - 1.0), total = 0;
            for (var q = 0; q < Components; q++)
            {
                var w = 0.15 + Math.Exp(-(Math.Pow(r - centres[q].R, 2) + Math.Pow(c - centres[q].C, 2)) / (2 * 0.25 * 0.25));
                maps[(p * Components) + q] = w;
                total += w;
            }

            for (var q = 0; q < Components; q++)
            {
                maps[(p * Components) + q] *= counts / total;
            }
        }

        return maps;
    }
}
