using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Spectral.Synthetic;

/// <summary>Parameters of <see cref="SyntheticSpectrumImageMethod"/>.</summary>
public sealed record SyntheticSpectrumImageParameters
{
    [Description("Number of pixel rows.")]
    [Range(1, 4096)]
    public int Rows { get; init; } = 64;

    [Description("Number of pixel columns.")]
    [Range(1, 4096)]
    public int Cols { get; init; } = 64;

    [Description("Number of energy channels (at least 16).")]
    [Range(16, 65536)]
    public int Channels { get; init; } = 256;

    [Description("Number of true components K.")]
    [Range(1, PhantomGenerator.MaxComponents)]
    public int Components { get; init; } = 3;

    [Description("Mean total counts per pixel (expected value).")]
    [Range(1e-6, 1e12)]
    public double Counts { get; init; } = 50;

    [Description("Noise: poisson (counts), gaussian (variance = expected counts, may go negative) or none.")]
    public PhantomNoise Noise { get; init; } = PhantomNoise.Poisson;

    [Description("Energy of the first channel (eV).")]
    public double EnergyStart { get; init; } = 400;

    [Description("Energy step per channel (eV).")]
    [Range(1e-9, 1e6)]
    public double EnergyStep { get; init; } = 0.5;
}

/// <summary>Outputs of <see cref="SyntheticSpectrumImageMethod"/>.</summary>
public sealed record SyntheticSpectrumImageOutputs
{
    [Description("The phantom spectrum image (EELS, calibrated eV axis), counts as float64.")]
    public required SpectrumImage Image { get; init; }

    [Description("True spectra, each summing to 1, shape (channels, K).")]
    public required NdArray TrueSpectra { get; init; }

    [Description("True maps: expected counts per component, shape (rows, cols, K).")]
    public required NdArray TrueMaps { get; init; }
}

/// <summary>Seeded phantom spectrum image with known components (for tests, demos and quality bars).</summary>
[Method("synthetic.spectrum-image", 1,
    Summary = "Seeded EELS-like phantom spectrum image with known spectra and maps.",
    Remarks = "Follows the phantom recipe of Shiga et al., Ultramicroscopy 170 (2016) 43 (known components, overlapping " +
              "maps, Poisson counts). Spectra: edge + white-line peak + second peak per component, unit sum, pairwise " +
              "cosine well below 0.9. Maps: overlapping Gaussian blobs + 2 % floor, scaled so the mean expected total " +
              "per pixel equals `counts`. Noise-free data = true_maps · true_spectraᵀ. Units: counts; energy axis eV " +
              "(energy_start + index · energy_step). Draws only from the step's random source; the same generator is " +
              "available as PhantomGenerator.Generate for tests.")]
public sealed class SyntheticSpectrumImageMethod
    : IMethod<SyntheticSpectrumImageParameters, NoInputs, SyntheticSpectrumImageOutputs>
{
    public ValueTask<MethodResult<SyntheticSpectrumImageOutputs>> RunAsync(
        NoInputs inputs, SyntheticSpectrumImageParameters parameters, MethodContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(context);
        var options = new PhantomOptions
        {
            Rows = parameters.Rows,
            Cols = parameters.Cols,
            Channels = parameters.Channels,
            Components = parameters.Components,
            Counts = parameters.Counts,
            Noise = parameters.Noise,
            EnergyStart = parameters.EnergyStart,
            EnergyStep = parameters.EnergyStep,
        };
        Phantom phantom;
        try
        {
            phantom = PhantomGenerator.Generate(options, context.Random);
        }
        catch (ArgumentException e)
        {
            throw MethodException.InvalidParameter(e.ParamName ?? "options", e.Message);
        }

        var outputs = new SyntheticSpectrumImageOutputs
        {
            Image = ToImage(phantom),
            TrueSpectra = NdArray.Create(phantom.TrueSpectra, options.Channels, options.Components),
            TrueMaps = NdArray.Create(phantom.TrueMaps, options.Rows, options.Cols, options.Components),
        };
        var metrics = new Dictionary<string, double> { ["mean_counts"] = phantom.Data.Average() * options.Channels };
        return ValueTask.FromResult(MethodResult.Success(outputs, Convergence.NotIterative, metrics));
    }

    /// <summary>The phantom's data as a calibrated EELS spectrum image.</summary>
    public static SpectrumImage ToImage(Phantom phantom)
    {
        ArgumentNullException.ThrowIfNull(phantom);
        var o = phantom.Options;
        return PhantomImage(phantom.Data, o.Rows, o.Cols, o.Channels, o.EnergyStart, o.EnergyStep, "synthetic.spectrum-image@1");
    }

    /// <summary>Counts (pixel-major) as an EELS spectrum image with pixel axes and an eV energy axis, tagged with its generator.</summary>
    internal static SpectrumImage PhantomImage(
        double[] data, int rows, int cols, int channels, double energyStart, double energyStep, string generator)
        => new(
            NdArray.Create(data, rows, cols, channels),
            new Axis("y", rows, 0, 1, "px"),
            new Axis("x", cols, 0, 1, "px"),
            new Axis("Energy loss", channels, energyStart, energyStep, "eV"),
            Abstractions.Artifacts.SignalKind.Eels,
            new JsonObject { ["format"] = "synthetic", ["generator"] = generator });
}
