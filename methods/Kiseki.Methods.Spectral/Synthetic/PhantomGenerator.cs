using Kiseki.Abstractions.Randomness;

namespace Kiseki.Methods.Spectral.Synthetic;

/// <summary>Noise added to the expected counts of a phantom.</summary>
public enum PhantomNoise
{
    /// <summary>Poisson counts with mean equal to the expected counts.</summary>
    Poisson,

    /// <summary>Expected counts plus N(0, expected): the Poisson variance, but continuous and possibly negative.</summary>
    Gaussian,

    /// <summary>The expected counts themselves: data = maps · spectraᵀ exactly.</summary>
    None,
}

/// <summary>Shape and statistics of a phantom spectrum image.</summary>
public sealed record PhantomOptions
{
    public int Rows { get; init; } = 64;

    public int Cols { get; init; } = 64;

    public int Channels { get; init; } = 256;

    /// <summary>Number of true components K (1 to <see cref="PhantomGenerator.MaxComponents"/>).</summary>
    public int Components { get; init; } = 3;

    /// <summary>Mean total counts per pixel (expected value, averaged over pixels).</summary>
    public double Counts { get; init; } = 50;

    public PhantomNoise Noise { get; init; } = PhantomNoise.Poisson;

    /// <summary>Energy of channel 0 (eV).</summary>
    public double EnergyStart { get; init; } = 400;

    /// <summary>Energy step per channel (eV).</summary>
    public double EnergyStep { get; init; } = 0.5;
}

/// <summary>A generated phantom: data and ground truth, all row-major.</summary>
/// <param name="Options">The options it was generated with.</param>
/// <param name="Data">Counts, shape (rows, cols, channels).</param>
/// <param name="TrueSpectra">Unit-sum spectra, shape (channels, K).</param>
/// <param name="TrueMaps">Expected counts per component and pixel, shape (rows, cols, K); noise-free data = maps · spectraᵀ.</param>
public sealed record Phantom(PhantomOptions Options, double[] Data, double[] TrueSpectra, double[] TrueMaps);

/// <summary>
/// A seeded STEM-EELS-like phantom with known ground truth. Spectrum k is an edge (a smoothed onset followed by an
/// exponential decay) with a sharp white-line peak at its onset and a weaker second peak half-way to the next
/// component's peak, so spectra differ clearly (pairwise cosine well below 0.9). Maps are Gaussian blobs placed on a
/// circle around the centre (random phase and widths) that overlap partly, plus a 2 % floor so no pixel is empty.
/// All randomness comes from the given source: first the shape jitters, then the noise, pixel by pixel, channel fastest.
/// </summary>
public static class PhantomGenerator
{
    /// <summary>The largest supported number of components.</summary>
    public const int MaxComponents = 8;

    /// <summary>Generates the phantom; throws <see cref="ArgumentException"/> for invalid options.</summary>
    public static Phantom Generate(PhantomOptions options, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(random);
        Validate(options);
        int n = options.Rows * options.Cols, m = options.Channels, k = options.Components;
        var spectra = Spectra(m, k, random);
        var maps = Maps(options.Rows, options.Cols, k, options.Counts, random);
        var data = new double[n * m];
        for (var i = 0; i < n; i++)
        {
            for (var c = 0; c < m; c++)
            {
                var expected = 0.0;
                for (var j = 0; j < k; j++)
                {
                    expected += maps[(i * k) + j] * spectra[(c * k) + j];
                }

                data[(i * m) + c] = options.Noise switch
                {
                    PhantomNoise.Poisson => random.NextPoisson(expected),
                    PhantomNoise.Gaussian => expected + (Math.Sqrt(expected) * random.NextGaussian()),
                    _ => expected,
                };
            }
        }

        return new Phantom(options, data, spectra, maps);
    }

    private static void Validate(PhantomOptions o)
    {
        if (o.Rows < 1 || o.Cols < 1)
        {
            throw new ArgumentException($"rows and cols must be at least 1; got {o.Rows}×{o.Cols}.", o.Rows < 1 ? "rows" : "cols");
        }

        if (o.Channels < 16)
        {
            throw new ArgumentException($"channels must be at least 16; got {o.Channels}.", "channels");
        }

        if (o.Components is < 1 or > MaxComponents)
        {
            throw new ArgumentException($"components must be 1 to {MaxComponents}; got {o.Components}.", "components");
        }

        if (!(o.Counts > 0) || !double.IsFinite(o.Counts))
        {
            throw new ArgumentException($"counts must be a positive number; got {o.Counts}.", "counts");
        }

        if (!(o.EnergyStep > 0) || !double.IsFinite(o.EnergyStep) || !double.IsFinite(o.EnergyStart))
        {
            throw new ArgumentException($"energy_step must be positive and energy_start finite; got {o.EnergyStep}, {o.EnergyStart}.", "energy_step");
        }
    }

    /// <summary>Unit-sum spectra (m × K) on the normalised axis u = channel / (m − 1).</summary>
    private static double[] Spectra(int m, int k, IRandomSource random)
    {
        var spectra = new double[m * k];
        var spacing = 0.8 / k;
        var width = Math.Min(0.03, spacing / 5);
        for (var j = 0; j < k; j++)
        {
            var centre = 0.1 + (spacing * (j + 0.5)) + (spacing * 0.1 * ((2 * random.NextDouble()) - 1));
            var w = width * (0.9 + (0.2 * random.NextDouble()));
            var second = centre + (spacing * 0.5);
            var onset = centre - (1.5 * w);
            var sum = 0.0;
            for (var c = 0; c < m; c++)
            {
                var u = c / (m - 1.0);
                var edge = 0.25 / (1 + Math.Exp(-(u - onset) / (0.3 * w))) * Math.Exp(-Math.Max(0, u - onset) / 0.25);
                var peak = Math.Exp(-0.5 * Math.Pow((u - centre) / w, 2));
                var peak2 = 0.4 * Math.Exp(-0.5 * Math.Pow((u - second) / (1.5 * w), 2));
                var v = edge + peak + peak2;
                spectra[(c * k) + j] = v;
                sum += v;
            }

            for (var c = 0; c < m; c++)
            {
                spectra[(c * k) + j] /= sum;
            }
        }

        return spectra;
    }

    /// <summary>Blob maps (rows × cols × K) scaled so the mean total expected counts per pixel equals <paramref name="counts"/>.</summary>
    private static double[] Maps(int rows, int cols, int k, double counts, IRandomSource random)
    {
        var phase = 2 * Math.PI * random.NextDouble();
        var centres = new (double Y, double X, double Sigma)[k];
        for (var j = 0; j < k; j++)
        {
            var angle = phase + (2 * Math.PI * j / k);
            var radius = k == 1 ? 0 : 0.25;
            centres[j] = (0.5 + (radius * Math.Sin(angle)), 0.5 + (radius * Math.Cos(angle)), 0.16 + (0.06 * random.NextDouble()));
        }

        var maps = new double[rows * cols * k];
        var total = 0.0;
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < cols; c++)
            {
                double y = (r + 0.5) / rows, x = (c + 0.5) / cols;
                for (var j = 0; j < k; j++)
                {
                    var (cy, cx, s) = centres[j];
                    var d2 = ((y - cy) * (y - cy)) + ((x - cx) * (x - cx));
                    var v = 0.02 + Math.Exp(-0.5 * d2 / (s * s));
                    maps[(((r * cols) + c) * k) + j] = v;
                    total += v;
                }
            }
        }

        var scale = counts * rows * cols / total;
        for (var i = 0; i < maps.Length; i++)
        {
            maps[i] *= scale;
        }

        return maps;
    }
}
