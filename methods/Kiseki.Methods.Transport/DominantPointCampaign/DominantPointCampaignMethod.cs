using System.Globalization;
using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Transport.Barrier;
using Kiseki.Methods.Transport.DominantPointSearch;
using Kiseki.Methods.Transport.Grid;
using Kiseki.Methods.Transport.PesGrid;
using Kiseki.Methods.Transport.Sampling;

namespace Kiseki.Methods.Transport.DominantPointCampaign;

/// <summary>
/// The dominant-point search of version 1 driving a real evaluator: each proposed grid point is evaluated through the
/// step's <c>evaluate:</c> block (a recorded step instance per point), q points per iteration.
/// </summary>
/// <remarks>
/// Reconstructed from the abstract of Kanamori et al., Phys. Rev. B 97, 125124 (2018) (arXiv:1710.03468). Points are
/// fractional coordinates {x, y(, z)} = (i/n0, j/n1(, k/n2)); energies in the evaluator's unit (eV for the perovskite
/// template). With batch_size 1 and an evaluator returning the grid's energies the decisions equal version 1's.
/// </remarks>
[Method("transport.dominant-point-search", version: 2, Evaluates = true,
    Summary = "Active search for the migration barrier, evaluating each proposed point with the step's evaluate: block (batches of q).",
    Remarks = "Version 1's search (see transport.dominant-point-search@1) with the oracle grid replaced by an evaluator: every "
        + "proposed grid point {x, y(, z)} (fractional, i/n) is a recorded, cached evaluation, so an interrupted campaign resumes "
        + "without evaluating a point twice and a repeated one evaluates nothing. batch_size q: the q open points with the "
        + "largest p_min + p_bottleneck are evaluated together (ties: lower index); results are used in proposal order. "
        + "Failed evaluations under on_failure: skip are left out and listed in barrier.skipped; the budget counts them. "
        + "A reference input (exhaustive energies) adds exact_barrier and barrier_error; the search never reads it.",
    RelativeTolerance = 1e-9)]
