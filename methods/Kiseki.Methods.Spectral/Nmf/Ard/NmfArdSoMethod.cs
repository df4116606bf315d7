using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Nmf.Hals;

namespace Kiseki.Methods.Spectral.Nmf.Ard;

/// <summary>Parameters of <c>spectral.nmf-ard-so@1</c>.</summary>
public sealed record NmfArdSoParameters
{
    [Description("Initial number of components K₀ (an upper bound; ARD prunes the irrelevant ones).")]
    [Range(1, 256)]
    public int Components { get; init; } = 8;

    [Description("Soft-orthogonality weight w_o in [0, 1].")]
    [Range(0.0, 1.0)]
    public double Orthogonality { get; init; } = 0.1;

    [Description("Independent restarts (malspy's reps).")]
    [Range(1, 1000)]
    public int Restarts { get; init; } = 3;

    [Description("Most sweeps per restart (malspy's max_itr).")]
    [Range(1, 1000000)]
    public int MaxIterations { get; init; } = 100;

    [Description("Sweeps before the stopping test applies (malspy's min_itr).")]
    [Range(0, 1000000)]
    public int MinIterations { get; init; } = 10;

    [Description("Stopping tolerance on the objective change: relative (default 1e-6) or, in malspy-0.4.0 mode, absolute (default 1e-10).")]
    public double? Tolerance { get; init; }

    [Description("Shape α > 1 of the inverse-gamma hyperprior on λ (malspy's alpha).")]
    public double Alpha { get; init; } = 1 + 1e-15;

    [Description("Spectra whose cosine similarity reaches this value are merged (malspy's threshold_merge).")]
    [Range(0.0, 1.0)]
    public double MergeThreshold { get; init; } = 0.99;

    [Description("none (corrected, scale-invariant algorithm) or malspy-0.4.0 (exact reproduction of malspy).")]
    public NmfCompat Compat { get; init; } = NmfCompat.None;

    [Description("NumPy seed of the malspy-0.4.0 mode (malspy's random_seed); ignored otherwise.")]
    [Range(0, int.MaxValue)]
    public int RandomSeed { get; init; }

    [Description(NmfRemarks.PrecisionParameter)]
    [OmittedAtDefault]
    public NmfPrecision Precision { get; init; } = NmfPrecision.Float64;
}

/// <summary>NMF-ARD-SO: learns the number of components; malspy's <c>NMF_ARD_SO</c>.</summary>
[Method(
    "spectral.nmf-ard-so",
    1,
    Summary = "NMF with automatic relevance determination (learns K) and soft orthogonality.",
    Remarks = NmfRemarks.Ard + NmfRemarks.Precision,
    RelativeTolerance = 1e-9)]
[FactorSet("maps", "spectra", Companions = ["lambdas"])]
public sealed class NmfArdSoMethod : IMethod<NmfArdSoParameters, NmfInputs, NmfArdSoOutputs>
{
    public ValueTask<MethodResult<NmfArdSoOutputs>> RunAsync(
        NmfInputs inputs, NmfArdSoParameters parameters, MethodContext context, CancellationToken cancellationToken)
        => MaskedNmf.Run(inputs, context, image => Fit(image, parameters, context, cancellationToken));

    private static ValueTask<MethodResult<NmfArdSoOutputs>> Fit(
        SpectrumImage image, NmfArdSoParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        var p = parameters;
        NmfInputCheck.CheckIterations(p.Restarts, p.MaxIterations, p.MinIterations);
        if (!(p.Alpha > 1) || !double.IsFinite(p.Alpha))
        {
            throw MethodException.InvalidParameter("alpha", $"must be finite and > 1, got {p.Alpha}.");
        }

        if (!(p.Orthogonality >= 0) || !double.IsFinite(p.Orthogonality))
        {
            throw MethodException.InvalidParameter("orthogonality", $"must be finite and ≥ 0, got {p.Orthogonality}.");
        }

        var threads = Math.Max(1, context.MaxDegreeOfParallelism);
        var malspy = p.Compat != NmfCompat.None;
        NmfInputCheck.CheckPrecision(p.Precision, malspy);
        var (x, _) = ReadFailure.Guard(() => NmfInputCheck.Prepare(image, p.Components, threads, context, malspy ? "malspy mode works on the image in memory" : null));
        using var rows = x.File;
        x = NmfInputCheck.WithPrecision(x, p.Precision, context);
        var tol = NmfInputCheck.CheckTolerance(p.Tolerance) ?? (malspy ? 1e-10 : 1e-6);
        var progress = new NmfProgress(context, p.Restarts, p.MaxIterations);
        var options = new NmfSolverOptions
        {
            Components = p.Components, Orthogonality = p.Orthogonality, Restarts = p.Restarts,
            MaxIterations = p.MaxIterations, MinIterations = p.MinIterations, Tolerance = tol, MalspyCompatible = malspy,
            MalspySeed = (uint)p.RandomSeed, Alpha = p.Alpha, MergeThreshold = p.MergeThreshold, Threads = threads,
            RestartFinished = progress.Restart, SweepFinished = progress.Sweep,
        };
        ArdSolution fit;
        try
        {
            fit = ReadFailure.Guard(() => ArdSoSolver.Fit(x, options, context.Random, cancellationToken));
        }
        catch (InvalidOperationException e)
        {
            throw MethodException.Failed($"NMF-ARD-SO failed: {e.Message}.", e);
        }

        if (fit.ComponentsFound == 0)
        {
            // A legitimate answer at very low dose: no component stands above the noise. The outputs have K = 0.
            context.Log.Warning(
                "NMF-ARD-SO pruned every component (all λ collapsed): no component is distinguishable from noise; " +
                "maps and spectra are empty (K = 0).");
        }

        var k = fit.ComponentsFound;
        var iterations = malspy ? fit.UpdatesPerRestart[fit.BestRestart] : fit.Objective.Length;
        context.Log.Info($"updates per restart: {string.Join(", ", fit.UpdatesPerRestart)}; components found {k}");
        var outputs = new NmfArdSoOutputs
        {
            Maps = NmfOutputBuilder.Maps(image, fit.C, k),
            Spectra = NmfOutputBuilder.Spectra(image, fit.S, k),
            Residual = NmfOutputBuilder.Image(image, NmfOutputBuilder.RmseImage(x, fit.C, fit.S, k, threads)),
            Objective = NmfOutputBuilder.Curve(fit.Objective),
            Convergence = NmfOutputBuilder.Convergence(fit.Converged, iterations, fit.UpdatesPerRestart, fit.BestRestart, tol, p.Compat),
            Lambdas = NdArray.Create(fit.Lambdas, k),
            LambdaTrace = NdArray.Create(fit.LambdaTrace, fit.TraceIterations, fit.InitialComponents),
            Sigma2 = JsonArtifact.Number(fit.Sigma2),
            ComponentsFound = JsonArtifact.Integer(k),
        };
        var metrics = new Dictionary<string, double>
        {
            ["objective"] = fit.FinalObjective,
            ["components"] = k,
            ["sigma2"] = fit.Sigma2,
        };
        return ValueTask.FromResult(MethodResult.Success(
            outputs, NmfOutputBuilder.Summary(fit.Converged, iterations, tol, p.Compat), metrics));
    }
}
