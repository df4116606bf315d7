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

/// <summary>Result of <see cref="DominantPointSolver.Run"/>.</summary>
internal sealed record SearchOutcome(
    BarrierResult Estimate,
    double[] SampleBarriers,
    IReadOnlyList<int> Evaluated,
    IReadOnlyList<double> Values,
    IReadOnlyList<SearchIteration> Trace,
    string StopReason,
    bool Converged,
    SurfaceHyperparameters? Hyperparameters);
