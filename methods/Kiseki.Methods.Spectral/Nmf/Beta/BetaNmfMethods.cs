using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Nmf.Hals;

namespace Kiseki.Methods.Spectral.Nmf.Beta;

/// <summary>Parameters of <c>spectral.beta-nmf@2</c> and <c>spectral.beta-nmf@3</c>.</summary>
public sealed record BetaNmfParameters
{
    [Description("Number of components K.")]
    [Range(1, 256)]
    public int Components { get; init; } = 2;

    [Description("β in malspy's convention: −1 Itakura–Saito, 0 Kullback–Leibler (Poisson), 1 Euclidean (standard β_std = β + 1).")]
    public double Beta { get; init; }

    [Description("Independent restarts (malspy's reps).")]
    [Range(1, 1000)]
    public int Restarts { get; init; } = 3;

    [Description("Most iterations per restart (malspy's max_itr).")]
    [Range(1, 1000000)]
    public int MaxIterations { get; init; } = 100;

    [Description("Iterations before the stopping test applies (malspy's min_itr).")]
    [Range(0, 1000000)]
    public int MinIterations { get; init; } = 10;

    [Description("Stopping tolerance on the mean divergence: relative (default 1e-6) or, in malspy-0.4.0 mode, absolute (default 1e-10).")]
    public double? Tolerance { get; init; }

    [Description("none (streamed multiplicative updates) or malspy-0.4.0 (exact reproduction of malspy's BetaNMF).")]
    public NmfCompat Compat { get; init; } = NmfCompat.None;

    [Description("NumPy seed of the malspy-0.4.0 mode (malspy's random_seed); ignored otherwise.")]
    [Range(0, int.MaxValue)]
    public int RandomSeed { get; init; }
}

/// <summary>Parameters of <c>spectral.beta-nmf-so@2</c>.</summary>
public sealed record BetaNmfSoParameters
{
    [Description("Number of components K.")]
    [Range(1, 256)]
    public int Components { get; init; } = 2;

    [Description("β in malspy's convention: −1 Itakura–Saito, 0 Kullback–Leibler (Poisson), 1 Euclidean (standard β_std = β + 1).")]
    public double Beta { get; init; }

    [Description("Soft-orthogonality weight w_o in [0, 1].")]
    [Range(0.0, 1.0)]
    public double Orthogonality { get; init; } = 0.1;

    [Description("Independent restarts (malspy's reps).")]
    [Range(1, 1000)]
    public int Restarts { get; init; } = 3;

    [Description("Most iterations per restart (malspy's max_itr).")]
    [Range(1, 1000000)]
    public int MaxIterations { get; init; } = 100;

    [Description("Iterations before the stopping test applies (malspy's min_itr).")]
    [Range(0, 1000000)]
    public int MinIterations { get; init; } = 10;

    [Description("Stopping tolerance on the mean divergence: relative (default 1e-6) or, in malspy-0.4.0 mode, absolute (default 1e-10).")]
    public double? Tolerance { get; init; }

    [Description("none (streamed multiplicative updates) or malspy-0.4.0 (exact reproduction of malspy's BetaNMF_SO).")]
    public NmfCompat Compat { get; init; } = NmfCompat.None;

    [Description("NumPy seed of the malspy-0.4.0 mode (malspy's random_seed); ignored otherwise.")]
    [Range(0, int.MaxValue)]
    public int RandomSeed { get; init; }
}

/// <summary>β-divergence NMF, malspy's <c>BetaNMF</c>.</summary>
[Method("spectral.beta-nmf", 2, Summary = "NMF under a β-divergence (Itakura–Saito, KL/Poisson, Euclidean or general β).", Remarks = NmfRemarks.Beta, RelativeTolerance = 1e-9)]
[FactorSet("maps", "spectra")]
public sealed class BetaNmfMethod : IMethod<BetaNmfParameters, NmfInputs, NmfOutputs>
{
    public ValueTask<MethodResult<NmfOutputs>> RunAsync(NmfInputs inputs, BetaNmfParameters parameters, MethodContext context, CancellationToken cancellationToken)
        => MaskedNmf.Run(inputs, context, image => BetaRunner.Run(image, parameters.Components, parameters.Beta, 0, parameters.Restarts,
            parameters.MaxIterations, parameters.MinIterations, parameters.Tolerance, parameters.Compat, parameters.RandomSeed, context, cancellationToken));
}

/// <summary>
/// β-divergence NMF, malspy's <c>BetaNMF</c>, version 3: in the default mode one pass over X per sweep (the same
/// updates as version 2, which stays registered, up to summation order), and an image left in its file is read by rows
/// when its working copy exceeds the array memory budget. The malspy-0.4.0 mode is version 2's, bit for bit.
/// </summary>
[Method("spectral.beta-nmf", 3, Summary = "NMF under a β-divergence (Itakura–Saito, KL/Poisson, Euclidean or general β), one pass over X per sweep.",
    Remarks = NmfRemarks.Beta + NmfRemarks.BetaSinglePass, RelativeTolerance = 1e-9)]
[FactorSet("maps", "spectra")]
public sealed class BetaNmfOnePassMethod : IMethod<BetaNmfParameters, NmfInputs, NmfOutputs>
{
    public ValueTask<MethodResult<NmfOutputs>> RunAsync(NmfInputs inputs, BetaNmfParameters parameters, MethodContext context, CancellationToken cancellationToken)
        => MaskedNmf.Run(inputs, context, image => BetaRunner.Run(image, parameters.Components, parameters.Beta, 0, parameters.Restarts,
            parameters.MaxIterations, parameters.MinIterations, parameters.Tolerance, parameters.Compat, parameters.RandomSeed, context, cancellationToken,
            singlePass: true));
}

/// <summary>β-divergence NMF with soft orthogonality, malspy's <c>BetaNMF_SO</c> (Shiga and Muto 2019).</summary>
[Method("spectral.beta-nmf-so", 2, Summary = "β-divergence NMF with a soft orthogonality constraint on the maps.", Remarks = NmfRemarks.Beta, RelativeTolerance = 1e-9)]
[FactorSet("maps", "spectra")]
public sealed class BetaNmfSoMethod : IMethod<BetaNmfSoParameters, NmfInputs, NmfOutputs>
{
    public ValueTask<MethodResult<NmfOutputs>> RunAsync(NmfInputs inputs, BetaNmfSoParameters parameters, MethodContext context, CancellationToken cancellationToken)
        => MaskedNmf.Run(inputs, context, image => BetaRunner.Run(image, parameters.Components, parameters.Beta, parameters.Orthogonality,
            parameters.Restarts, parameters.MaxIterations, parameters.MinIterations, parameters.Tolerance, parameters.Compat, parameters.RandomSeed,
            context, cancellationToken));
}
