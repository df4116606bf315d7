using System.ComponentModel;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Methods.Statistics.Scree;

/// <summary>Inputs of <c>count.scree@1</c>.</summary>
public sealed record ScreeInputs
{
    [Description("Spectrum image (rows, cols, channels).")]
    public required SpectrumImage Image { get; init; }
}

/// <summary>Outputs of <c>count.scree@1</c>.</summary>
public sealed record ScreeOutputs
{
    [Description("Table k, eigenvalue, explained_variance_ratio, log_ratio.")]
    public required Table Table { get; init; }

    [Description("Estimated number of components (JSON integer).")]
    public required JsonArtifact ComponentsFound { get; init; }

    [Description("Scree plot: explained variance ratio (log scale) against component index, the elbow marked.")]
    public required Figure Plot { get; init; }
}
