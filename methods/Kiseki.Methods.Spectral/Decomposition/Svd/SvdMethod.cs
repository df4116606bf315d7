using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Preprocessing.Mask;

namespace Kiseki.Methods.Spectral.Decomposition.Svd;

/// <summary>Parameters of <see cref="SvdMethod"/>.</summary>
public sealed record SvdParameters
{
    [Description("Number of components K (1 ≤ K ≤ min(pixels, channels)).")]
    [Range(1, 4096)]
    public int Components { get; init; } = 2;

    [Description("Keenan–Kotula scaling for count data: decompose X / √(outer(mean image, mean spectrum)).")]
    public bool PoissonScaling { get; init; }
}

/// <summary>Inputs of <see cref="SvdMethod"/>.</summary>
public sealed record SvdInputs
{
    [Description("Spectrum image (rows, cols, channels); finite values.")]
    public required SpectrumImage Image { get; init; }

    [Description("Optional navigation mask (rows, cols), e.g. from spectral.navigation-mask: non-zero pixels are excluded from the decomposition and get 0 in maps and residual.")]
    public NdArray? Mask { get; init; }
}

/// <summary>Outputs of <see cref="SvdMethod"/>.</summary>
public sealed record SvdOutputs
{
    [Description("Maps C = U (unit-norm columns without Poisson scaling), shape (rows, cols, K).")]
    public required NdArray Maps { get; init; }

    [Description("Spectra S = V·Σ in data units, shape (channels, K).")]
    public required NdArray Spectra { get; init; }

    [Description("Explained variance ratio σ_k² / ‖X‖²_F per component, shape (K).")]
    public required NdArray ExplainedVariance { get; init; }

    [Description("Singular values σ_k, descending, shape (K).")]
    public required NdArray SingularValues { get; init; }

    [Description("Per-pixel RMSE of X − C Sᵀ, shape (rows, cols).")]
    public required NdArray Residual { get; init; }
}

/// <summary>Truncated SVD of a spectrum image through the channels × channels Gram matrix.</summary>
[Method("spectral.svd", 1,
    Summary = "Truncated SVD (maps = U, spectra = V·Σ) via the channels × channels Gram matrix.",
    RelativeTolerance = 1e-8,
    Remarks = "Same model and layout as malspy 0.4.0 SVD (C_ = U[:, :K], S_ = (Σ V)ᵀ), but computed from XᵀX with " +
              "MathNet's symmetric eigensolver, never an N × N matrix (malspy forms the full U). XᵀX is summed in fixed " +
              "256-pixel chunks in chunk order, so outputs do not depend on the thread count. Sign convention: the " +
              "largest-|value| entry of each spectrum is positive (first channel on a tie); the map flips with it. " +
              "poisson_scaling: Keenan & Kotula, Surf. Interface Anal. 36 (2004) 203: X_ij / √(m_i·s_j) with m the mean " +
              "image and s the mean spectrum; results are mapped back (maps × √m, spectra × √s), while singular values " +
              "and explained variance refer to the scaled data. Units: spectra in data units, maps dimensionless. " +
              "Components with σ_k² ≤ 1e-13·σ_1² (data of lower rank) get zero maps and a warning.")]
[FactorSet("maps", "spectra", SignFree = true, Companions = ["explained_variance", "singular_values"])]
public sealed class SvdMethod : IMethod<SvdParameters, SvdInputs, SvdOutputs>
{
    public ValueTask<MethodResult<SvdOutputs>> RunAsync(
        SvdInputs inputs, SvdParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(context);
        return MaskedFit.Run(
            inputs.Image, inputs.Mask, context,
            image => ValueTask.FromResult(ReadFailure.Guard(() => Decompose(image, parameters, context, cancellationToken))),
            (o, mask) => o with { Maps = mask.Scatter(o.Maps), Residual = mask.Scatter(o.Residual) });
    }

    private static MethodResult<SvdOutputs> Decompose(
        SpectrumImage image, SvdParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        using var input = DecompositionInput.Open(image, context);
        var x = input.Rows;
        var k = parameters.Components;
        DecompositionChecks.Components(k, Math.Min(x.Rows, x.Columns), $"{x.Rows} pixels, {x.Columns} channels");
        var scan = SpectrumScan.Of(x, parameters.PoissonScaling, cancellationToken);
        DecompositionChecks.Scanned(scan, image.Columns, image.Channels, parameters.PoissonScaling);
        if (!scan.AnyNonZero)
        {
            throw MethodException.InvalidInput("image", "all values are zero; there is nothing to decompose.");
        }

        var r = SvdSolver.Solve(x, scan, k, parameters.PoissonScaling, context.MaxDegreeOfParallelism, cancellationToken);
        if (r.NullComponents > 0)
        {
            context.Log.Warning($"{r.NullComponents} of {k} components have zero singular value (data rank < K); their maps are 0.");
        }

        var outputs = new SvdOutputs
        {
            Maps = NdArray.Create(r.Maps, image.Rows, image.Columns, k),
            Spectra = NdArray.Create(r.Spectra, image.Channels, k),
            ExplainedVariance = NdArray.Create(r.ExplainedVarianceRatio, k),
            SingularValues = NdArray.Create(r.SingularValues, k),
            Residual = NdArray.Create(r.Residual, image.Rows, image.Columns),
        };
        var metrics = new Dictionary<string, double>
        {
            ["mse"] = r.Mse,
            ["explained_variance_total"] = r.ExplainedVarianceRatio.Sum(),
            ["null_components"] = r.NullComponents,
        };
        return MethodResult.Success(outputs, Convergence.NotIterative, metrics);
    }
}
