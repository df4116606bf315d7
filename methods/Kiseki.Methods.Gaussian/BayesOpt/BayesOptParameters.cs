using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Abstractions.Artifacts;

namespace Kiseki.Methods.Gaussian.BayesOpt;

/// <summary>Whether the objective column is minimised or maximised.</summary>
public enum OptimizationGoal
{
    /// <summary>Find the smallest value.</summary>
    Minimize,

    /// <summary>Find the largest value.</summary>
    Maximize,
}

/// <summary>Parameters of <c>gp.bayes-opt@1</c>.</summary>
public sealed record BayesOptParameters : BayesOptSearchSettings
{
    [Description("Numeric column of the candidate table holding the objective (read only for chosen rows).")]
    public required string ObjectiveColumn { get; init; }
}

/// <summary>The search settings shared by every version of <c>gp.bayes-opt</c>.</summary>
public abstract record BayesOptSearchSettings
{
    [Description("Numeric feature columns; empty means every other numeric column.")]
    public string[] FeatureColumns { get; init; } = [];

    [Description("minimize or maximize the objective column.")]
    public OptimizationGoal Goal { get; init; } = OptimizationGoal.Minimize;

    [Description("Random initial evaluations before the acquisition takes over.")]
    [Range(1, 1_000_000)]
    public int InitialPoints { get; init; } = 10;

    [Description("Total number of evaluations, initial ones included (capped at the number of candidates).")]
    [Range(1, 1_000_000)]
    public int Budget { get; init; } = 100;

    [Description("Acquisition: ei, pi, ts (Thompson sampling), max-variance or random.")]
    public BayesOptAcquisition Acquisition { get; init; } = BayesOptAcquisition.Ei;

    [Description("Learn GP hyperparameters every n acquisition steps; 0 = once at the first step; negative = never.")]
    public int HyperparameterInterval { get; init; } = 20;

    [Description("Random Fourier features used by Thompson sampling when there are more than 1000 candidates.")]
    [Range(10, 20000)]
    public int BasisFunctions { get; init; } = 500;

    [Description("Use one GP length scale per feature (ARD).")]
    public bool Ard { get; init; }
}

/// <summary>Inputs of <c>gp.bayes-opt@1</c>.</summary>
public sealed record BayesOptInputs
{
    [Description("Candidate table: one row per candidate, feature columns and the objective column.")]
    public required Table Candidates { get; init; }
}

/// <summary>Outputs of <c>gp.bayes-opt@1</c>.</summary>
public sealed record BayesOptOutputs
{
    [Description("One row per evaluation: step (1-based), index (0-based row), value, best so far.")]
    public required Table History { get; init; }

    [Description("The best candidate: index, value, step found and its feature values.")]
    public required JsonArtifact Best { get; init; }

    [Description("Best value found vs evaluation step (PNG).")]
    public required Figure Plot { get; init; }
}
