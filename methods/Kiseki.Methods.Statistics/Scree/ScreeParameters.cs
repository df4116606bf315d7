using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Kiseki.Methods.Statistics.Scree;

/// <summary>Parameters of <c>count.scree@1</c>.</summary>
public sealed record ScreeParameters
{
    /// <summary>Scale counts by Keenan–Kotula before PCA (recommended for EELS/EDX counts).</summary>
    [Description("Keenan–Kotula Poisson scaling before PCA (counts data); requires non-negative values.")]
    public bool PoissonScaling { get; init; } = true;

    /// <summary>Number of leading eigenvalues computed and plotted.</summary>
    [Description("Number of leading eigenvalues computed, tabulated and plotted.")]
    [Range(3, 256)]
    public int MaxComponents { get; init; } = 30;

    /// <summary>Centre the data (PCA) rather than decomposing the raw matrix (SVD).</summary>
    [Description("Centre the channels before the eigen-decomposition (PCA); false decomposes the raw matrix (SVD).")]
    public bool Centre { get; init; }
}
