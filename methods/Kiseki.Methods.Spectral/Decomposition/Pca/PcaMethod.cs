using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Preprocessing.Mask;

namespace Kiseki.Methods.Spectral.Decomposition.Pca;

/// <summary>Parameters of <see cref="PcaMethod"/>.</summary>
public sealed record PcaParameters
{
    [Description("Number of principal components K (1 ≤ K ≤ min(pixels − 1, channels)).")]
    [Range(1, 4096)]
    public int Components { get; init; } = 2;

    [Description("Keenan–Kotula scaling for count data: decompose X / √(outer(mean image, mean spectrum)), then centre.")]
    public bool PoissonScaling { get; init; }
}

/// <summary>Inputs of <see cref="PcaMethod"/>.</summary>
public sealed record PcaInputs
{
    [Description("Spectrum image (rows, cols, channels); finite values.")]
    public required SpectrumImage Image { get; init; }

    [Description("Optional navigation mask (rows, cols), e.g. from spectral.navigation-mask: non-zero pixels are excluded from the decomposition and get 0 in maps and residual.")]
    public NdArray? Mask { get; init; }
}

/// <summary>Outputs of <see cref="PcaMethod"/>.</summary>
public sealed record PcaOutputs
{
    [Description("Scores C = (X − mean)·S, shape (rows, cols, K).")]
    public required NdArray Maps { get; init; }

    [Description("Loadings S (unit-norm columns without Poisson scaling), shape (channels, K).")]
    public required NdArray Spectra { get; init; }

    [Description("Explained variance ratio (eigenvalue / total variance) per component, shape (K).")]
    public required NdArray ExplainedVariance { get; init; }

    [Description("Eigenvalues of the covariance X₀ᵀX₀ / N, descending, shape (K).")]
    public required NdArray Eigenvalues { get; init; }

    [Description("The mean spectrum removed before the decomposition, shape (channels).")]
    public required NdArray MeanSpectrum { get; init; }

    [Description("Per-pixel RMSE of X − mean − C Sᵀ, shape (rows, cols).")]
    public required NdArray Residual { get; init; }
}

/// <summary>Principal component analysis of a spectrum image through the channels × channels covariance.</summary>
[Method("spectral.pca", 1,
    Summary = "PCA (centred; scores as maps, unit loadings as spectra) via the channels × channels covariance.",
    RelativeTolerance = 1e-8,
    Remarks = "Same model and layout as malspy 0.4.0 PCA (X_mean removed, Cov = X₀ᵀX₀/N, S_ = top-K eigenvectors, " +
              "C_ = X₀ S_), computed with MathNet's symmetric eigensolver (malspy's scipy eigh(eigvals=…) call fails on " +
              "SciPy ≥ 1.14). The covariance is summed in fixed 256-pixel chunks in chunk order (thread-count " +
              "independent). Sign convention: the largest-|value| entry of each loading is positive (first channel on a " +
              "tie), the score flips with it (malspy flips when max < |min|; equal except on exact ties). " +
              "poisson_scaling: Keenan & Kotula, Surf. Interface Anal. 36 (2004) 203; data are scaled by 1/√(m_i·s_j), " +
              "centred and decomposed; scores are multiplied back by √m_i, loadings and mean by √s_j, and pixel i's " +
              "offset is √m_i·mean_spectrum. Eigenvalues and explained variance refer to the decomposed (scaled) data. " +
              "Units: loadings dimensionless (or √s with scaling), scores in data units.")]
[FactorSet("maps", "spectra", SignFree = true, Companions = ["explained_variance", "eigenvalues"])]
public sealed class PcaMethod : IMethod<PcaParameters, PcaInputs, PcaOutputs>
{
    public ValueTask<MethodResult<PcaOutputs>> RunAsync(
        PcaInputs inputs, PcaParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(context);
        return MaskedFit.Run(
            inputs.Image, inputs.Mask, context,
            image => ValueTask.FromResult(ReadFailure.Guard(() => Decompose(image, parameters, context, cancellationToken))),
            (o, mask) => o with { Maps = mask.Scatter(o.Maps), Residual = mask.Scatter(o.Residual) });
    }

    private static MethodResult<PcaOutputs> Decompose(
        SpectrumImage image, PcaParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        using var input = DecompositionInput.Open(image, context);
        var x = input.Rows;
        var k = parameters.Components;
        DecompositionChecks.Components(
            k, Math.Min(x.Rows - 1, x.Columns), $"centred data of {x.Rows} pixels and {x.Columns} channels");
        var scan = SpectrumScan.Of(x, parameters.PoissonScaling, cancellationToken);
        DecompositionChecks.Scanned(scan, image.Columns, image.Channels, parameters.PoissonScaling);
        var r = PcaSolver.Solve(x, scan, k, parameters.PoissonScaling, context.MaxDegreeOfParallelism, cancellationToken);
        if (r.Eigenvalues[0] <= 0)
        {
            throw MethodException.InvalidInput("image", "every pixel has the same spectrum: the data have no variance.");
        }

        var outputs = new PcaOutputs
        {
            Maps = NdArray.Create(r.Maps, image.Rows, image.Columns, k),
            Spectra = NdArray.Create(r.Spectra, image.Channels, k),
            ExplainedVariance = NdArray.Create(r.ExplainedVarianceRatio, k),
            Eigenvalues = NdArray.Create(r.Eigenvalues, k),
            MeanSpectrum = NdArray.Create(r.Mean, image.Channels),
            Residual = NdArray.Create(r.Residual, image.Rows, image.Columns),
        };
        var metrics = new Dictionary<string, double>
        {
            ["mse"] = r.Mse,
            ["explained_variance_total"] = r.ExplainedVarianceRatio.Sum(),
        };
        return MethodResult.Success(outputs, Convergence.NotIterative, metrics);
    }
}
