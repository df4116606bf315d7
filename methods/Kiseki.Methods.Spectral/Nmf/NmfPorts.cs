using System.ComponentModel;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Spectral.Nmf;

/// <summary>How closely an NMF method follows the original malspy code.</summary>
public enum NmfCompat
{
    /// <summary>Kiseki's corrected algorithm (relative tolerance, distinct initial pixels, NaN guards, …).</summary>
    None,

    /// <summary>Reproduce malspy 0.4.0 exactly (NumPy legacy MT19937 stream, absolute tolerance, its quirks).</summary>
    [ChoiceName("malspy-0.4.0")]
    Malspy040,
}

/// <summary>The arithmetic of the products with the data (X·S and XᵀC) in the HALS family.</summary>
public enum NmfPrecision
{
    /// <summary>float64 products (the outputs recorded before the choice existed).</summary>
    Float64,

    /// <summary>float32 products, handed on in float64: about twice the speed on large images, ≈10⁻⁷ relative error.</summary>
    Float32,
}

/// <summary>Input of the NMF family.</summary>
public sealed record NmfInputs
{
    /// <summary>The spectrum image to factorise (non-negative, float32/float64 or integer counts).</summary>
    [Description("Spectrum image (rows, cols, channels) to factorise; values must be finite and non-negative.")]
    public required SpectrumImage Image { get; init; }

    /// <summary>Optional navigation mask (rows, cols): non-zero pixels are left out of the fit.</summary>
    [Description("Optional navigation mask (rows, cols), e.g. from spectral.navigation-mask: non-zero pixels are excluded from the fit and get 0 in maps and residual.")]
    public NdArray? Mask { get; init; }
}

/// <summary>Outputs of NMF, NMF-SO, β-NMF and β-NMF-SO.</summary>
public sealed record NmfOutputs
{
    /// <summary>Abundance maps C, shape (rows, cols, K).</summary>
    [Description("Abundance maps C, shape (rows, cols, K); unit-L2 columns over pixels (the spectra carry the intensity).")]
    public required NdArray Maps { get; init; }

    /// <summary>Component spectra S, shape (channels, K).</summary>
    [Description("Component spectra S, shape (channels, K), in the units of the data.")]
    public required NdArray Spectra { get; init; }

    /// <summary>Per-pixel residual, shape (rows, cols).</summary>
    [Description("Per-pixel residual (rows, cols): RMSE over channels (HALS family) or mean divergence (β-NMF).")]
    public required NdArray Residual { get; init; }

    /// <summary>Learning curve of the winning restart.</summary>
    [Description("Objective per iteration of the winning restart (1-D).")]
    public required NdArray Objective { get; init; }

    /// <summary>Convergence details.</summary>
    [Description("JSON: converged, iterations, updates_per_restart, best_restart, tolerance, tolerance_kind, compat.")]
    public required JsonArtifact Convergence { get; init; }
}

/// <summary>Outputs of NMF-ARD-SO.</summary>
public sealed record NmfArdSoOutputs
{
    /// <summary>Abundance maps C, shape (rows, cols, K_found); they carry the intensity.</summary>
    [Description("Abundance maps C, shape (rows, cols, K_found), in the units of the data (spectra have unit L2 norm).")]
    public required NdArray Maps { get; init; }

    /// <summary>Unit-L2 component spectra, shape (channels, K_found).</summary>
    [Description("Component spectra S, shape (channels, K_found), unit L2 norm each, sorted by λ (largest first).")]
    public required NdArray Spectra { get; init; }

    /// <summary>Per-pixel RMSE of the pruned model, shape (rows, cols).</summary>
    [Description("Per-pixel RMSE of the pruned model, shape (rows, cols).")]
    public required NdArray Residual { get; init; }

    /// <summary>Learning curve of the winning restart.</summary>
    [Description("Negative log posterior per iteration of the winning restart (1-D).")]
    public required NdArray Objective { get; init; }

    /// <summary>Convergence details.</summary>
    [Description("JSON: converged, iterations, updates_per_restart, best_restart, tolerance, tolerance_kind, compat.")]
    public required JsonArtifact Convergence { get; init; }

    /// <summary>Final λ of the kept components, largest first.</summary>
    [Description("Final relevance λ of the kept components (K_found), largest first, in data units.")]
    public required NdArray Lambdas { get; init; }

    /// <summary>λ per iteration for all K₀ components.</summary>
    [Description("λ per iteration (iterations, K₀) of the winning restart, columns in the final λ order.")]
    public required NdArray LambdaTrace { get; init; }

    /// <summary>Noise variance σ² of the pruned model.</summary>
    [Description("Noise variance σ² = mean((X − C Sᵀ)²) of the pruned model.")]
    public required JsonArtifact Sigma2 { get; init; }

    /// <summary>Number of components kept.</summary>
    [Description("Number of components that survived pruning and merging.")]
    public required JsonArtifact ComponentsFound { get; init; }
}
