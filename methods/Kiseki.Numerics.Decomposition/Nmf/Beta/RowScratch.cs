namespace Kiseki.Methods.Spectral.Nmf.Beta;

/// <summary>
/// Per-thread rows of length M used by the β-NMF row kernels: the model row (C Sᵀ)ᵢ, the ratios X·Y^(β−1) and the
/// powers Y^β. Held by one row block at a time, overwritten row after row.
/// </summary>
internal sealed class RowScratch(int m)
{
    /// <summary>The model row (C Sᵀ)ᵢ.</summary>
    public double[] Model { get; } = new double[m];

    /// <summary>X_ij·Y_ij^(β−1) (X/Y for KL).</summary>
    public double[] Ratio { get; } = new double[m];

    /// <summary>Y_ij^β (unused for KL).</summary>
    public double[] Power { get; } = new double[m];
}