public sealed class DominantPointCampaignMethod
    : IMethod<DominantPointCampaignParameters, DominantPointCampaignInputs, DominantPointSearchOutputs>
{
    private static readonly string[] Names = ["x", "y", "z"];

    /// <inheritdoc />
    public async ValueTask<MethodResult<DominantPointSearchOutputs>> RunAsync(
        DominantPointCampaignInputs inputs, DominantPointCampaignParameters parameters, MethodContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(context);
        var evaluator = context.Evaluator ?? throw MethodException.Failed("this search evaluates points: give the step an 'evaluate:' block.");
        var (grid, walls) = Space(inputs, parameters);
        if (parameters.Direction == PathDirection.C && grid.Rank == 2)
        {
            throw MethodException.InvalidParameter("direction", "direction c needs a 3-D grid; use any, a or b.");
        }

        var mask = Array.ConvertAll(walls, w => w ? double.NaN : 0.0);
        BarrierMethod.Solve(grid, mask, parameters.Connectivity, parameters.Direction, "space");
        var options = new SearchOptions(
            parameters.InitialPoints, parameters.Budget, parameters.Samples, parameters.StableIterations,
            parameters.Threshold, parameters.HyperparameterInterval, parameters.Strategy, parameters.Connectivity,
            parameters.Direction, parameters.EnergyCap, Math.Max(1, context.MaxDegreeOfParallelism), parameters.BatchSize);
        DominantPointSolver.HyperparameterFit? fit = parameters.HyperparameterFit == HyperparameterFitting.GpCore
            ? new GpCoreFit(context.Random.Derive("hyperparameters"), Math.Max(1, context.MaxDegreeOfParallelism)).Fit
            : null;
        Task<IReadOnlyList<PointEvaluation>> Evaluate(IReadOnlyList<int> indices, CancellationToken token)
            => evaluator.EvaluateAsync([.. indices.Select(i => PointOf(grid, i))], token);
        // Reported on the search's own thread, between batches (not posted to the thread pool).
        var progress = new CampaignProgress(p => context.Progress.Report(new StepProgress(
            Math.Clamp((double)p.Attempted / Math.Max(1, p.Budget), 0, 1), Describe(p))));
        SearchOutcome outcome;
        try
        {
            outcome = await DominantPointSolver.RunAsync(grid, walls, Evaluate, options, context.Random, fit, progress, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (InvalidOperationException e)
        {
            throw MethodException.Failed(e.Message);
        }

        if (!outcome.Estimate.Found)
        {
            throw MethodException.Failed("the estimated surface has no percolating path (walls cut every path).");
        }

        context.Log.Info($"{outcome.Evaluated.Count} of {grid.Count} points evaluated ({outcome.Skipped.Count} skipped); {outcome.StopReason}.");
        var summary = SearchTables.Summary(grid, outcome);
        summary["batch_size"] = parameters.BatchSize;
        summary["skipped"] = new JsonArray([.. outcome.Skipped.Select(s => (JsonNode?)new JsonObject
        {
            ["point"] = PointJson(grid, s.Index), ["error"] = s.Error,
        })]);
        var metrics = new Dictionary<string, double>
        {
            ["barrier"] = outcome.Estimate.Barrier,
            ["evaluations"] = outcome.Evaluated.Count,
            ["skipped"] = outcome.Skipped.Count,
            ["iterations"] = outcome.Trace.Count,
        };
        if (inputs.Reference is { } reference)
        {
            var exact = Exact(reference, grid, parameters);
            summary["exact_barrier"] = exact;
            summary["barrier_error"] = outcome.Estimate.Barrier - exact;
            metrics["barrier_error"] = Math.Abs(outcome.Estimate.Barrier - exact);
        }

        var points = GridPoints.Outputs(grid, outcome.Estimate);
        var outputs = new DominantPointSearchOutputs
        {
            Barrier = new JsonArtifact(summary),
            Minimum = points.Minimum,
            Bottleneck = points.Bottleneck,
            Evaluations = SearchTables.Evaluations(grid, outcome),
            Trace = SearchTables.Trace(outcome),
        };
        return MethodResult.Success(outputs, new Convergence(outcome.Converged, outcome.Trace.Count, outcome.StopReason), metrics);
    }

    /// <summary>The point of grid index <paramref name="index"/>: fractional coordinates named x, y(, z).</summary>
    internal static IReadOnlyDictionary<string, double> PointOf(PeriodicGrid grid, int index)
    {
        var u = grid.FractionalOf(index);
        var point = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var a = 0; a < u.Length; a++)
        {
            point[Names[a]] = u[a];
        }

        return point;
    }

    private static JsonObject PointJson(PeriodicGrid grid, int index)
        => new(PointOf(grid, index).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));

    private static (PeriodicGrid Grid, bool[] Walls) Space(DominantPointCampaignInputs inputs, DominantPointCampaignParameters parameters)
    {
        if (inputs.Space is { } space)
        {
            var (grid, values) = GridPoints.Read(space, "space");
            return (grid, Array.ConvertAll(values, v => !double.IsFinite(v)));
        }

        if (parameters.Grid.Length == 0)
        {
            throw MethodException.InvalidParameter("grid", "give the candidate grid, e.g. grid: [16, 16, 16], or a space input.");
        }

        var shaped = PesGridMethod.CreateGrid(parameters.Grid);
        return (shaped, new bool[shaped.Count]);
    }

    private static double Exact(Abstractions.Arrays.NdArray reference, PeriodicGrid grid, DominantPointCampaignParameters parameters)
    {
        var (referenceGrid, energies) = GridPoints.Read(reference, "reference");
        if (!referenceGrid.Shape.SequenceEqual(grid.Shape))
        {
            throw MethodException.InvalidInput(
                "reference", $"the reference grid ({string.Join(", ", referenceGrid.Shape)}) differs from the search grid ({string.Join(", ", grid.Shape)}).");
        }

        return BarrierSolver.Solve(energies, grid, parameters.Connectivity, parameters.Direction).Barrier;
    }

    private static string Describe(SearchProgress p)
        => double.IsFinite(p.Estimate)
            ? string.Create(CultureInfo.InvariantCulture, $"{p.Attempted}/{p.Budget} evaluations, barrier {p.Estimate:G4} ± {p.Spread:G2}")
            : string.Create(CultureInfo.InvariantCulture, $"{p.Attempted}/{p.Budget} evaluations");
}

/// <summary>Passes each report on at once, on the caller's thread.</summary>
internal sealed class CampaignProgress(Action<SearchProgress> report) : IProgress<SearchProgress>
{
    /// <inheritdoc />
    public void Report(SearchProgress value) => report(value);
}
