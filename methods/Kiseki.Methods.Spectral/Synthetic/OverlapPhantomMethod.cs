using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Spectral.Synthetic;

/// <summary>Parameters of <see cref="OverlapPhantomMethod"/>.</summary>
public sealed record OverlapPhantomParameters
{
    [Description("Number of pixel rows (vacuum rows included).")]
    [Range(2, 4096)]
    public int Rows { get; init; } = 48;

    [Description("Number of pixel columns.")]
    [Range(2, 4096)]
    public int Cols { get; init; } = 48;

    [Description("Number of energy channels (at least 16).")]
    [Range(16, 65536)]
    public int Channels { get; init; } = 128;

    [Description("Expected total counts per specimen pixel.")]
    [Range(1e-6, 1e12)]
    public double Counts { get; init; } = 50;

    [Description("Noise: poisson (counts), gaussian (variance = expected counts) or none.")]
    public PhantomNoise Noise { get; init; } = PhantomNoise.Poisson;

    [Description("Rows at the top with no specimen (vacuum: zero expected counts), for navigation masks.")]
    [Range(0, 4094)]
    public int VacuumRows { get; init; }

    [Description("Energy of the first channel (eV).")]
    public double EnergyStart { get; init; } = 400;

    [Description("Energy step per channel (eV).")]
    [Range(1e-9, 1e6)]
    public double EnergyStep { get; init; } = 0.5;
}

/// <summary>Outputs of <see cref="OverlapPhantomMethod"/>.</summary>
public sealed record OverlapPhantomOutputs
{
    [Description("The phantom spectrum image (EELS, calibrated eV axis), counts as float64.")]
    public required SpectrumImage Image { get; init; }

    [Description("True spectra, each summing to 1, shape (channels, 3).")]
    public required NdArray TrueSpectra { get; init; }

    [Description("True maps: expected counts per component, shape (rows, cols, 3); zero on vacuum rows.")]
    public required NdArray TrueMaps { get; init; }
}

/// <summary>Seeded phantom in the regime NMF-SO was made for: similar spectra, overlapping maps.</summary>
[Method("synthetic.overlap-phantom", 1,
    Summary = "Seeded EELS-like phantom with three similar spectra (cosines 0.91-0.97) and overlapping maps.",
    Remarks = "The hard case of Shiga et al., Ultramicroscopy 170 (2016) 43: spectra sharing one edge and differing by a " +
              "white line shifted by 3 % of the axis, broad overlapping maps (abundances summing to 1 on every specimen " +
              "pixel), Poisson counts. Optional vacuum rows at the top (zero expected counts) exercise navigation masks. " +
              "Units: counts; energy axis eV. Draws only from the step's random source (OverlapPhantomGenerator).")]
public sealed class OverlapPhantomMethod : IMethod<OverlapPhantomParameters, NoInputs, OverlapPhantomOutputs>
{
    /// <inheritdoc />
    public ValueTask<MethodResult<OverlapPhantomOutputs>> RunAsync(
        NoInputs inputs, OverlapPhantomParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(context);
        if (parameters.VacuumRows > parameters.Rows - 2)
        {
            throw MethodException.InvalidParameter("vacuum_rows", $"{parameters.VacuumRows} vacuum rows leave fewer than 2 specimen rows of {parameters.Rows}");
        }

        var p = parameters;
        var phantom = OverlapPhantomGenerator.Generate(p.Rows, p.Cols, p.Channels, p.Counts, p.Noise, p.VacuumRows, context.Random);
        var image = SyntheticSpectrumImageMethod.PhantomImage(
            phantom.Data, p.Rows, p.Cols, p.Channels, p.EnergyStart, p.EnergyStep, "synthetic.overlap-phantom@1");
        var outputs = new OverlapPhantomOutputs
        {
            Image = image,
            TrueSpectra = NdArray.Create(phantom.Spectra, p.Channels, OverlapPhantomGenerator.Components),
            TrueMaps = NdArray.Create(phantom.Maps, p.Rows, p.Cols, OverlapPhantomGenerator.Components),
        };
        var metrics = new Dictionary<string, double> { ["mean_counts"] = phantom.Data.Average() * p.Channels };
        return ValueTask.FromResult(MethodResult.Success(outputs, Convergence.NotIterative, metrics));
    }
}
