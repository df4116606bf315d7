using System.ComponentModel;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Methods.Statistics.BootstrapLrt;

/// <summary>Inputs of <c>count.bootstrap-lrt@8</c>.</summary>
public sealed record BootstrapLrtInputs
{
    [Description("Spectrum image (rows, cols, channels); counts for the poisson model.")]
    public required SpectrumImage Image { get; init; }
}

/// <summary>Outputs of <c>count.bootstrap-lrt@8</c>.</summary>
public sealed record BootstrapLrtOutputs
{
    [Description("One row per test: k, statistic, p_value, replicates (first-level replicates drawn, continued to calibration_replicates when the deeper levels were drawn), exceedances, rejected (1/0), dispersion, negative_fraction, deviance_null, deviance_alternative, shift, second_level, third_level.")]
    public required Table Table { get; init; }

    [Description("The chosen number of components: a JSON integer, or {\"at_least\": max_components} when every test rejected.")]
    public required JsonArtifact ComponentsFound { get; init; }

    [Description("p-value against K with the α line.")]
    public required Figure Plot { get; init; }
}
