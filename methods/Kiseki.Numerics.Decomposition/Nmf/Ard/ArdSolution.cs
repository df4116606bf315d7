namespace Kiseki.Methods.Spectral.Nmf.Ard;

/// <summary>
/// Result of NMF-ARD-SO. <paramref name="C"/> (N × K_found, row-major) carries the intensity, <paramref name="S"/>
/// (M × K_found, row-major) has unit-L2 columns. <paramref name="Lambdas"/> are the kept λ (largest first),
/// <paramref name="LambdaTrace"/> is iterations × K₀ row-major (all components, in the same order).
/// </summary>
public sealed record ArdSolution(
    double[] C,
    double[] S,
    int ComponentsFound,
    double[] Lambdas,
    double[] LambdaTrace,
    int TraceIterations,
    int InitialComponents,
    double Sigma2,
    double Beta,
    double[] Objective,
    int[] UpdatesPerRestart,
    int BestRestart,
    bool Converged,
    double FinalObjective);
