using Kiseki.Methods.Transport.Grid;

namespace Kiseki.Methods.Transport.DominantPointSearch;

/// <summary>Settings of <see cref="DominantPointSolver"/>.</summary>
/// <param name="InitialPoints">Random points evaluated before the first model.</param>
/// <param name="Budget">Maximum number of evaluations (initial points included).</param>
/// <param name="Samples">Posterior surface samples M per iteration.</param>
/// <param name="StableIterations">Stop when both most-likely dominant points are evaluated and unchanged for this many iterations.</param>
/// <param name="Threshold">Stop when the best unevaluated p_min + p_bottleneck falls below this.</param>
/// <param name="HyperparameterInterval">Re-fit hyperparameters every this many iterations.</param>
/// <param name="Strategy">Point selection rule.</param>
/// <param name="Connectivity">Grid edges of the barrier.</param>
/// <param name="Direction">Lattice direction of the path.</param>
/// <param name="EnergyCap">Energies above (lowest evaluated + cap) are clipped to it for the surrogate; ≤ 0 disables.</param>
/// <param name="Threads">Worker threads for the samples (results do not depend on it).</param>
/// <param name="BatchSize">Points proposed per iteration (evaluated together).</param>
internal sealed record SearchOptions(
    int InitialPoints,
    int Budget,
    int Samples,
    int StableIterations,
    double Threshold,
    int HyperparameterInterval,
    SearchStrategy Strategy,
    Connectivity Connectivity,
    PathDirection Direction,
    double EnergyCap,
    int Threads,
    int BatchSize = 1);
