using Kiseki.Methods.Transport.Barrier;
using Kiseki.Methods.Transport.Sampling;

namespace Kiseki.Methods.Transport.DominantPointSearch;

/// <summary>One iteration of the search (one model, M samples, one choice).</summary>
internal sealed record SearchIteration(
    int Iteration,
    int Evaluations,
    int Chosen,
    double Score,
    double Unevaluated,
    double MaxPMinimum,
    double MaxPBottleneck,
    int MapMinimum,
    int MapBottleneck,
    double SampleBarrierMedian,
    double Estimate,
    double Length,
    double Scale);

/// <summary>Result of <see cref="DominantPointSolver.RunAsync"/>.</summary>
internal sealed record SearchOutcome(
    BarrierResult Estimate,
    double[] SampleBarriers,
    IReadOnlyList<int> Evaluated,
    IReadOnlyList<double> Values,
    IReadOnlyList<SearchIteration> Trace,
    string StopReason,
    bool Converged,
    SurfaceHyperparameters? Hyperparameters)
{
    /// <summary>Points whose evaluation failed and were left out, in proposal order.</summary>
    public IReadOnlyList<SkippedPoint> Skipped { get; init; } = [];
}

/// <summary>A point whose evaluation failed (skipped under <c>on_failure: skip</c>).</summary>
/// <param name="Index">Flat grid index.</param>
/// <param name="Error">The evaluator's error.</param>
internal sealed record SkippedPoint(int Index, string Error);

/// <summary>Where a search stands after a batch: evaluations attempted of the budget, the estimate and its spread.</summary>
internal sealed record SearchProgress(int Attempted, int Budget, double Estimate, double Spread);
