namespace Kiseki.Methods.Spectral.Nmf.Beta;

/// <summary>
/// A β-NMF fit X ≈ C Sᵀ: <paramref name="C"/> N × K row-major with unit-L2 columns, <paramref name="S"/> M × K
/// row-major carrying the intensity. <paramref name="Deviance"/> is the summed divergence Σᵢⱼ d(Xᵢⱼ | (C Sᵀ)ᵢⱼ) of
/// the returned factors; <paramref name="FinalObjective"/> is the mean divergence (Deviance/(N·M)) or, in the malspy
/// mode, the last value of malspy's truncated learning curve. <paramref name="Objective"/> is the mean divergence after
/// every sweep, except for KL (β = 0, not malspy mode): after every <see cref="BetaNmfSolver.KlObjectiveInterval"/>-th
/// sweep and after the last one. Count iterations with <paramref name="UpdatesPerRestart"/> (sweeps per restart), not
/// with the length of the objective.
/// </summary>
public sealed record BetaNmfSolution(
    double[] C,
    double[] S,
    int Components,
    double[] Objective,
    double Deviance,
    double[] PixelDivergence,
    int[] UpdatesPerRestart,
    int BestRestart,
    bool Converged,
    double FinalObjective);
