using System.ComponentModel;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Spectral.Summary;

/// <summary>Parameters of <c>spectral.summary@1</c>.</summary>
public sealed record DecompositionSummaryParameters
{
    [Description("Row labels, one per connected residual port in port order (residual1, residual2, …).")]
    public string[] Labels { get; init; } = [];
}

/// <summary>Inputs of <c>spectral.summary@1</c>: up to eight per-pixel residual maps.</summary>
public sealed record DecompositionSummaryInputs
{
    [Description("Residual map (rows, cols) of the first decomposition.")]
    public required NdArray Residual1 { get; init; }

    [Description("Residual map of the second decomposition (optional).")]
    public NdArray? Residual2 { get; init; }

    [Description("Residual map of the third decomposition (optional).")]
    public NdArray? Residual3 { get; init; }

    [Description("Residual map of the fourth decomposition (optional).")]
    public NdArray? Residual4 { get; init; }

    [Description("Residual map of the fifth decomposition (optional).")]
    public NdArray? Residual5 { get; init; }

    [Description("Residual map of the sixth decomposition (optional).")]
    public NdArray? Residual6 { get; init; }

    [Description("Residual map of the seventh decomposition (optional).")]
    public NdArray? Residual7 { get; init; }

    [Description("Residual map of the eighth decomposition (optional).")]
    public NdArray? Residual8 { get; init; }
}

/// <summary>Outputs of <c>spectral.summary@1</c>.</summary>
public sealed record DecompositionSummaryOutputs
{
    [Description("One row per decomposition: label, mean_square_residual, mean_residual, max_residual.")]
    public required Table Table { get; init; }
}

/// <summary>Side-by-side numbers of several decompositions of one spectrum image, from their residual maps.</summary>
/// <remarks>
/// Each residual map holds one value per pixel (the RMSE over channels for SVD/PCA/HALS, the mean divergence for β-NMF).
/// The table reports the mean of the squares (the MSE for RMSE maps), the mean and the maximum.
/// </remarks>
[Method("spectral.summary", 1,
    Summary = "Summary table of several decompositions from their per-pixel residual maps.",
    Remarks = "mean_square_residual is the mean over pixels of the squared residual map: the MSE of the reconstruction "
              + "when the maps hold per-pixel RMSE (SVD, PCA, NMF family).")]
public sealed class DecompositionSummaryMethod
    : IMethod<DecompositionSummaryParameters, DecompositionSummaryInputs, DecompositionSummaryOutputs>
{
    public ValueTask<MethodResult<DecompositionSummaryOutputs>> RunAsync(
        DecompositionSummaryInputs inputs, DecompositionSummaryParameters parameters, MethodContext context,
        CancellationToken cancellationToken)
    {
        NdArray?[] ports =
        [
            inputs.Residual1, inputs.Residual2, inputs.Residual3, inputs.Residual4,
            inputs.Residual5, inputs.Residual6, inputs.Residual7, inputs.Residual8,
        ];
        var connected = ports.Select((array, i) => (array, i)).Where(p => p.array is not null).ToArray();
        if (parameters.Labels.Length != connected.Length)
        {
            throw MethodException.InvalidParameter(
                "labels", $"{parameters.Labels.Length} labels given for {connected.Length} connected residual ports.");
        }

        var meanSquare = new double[connected.Length];
        var mean = new double[connected.Length];
        var max = new double[connected.Length];
        for (var row = 0; row < connected.Length; row++)
        {
            var values = connected[row].array!.ToDoubleArray();
            if (values.Length == 0 || values.Any(v => !double.IsFinite(v)))
            {
                throw MethodException.InvalidInput(
                    $"residual{connected[row].i + 1}", "the residual map is empty or holds non-finite values.");
            }

            meanSquare[row] = values.Average(v => v * v);
            mean[row] = values.Average();
            max[row] = values.Max();
        }

        var table = new Table([
            TableColumn.Text("label", parameters.Labels),
            TableColumn.Numeric("mean_square_residual", meanSquare),
            TableColumn.Numeric("mean_residual", mean),
            TableColumn.Numeric("max_residual", max),
        ]);
        return ValueTask.FromResult(MethodResult.Success(new DecompositionSummaryOutputs { Table = table }));
    }
}
