using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Plots.Rendering;

namespace Kiseki.Methods.Gaussian.BayesOpt;

/// <summary>
/// Bayesian optimisation over a discrete candidate table (PHYSBO's discrete policy: Motoyama et al., Comput. Phys.
/// Commun. 278, 108405, 2022). Features are centred and scaled to unit variance (constant columns dropped); the GP
/// has an RBF kernel and learned hyperparameters; acquisitions EI, PI, Thompson sampling (random Fourier features with
/// <c>basis_functions</c> features above 1000 candidates), max-variance, or random search. Units: those of the table.
/// </summary>
[Method("gp.bayes-opt", 1, Summary = "Bayesian optimisation (GP + EI/PI/TS) over a discrete candidate table.",
    Remarks = "PHYSBO-style discrete Bayesian optimisation (Motoyama et al., CPC 278, 108405, 2022; Thompson sampling " +
              "with random Fourier features, Rahimi & Recht 2007). Values keep the table's units.")]
public sealed class BayesOptMethod : IMethod<BayesOptParameters, BayesOptInputs, BayesOptOutputs>
{
    public ValueTask<MethodResult<BayesOptOutputs>> RunAsync(
        BayesOptInputs inputs, BayesOptParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        var table = inputs.Candidates;
        if (table.RowCount == 0)
        {
            throw MethodException.InvalidInput("candidates", "the candidate table has no rows.");
        }

        if (!table.HasColumn(parameters.ObjectiveColumn) || !table[parameters.ObjectiveColumn].IsNumeric)
        {
            throw MethodException.InvalidParameter("objective_column",
                $"'{parameters.ObjectiveColumn}' is not a numeric column; the table has {string.Join(", ", table.Columns.Select(c => c.Name))}.");
        }

        var objective = table[parameters.ObjectiveColumn].Numbers!;
        if (objective.Any(v => !double.IsFinite(v)))
        {
            throw MethodException.InvalidInput("candidates", $"column '{parameters.ObjectiveColumn}' has non-finite values.");
        }

        var names = FeatureNames(table, parameters, parameters.ObjectiveColumn);
        var features = Standardise(names.Select(n => table[n].Numbers!).ToArray(), out var kept);
        if (kept == 0)
        {
            throw MethodException.InvalidParameter("feature_columns", "every feature column is constant; there is nothing to search over.");
        }

        var sign = parameters.Goal == OptimizationGoal.Minimize ? -1.0 : 1.0;
        var settings = new BayesOptSettings
        {
            InitialPoints = parameters.InitialPoints,
            Budget = parameters.Budget,
            Acquisition = parameters.Acquisition,
            HyperparameterInterval = parameters.HyperparameterInterval,
            BasisFunctions = parameters.BasisFunctions,
            Ard = parameters.Ard,
            MaxDegreeOfParallelism = context.MaxDegreeOfParallelism,
        };
        BayesOptResult result;
        try
        {
            result = BayesOptSolver.Run(features, i => sign * objective[i], settings, context.Random, cancellationToken);
        }
        catch (GaussianProcessException ex)
        {
            throw MethodException.Failed($"the Gaussian process failed: {ex.Message}", ex);
        }

        var (outputs, metrics, _) = BayesOptReport.Build(table, names, result.Indices, [.. result.Indices.Select(i => objective[i])], sign,
            parameters.Acquisition, parameters.ObjectiveColumn, result.Refits);
        return ValueTask.FromResult(MethodResult.Success(
            outputs, new Convergence(true, result.Indices.Length, $"budget of {result.Indices.Length} evaluations used"), metrics));
    }

    /// <summary>
    /// Columns centred and scaled to unit standard deviation (PHYSBO's <c>misc.centering</c>); constant columns are
    /// dropped. Returns one row per candidate; <paramref name="kept"/> is the number of columns kept.
    /// </summary>
    public static double[][] Standardise(IReadOnlyList<double[]> columns, out int kept)
    {
        var rows = columns.Count == 0 ? 0 : columns[0].Length;
        var usable = new List<(double Mean, double Sd, double[] Values)>();
        foreach (var column in columns)
        {
            var mean = column.Average();
            var sd = Math.Sqrt(column.Sum(v => (v - mean) * (v - mean)) / column.Length);
            if (sd > 0 && double.IsFinite(sd))
            {
                usable.Add((mean, sd, column));
            }
        }

        kept = usable.Count;
        var x = new double[rows][];
        for (var i = 0; i < rows; i++)
        {
            x[i] = new double[usable.Count];
            for (var c = 0; c < usable.Count; c++)
            {
                x[i][c] = (usable[c].Values[i] - usable[c].Mean) / usable[c].Sd;
            }
        }

        return x;
    }

    internal static string[] FeatureNames(Table table, BayesOptSearchSettings parameters, string? objectiveColumn)
    {
        if (parameters.FeatureColumns.Length == 0)
        {
            return [.. table.Columns.Where(c => c.IsNumeric && c.Name != objectiveColumn).Select(c => c.Name)];
        }

        foreach (var name in parameters.FeatureColumns)
        {
            if (!table.HasColumn(name) || !table[name].IsNumeric)
            {
                throw MethodException.InvalidParameter("feature_columns", $"'{name}' is not a numeric column of the candidate table.");
            }

            if (name == objectiveColumn)
            {
                throw MethodException.InvalidParameter("feature_columns", "the objective column cannot also be a feature.");
            }

            if (table[name].Numbers!.Any(v => !double.IsFinite(v)))
            {
                throw MethodException.InvalidInput("candidates", $"feature column '{name}' has non-finite values.");
            }
        }

        return parameters.FeatureColumns;
    }
}
