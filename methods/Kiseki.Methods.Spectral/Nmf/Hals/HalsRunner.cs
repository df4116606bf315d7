using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Spectral.Nmf.Hals;

/// <summary>The shared body of <c>spectral.nmf</c> and <c>spectral.nmf-so</c>.</summary>
internal static class HalsRunner
{
    public static ValueTask<MethodResult<NmfOutputs>> Run(
        SpectrumImage image, int components, double orthogonality, int restarts, int maxIterations, int minIterations,
        double? tolerance, NmfCompat compat, int randomSeed, MethodContext context, CancellationToken cancellationToken,
        bool singlePass = false, NmfPrecision precision = NmfPrecision.Float64)
    {
        NmfInputCheck.CheckIterations(restarts, maxIterations, minIterations);
        var threads = Math.Max(1, context.MaxDegreeOfParallelism);
        var malspy = compat != NmfCompat.None;
        NmfInputCheck.CheckPrecision(precision, malspy);
        var (x, _) = ReadFailure.Guard(() => NmfInputCheck.Prepare(image, components, threads, context, malspy ? "malspy mode works on the image in memory" : null));
        using var rows = x.File;
        x = NmfInputCheck.WithPrecision(x, precision, context);
        var tol = NmfInputCheck.CheckTolerance(tolerance) ?? (malspy ? 1e-10 : 1e-6);
        var progress = new NmfProgress(context, restarts, maxIterations);
        var options = new NmfSolverOptions
        {
            Components = components, Orthogonality = orthogonality, Restarts = restarts, MaxIterations = maxIterations,
            MinIterations = minIterations, Tolerance = tol, MalspyCompatible = malspy, MalspySeed = (uint)randomSeed,
            Threads = threads, SinglePass = singlePass,
            RestartFinished = progress.Restart, SweepFinished = progress.Sweep,
        };
        NmfSolution fit;
        try
        {
            fit = ReadFailure.Guard(() => HalsSolver.Fit(x, options, context.Random, cancellationToken));
        }
        catch (InvalidOperationException e)
        {
            throw MethodException.Failed($"NMF failed: {e.Message}.", e);
        }

        var iterations = malspy ? fit.UpdatesPerRestart[fit.BestRestart] : fit.Objective.Length;
        context.Log.Info($"updates per restart: {string.Join(", ", fit.UpdatesPerRestart)}; best restart {fit.BestRestart}");
        var outputs = new NmfOutputs
        {
            Maps = NmfOutputBuilder.Maps(image, fit.C, components),
            Spectra = NmfOutputBuilder.Spectra(image, fit.S, components),
            Residual = NmfOutputBuilder.Image(image, NmfOutputBuilder.RmseImage(x, fit.C, fit.S, components, threads)),
            Objective = NmfOutputBuilder.Curve(fit.Objective),
            Convergence = NmfOutputBuilder.Convergence(fit.Converged, iterations, fit.UpdatesPerRestart, fit.BestRestart, tol, compat),
        };
        var metrics = new Dictionary<string, double>
        {
            ["objective"] = fit.FinalObjective,
            ["components"] = components,
        };
        return ValueTask.FromResult(MethodResult.Success(
            outputs, NmfOutputBuilder.Summary(fit.Converged, iterations, tol, compat), metrics));
    }
}
