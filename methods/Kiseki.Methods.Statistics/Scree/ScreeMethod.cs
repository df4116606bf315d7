using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Plots.Rendering;
using Kiseki.Methods.Spectral.Decomposition;

namespace Kiseki.Methods.Statistics.Scree;

/// <summary>
/// Number of components from the scree of (Poisson-scaled) PCA with the elbow rule.
/// </summary>
/// <remarks>
/// Keenan and Kotula, Surf. Interface Anal. 36 (2004) 203–212 (scaling); elbow as HyperSpy's
/// <c>estimate_elbow_position</c>. Eigenvalues come from the channels × channels Gram matrix (never pixels × pixels).
/// </remarks>
[Method("count.scree", 1,
    Summary = "Number of components from the PCA scree (optionally Poisson-scaled) with the elbow rule.",
    Remarks = "Keenan–Kotula scaling X/(sqrt(mean image) sqrt(mean spectrum)) then the eigenvalues of the channels Gram "
              + "matrix; the elbow is the point of log(explained variance ratio) farthest from the chord between point 0 "
              + "and point min(20, L-1); its 0-based index is the estimate.")]
public sealed class ScreeMethod : IMethod<ScreeParameters, ScreeInputs, ScreeOutputs>
{
    public ValueTask<MethodResult<ScreeOutputs>> RunAsync(
        ScreeInputs inputs, ScreeParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        var x = SpectrumMatrix.From(inputs.Image);
        var limit = Math.Min(x.Pixels, x.Channels);
        if (limit < 3)
        {
            throw MethodException.InvalidInput("image", $"the scree needs at least 3 pixels and 3 channels; got {x.Pixels}×{x.Channels}.");
        }

        var k = Math.Min(parameters.MaxComponents, limit);
        var data = x.Data;
        if (parameters.PoissonScaling)
        {
            DecompositionChecks.NonNegativeForPoisson(x);
            var (a, b) = PoissonScaling.Weights(data, x.Pixels, x.Channels);
            data = PoissonScaling.Apply(data, x.Pixels, x.Channels, a, b);
        }

        var eigen = GramEigenSolver.Solve(
            data, x.Pixels, x.Channels, k, parameters.Centre, context.MaxDegreeOfParallelism, cancellationToken);
        if (!(eigen.Trace > 0))
        {
            throw MethodException.InvalidInput("image", "the data has no variance (all values equal); there is nothing to count.");
        }

        var ratios = eigen.Eigenvalues.Select(v => v / eigen.Trace).ToArray();
        var found = ScreeElbow.Position(ratios);
        var index = Enumerable.Range(1, k).Select(i => (double)i).ToArray();
        var table = new Table([
            TableColumn.Numeric("k", index),
            TableColumn.Numeric("eigenvalue", eigen.Eigenvalues),
            TableColumn.Numeric("explained_variance_ratio", ratios),
            TableColumn.Numeric("log_ratio", [.. ratios.Select(r => Math.Log10(Math.Max(r, 1e-300)))]),
        ]);
        var plot = PlotRenderer.Lines(
            $"Scree ({(parameters.PoissonScaling ? "Poisson-scaled " : "")}PCA): {found} components",
            "component", "explained variance ratio",
            null,
            [
                new PlotSeries("explained variance ratio", ratios, index),
                new PlotSeries($"elbow ({found} components)", [ratios[Math.Min(found, k - 1)]], [found + 1.0]),
            ],
            new PlotOptions { LogY = true, MarkerSize = 6 });
        context.Log.Info($"scree: {found} components above the noise floor (elbow at point {found + 1} of {k})");
        return ValueTask.FromResult(MethodResult.Success(
            new ScreeOutputs { Table = table, ComponentsFound = JsonArtifact.Integer(found), Plot = plot },
            metrics: new Dictionary<string, double> { ["components_found"] = found }));
    }
}
