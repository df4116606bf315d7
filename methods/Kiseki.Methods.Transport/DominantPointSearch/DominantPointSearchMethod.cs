using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Transport.Barrier;
using Kiseki.Methods.Transport.Grid;
using Kiseki.Methods.Transport.Sampling;

namespace Kiseki.Methods.Transport.DominantPointSearch;

/// <summary>Active learning of the migration barrier: GP posterior samples of the whole surface pick the next point.</summary>
/// <remarks>
/// Reconstructed from the abstract of Kanamori et al., Phys. Rev. B 97, 125124 (2018) (arXiv:1710.03468); the paper's
/// algorithmic details were not available. Energies in the unit of the grid (eV for the perovskite template);
/// coordinates fractional.
/// </remarks>
[Method("transport.dominant-point-search", version: 1,
    Summary = "Active search for the migration barrier: evaluate where GP posterior samples put the minimum or the bottleneck.",
    Remarks = "Reconstructed from the abstract of Kanamori et al., PRB 97, 125124 (2018), arXiv:1710.03468 (algorithm details, "
        + "kernel, M and stopping rules of the paper are not known; these are ours). Surrogate: GP with constant mean and the "
        + "periodic kernel k = s² Π_a exp(−sin²(πΔu_a)/(2π²ℓ²)) (squared exponential on the embedding (cos 2πu, sin 2πu)/2π), "
        + "mean, scale and ℓ by type-II maximum likelihood (hyperparameter_fit: gp-core = the shared GP core's BFGS-B fit on the "
        + "embedding, warm-started, ≤ 200 points; profile = closed-form mean and scale, golden-section ℓ, ≤ 300 points; "
        + "nugget 1e-6·s², as the energies are noise-free), re-fitted "
        + "every hyperparameter_interval iterations; energies above lowest + energy_cap are clipped for the GP only. "
        + "Posterior surfaces are drawn exactly on the whole grid: the prior covariance is circulant, so prior samples come "
        + "from FFTs (the grid's exact Fourier features) and are conditioned pathwise (Matheron's rule). Each sample's minimum "
        + "and bottleneck come from the exact union-find barrier (transport.barrier); the unevaluated point with the largest "
        + "p_min + p_bottleneck (ties: lower index) is evaluated next. Stops when the most likely minimum and bottleneck are "
        + "evaluated and unchanged for stable_iterations iterations, when the fraction of samples whose minimum or bottleneck "
        + "is unevaluated falls below threshold, or at the budget. Estimate: the barrier of the surface made of the evaluated "
        + "energies and the posterior mean elsewhere; spread: the samples' barriers. Energies in grid units (eV for the "
        + "perovskite template); evaluations counted in grid points. Baselines: strategy random and exhaustive.",
    RelativeTolerance = 1e-9)]
public sealed class DominantPointSearchMethod
    : IMethod<DominantPointSearchParameters, DominantPointSearchInputs, DominantPointSearchOutputs>
{
    /// <inheritdoc />
    public ValueTask<MethodResult<DominantPointSearchOutputs>> RunAsync(
        DominantPointSearchInputs inputs, DominantPointSearchParameters parameters, MethodContext context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(context);
        var (grid, energies) = GridPoints.Read(inputs.Energies, "energies");
        if (parameters.Direction == PathDirection.C && grid.Rank == 2)
        {
            throw MethodException.InvalidParameter("direction", "direction c needs a 3-D grid; use any, a or b.");
        }

        if (parameters.InitialPoints < 1 || parameters.Budget < 1 || parameters.Samples < 2)
        {
            throw MethodException.InvalidParameter("samples", "initial_points and budget must be ≥ 1 and samples ≥ 2.");
        }

        // Fails clearly for all-wall grids and wall patterns without a percolating path before any search; only the
        // wall mask is read (known a priori), no energy is evaluated.
        var mask = Array.ConvertAll(energies, e => double.IsFinite(e) ? 0.0 : double.NaN);
        BarrierMethod.Solve(grid, mask, parameters.Connectivity, parameters.Direction, "energies");
        var options = new SearchOptions(
            parameters.InitialPoints, parameters.Budget, parameters.Samples, parameters.StableIterations,
            parameters.Threshold, parameters.HyperparameterInterval, parameters.Strategy, parameters.Connectivity,
            parameters.Direction, parameters.EnergyCap, Math.Max(1, context.MaxDegreeOfParallelism));
        var progress = new Progress<double>(f => context.Progress.Report(new StepProgress(f)));
        DominantPointSolver.HyperparameterFit? fit = parameters.HyperparameterFit == HyperparameterFitting.GpCore
            ? new GpCoreFit(context.Random.Derive("hyperparameters"), Math.Max(1, context.MaxDegreeOfParallelism)).Fit
            : null;
        var outcome = DominantPointSolver.Run(grid, energies, options, context.Random, fit, progress, cancellationToken);
        if (!outcome.Estimate.Found)
        {
            throw MethodException.Failed("the estimated surface has no percolating path (walls cut every path).");
        }

        context.Log.Info($"{outcome.Evaluated.Count} of {grid.Count} points evaluated; {outcome.StopReason}.");
        var points = GridPoints.Outputs(grid, outcome.Estimate);
        var outputs = new DominantPointSearchOutputs
        {
            Barrier = new JsonArtifact(SearchTables.Summary(grid, outcome)),
            Minimum = points.Minimum,
            Bottleneck = points.Bottleneck,
            Evaluations = SearchTables.Evaluations(grid, outcome),
            Trace = SearchTables.Trace(outcome),
        };
        var metrics = new Dictionary<string, double>
        {
            ["barrier"] = outcome.Estimate.Barrier,
            ["evaluations"] = outcome.Evaluated.Count,
            ["evaluated_fraction"] = (double)outcome.Evaluated.Count / grid.Count,
            ["iterations"] = outcome.Trace.Count,
        };
        var convergence = new Convergence(outcome.Converged, outcome.Trace.Count, outcome.StopReason);
        return ValueTask.FromResult(MethodResult.Success(outputs, convergence, metrics));
    }
}
