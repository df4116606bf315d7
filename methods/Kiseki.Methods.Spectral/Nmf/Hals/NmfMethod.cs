using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Spectral.Nmf.Hals;

/// <summary>Parameters of <c>spectral.nmf@2</c>.</summary>
public sealed record NmfParameters
{
    [Description("Number of components K.")]
    [Range(1, 256)]
    public int Components { get; init; } = 2;

    [Description("Independent restarts; the smallest final objective wins (malspy's reps).")]
    [Range(1, 1000)]
    public int Restarts { get; init; } = 3;

    [Description("Most HALS sweeps per restart (malspy's max_itr).")]
    [Range(1, 1000000)]
    public int MaxIterations { get; init; } = 100;

    [Description("Sweeps before the stopping test applies (malspy's min_itr).")]
    [Range(0, 1000000)]
    public int MinIterations { get; init; } = 10;

    [Description("Stopping tolerance on the objective change: relative (default 1e-6) or, in malspy-0.4.0 mode, absolute (default 1e-10).")]
    public double? Tolerance { get; init; }

    [Description("none (corrected algorithm) or malspy-0.4.0 (exact reproduction of malspy).")]
    public NmfCompat Compat { get; init; } = NmfCompat.None;

    [Description("NumPy seed of the malspy-0.4.0 mode (malspy's random_seed); ignored otherwise, where the step seed is used.")]
    [Range(0, int.MaxValue)]
    public int RandomSeed { get; init; }

    [Description(NmfRemarks.PrecisionParameter)]
    [OmittedAtDefault]
    public NmfPrecision Precision { get; init; } = NmfPrecision.Float64;
}

/// <summary>NMF by HALS, malspy's <c>NMF</c>.</summary>
[Method(
    "spectral.nmf",
    2,
    Summary = "Non-negative matrix factorisation X ≈ C Sᵀ of a spectrum image by HALS.",
    Remarks = NmfRemarks.Hals + NmfRemarks.SinglePass + NmfRemarks.Precision,
    RelativeTolerance = 1e-9)]
[FactorSet("maps", "spectra")]
public sealed class NmfMethod : IMethod<NmfParameters, NmfInputs, NmfOutputs>
{
    public ValueTask<MethodResult<NmfOutputs>> RunAsync(
        NmfInputs inputs, NmfParameters parameters, MethodContext context, CancellationToken cancellationToken)
        => MaskedNmf.Run(inputs, context, image => HalsRunner.Run(
            image, parameters.Components, 0, parameters.Restarts, parameters.MaxIterations,
            parameters.MinIterations, parameters.Tolerance, parameters.Compat, parameters.RandomSeed, context, cancellationToken,
            singlePass: true, precision: parameters.Precision));
}
