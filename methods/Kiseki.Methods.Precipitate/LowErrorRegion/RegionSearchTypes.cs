using System.Text.Json.Nodes;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Precipitate.LowErrorRegion;

/// <summary>How the next parameter point is chosen.</summary>
public enum RegionStrategy
{
    /// <summary>Level-set estimation (Gotovos et al., IJCAI 2013).</summary>
    Lse,

    /// <summary>Straddle (Bryan et al., NIPS 2005): 1.96σ − |μ − h|.</summary>
    Straddle,

    /// <summary>Uniform random grid points.</summary>
    Random,

    /// <summary>Largest posterior variance.</summary>
    MaxVariance,
}

/// <summary>Settings of <see cref="LowErrorRegionSolver.Run"/>.</summary>
public sealed record RegionSearchSettings
{
    /// <summary>Strategy.</summary>
    public RegionStrategy Strategy { get; init; } = RegionStrategy.Lse;

    /// <summary>Random initial evaluations.</summary>
    public int InitialPoints { get; init; } = 10;

    /// <summary>Maximum forward-model evaluations, initial ones included.</summary>
    public int Budget { get; init; } = 500;

    /// <summary>LSE confidence width β^{1/2}.</summary>
    public double BetaSqrt { get; init; } = 3;

    /// <summary>LSE accuracy ε (in the GP's target units, ln y).</summary>
    public double Accuracy { get; init; }

    /// <summary>Minimum steps between hyperparameter refits (refits also wait until n grew by 25 %).</summary>
    public int HyperparameterInterval { get; init; } = 10;

    /// <summary>F1 that counts as "reached".</summary>
    public double TargetF1 { get; init; } = 0.95;

    /// <summary>Stop as soon as the target F1 is reached.</summary>
    public bool StopAtTarget { get; init; }

    /// <summary>Points proposed per step and evaluated together (1: one point per step).</summary>
    public int BatchSize { get; init; } = 1;
}

/// <summary>
/// The evaluated grid indices in order, the evaluation count after each step, F1, precision and recall after each step
/// (empty without a truth to score against), the final estimate and why the search stopped.
/// </summary>
public sealed record RegionSearchResult(
    int[] Order, int[] Evaluations, double[] F1, double[] Precision, double[] Recall, bool[] Estimate,
    int? EvaluationsToTarget, string StopReason)
{
    /// <summary>The values y of <see cref="Order"/>, in that order.</summary>
    public IReadOnlyList<double> Values { get; init; } = [];

    /// <summary>Points whose evaluation failed (left out of the model; they count against the budget).</summary>
    public IReadOnlyList<RegionSkip> Skipped { get; init; } = [];

    /// <summary>The posterior of ln y after the last step, or null when the search stopped before any fit.</summary>
    public Gaussian.GpModel? Model { get; init; }

    /// <summary>evaluations, f1, precision, recall after each step (scored searches only).</summary>
    public Table F1Table()
        => new([
            TableColumn.Numeric("evaluations", [.. Evaluations.Select(e => (double)e)]),
            TableColumn.Numeric("f1", F1),
            TableColumn.Numeric("precision", Precision),
            TableColumn.Numeric("recall", Recall),
        ]);

    /// <summary>{strategy, evaluations to the target (null when never reached), target_f1, grid_points, fraction, final_f1}.</summary>
    public JsonObject TargetJson(RegionStrategy strategy, double targetF1, int gridPoints)
        => new()
        {
            ["strategy"] = Names.OfChoice(strategy),
            ["evaluations"] = EvaluationsToTarget,
            ["target_f1"] = targetF1,
            ["grid_points"] = gridPoints,
            ["fraction"] = EvaluationsToTarget is { } e ? (double)e / gridPoints : null,
            ["final_f1"] = F1[^1],
        };
}

/// <summary>A grid point whose evaluation failed, and the evaluator's error.</summary>
public sealed record RegionSkip(int Index, string Error);

/// <summary>The state of a search between steps: attempted evaluations, the budget, region size and open points.</summary>
/// <param name="Attempted">Evaluations asked for so far (failed ones included).</param>
/// <param name="Budget">The evaluation budget.</param>
/// <param name="RegionPoints">Grid points in the current estimated region.</param>
/// <param name="Unclassified">Points not yet classified with confidence (LSE's U set, or |μ − ln h| &lt; 1.96σ), or −1 when the strategy has no such notion.</param>
public sealed record RegionProgress(int Attempted, int Budget, int RegionPoints, int Unclassified);

/// <summary>Evaluates a batch of grid indices; the results are in the order asked for.</summary>
public delegate Task<IReadOnlyList<PointEvaluation>> RegionBatchEvaluate(IReadOnlyList<int> indices, CancellationToken cancellationToken);


