using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Plots.Rendering;

namespace Kiseki.Methods.Gaussian.BayesOpt;

/// <summary>The outputs of a Bayesian optimisation: history with the best so far, the best candidate, the plot, metrics.</summary>
internal static class BayesOptReport
{
    /// <summary>
    /// Builds the outputs from the evaluated candidate <paramref name="indices"/> and their objective
    /// <paramref name="values"/> (in the table's sense; <paramref name="sign"/> −1 when minimising).
    /// </summary>
    public static (BayesOptOutputs Outputs, Dictionary<string, double> Metrics, JsonObject Best) Build(
        Table table, string[] names, int[] indices, double[] values, double sign, BayesOptAcquisition acquisition, string objectiveName, int refits)
    {
        var steps = indices.Length;
        var best = new double[steps];
        var bestStep = 0;
        for (var s = 0; s < steps; s++)
        {
            if (sign * values[s] > sign * values[bestStep])
            {
                bestStep = s;
            }

            best[s] = values[bestStep];
        }

        var history = new Table([
            TableColumn.Numeric("step", [.. Enumerable.Range(1, steps).Select(s => (double)s)]),
            TableColumn.Numeric("index", [.. indices.Select(i => (double)i)]),
            TableColumn.Numeric("value", values),
            TableColumn.Numeric("best", best),
        ]);
        var bestIndex = indices[bestStep];
        var featureObject = new JsonObject();
        foreach (var name in names)
        {
            featureObject[name] = table[name].Numbers![bestIndex];
        }

        var bestJson = new JsonObject
        {
            ["index"] = bestIndex,
            ["value"] = values[bestStep],
            ["step"] = bestStep + 1,
            ["features"] = featureObject,
        };
        var plot = PlotRenderer.Lines(
            $"gp.bayes-opt ({Names.OfChoice(acquisition)})", "evaluations", $"best {objectiveName}",
            [.. Enumerable.Range(1, steps).Select(s => (double)s)], [new PlotSeries("best so far", best)]);
        var outputs = new BayesOptOutputs { History = history, Best = new JsonArtifact(bestJson), Plot = plot };
        var metrics = new Dictionary<string, double>
        {
            ["best_value"] = values[bestStep],
            ["best_step"] = bestStep + 1,
            ["evaluations"] = steps,
            ["hyperparameter_fits"] = refits,
        };
        return (outputs, metrics, bestJson);
    }
}
