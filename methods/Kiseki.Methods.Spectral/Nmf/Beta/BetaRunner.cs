using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Spectral.Nmf.Hals;

namespace Kiseki.Methods.Spectral.Nmf.Beta;

/// <summary>The shared body of the β-NMF methods.</summary>
internal static class BetaRunner
{
    public static ValueTask<MethodResult<NmfOutputs>> Run(
        SpectrumImage image, int components, double beta, double orthogonality, int restarts, int maxIterations,
        int minIterations, double? tolerance, NmfCompat compat, int randomSeed, MethodContext context, CancellationToken cancellationToken,
        bool singlePass = false)
    {
        NmfInputCheck.CheckIterations(restarts, maxIterations, minIterations);
        if (!double.IsFinite(beta))
        {
            throw MethodException.InvalidParameter("beta", $"must be finite, got {beta}.");
        }

        if (!(orthogonality >= 0) || !double.IsFinite(orthogonality))
        {
            throw MethodException.InvalidParameter("orthogonality", $"must be finite and ≥ 0, got {orthogonality}.");
        }

        var malspy = compat != NmfCompat.None;
        var threads = Math.Max(1, context.MaxDegreeOfParallelism);
        var streams = singlePass && !malspy && orthogonality == 0;
        var x = ReadFailure.Guard(() => NmfInputCheck.Prepare(
            image, components, threads, context,
            streams ? null : singlePass ? "malspy mode works on the image in memory" : "β-NMF works on the image in memory",
            zerosAllowed: malspy || beta > -1).Matrix);
        using var rows = x.File;
        var tol = NmfInputCheck.CheckTolerance(tolerance) ?? (malspy ? 1e-10 : 1e-6);
        var progress = new NmfProgress(context, restarts, maxIterations);
        var options = new NmfSolverOptions
        {
            Components = components, Orthogonality = orthogonality, Restarts = restarts, MaxIterations = maxIterations,
            MinIterations = minIterations, Tolerance = tol, MalspyCompatible = malspy, MalspySeed = (uint)randomSeed, Threads = threads,
            SinglePass = singlePass, RestartFinished = progress.Restart, SweepFinished = progress.Sweep,
        };
        Beta.BetaNmfSolution fit;
        try
        {
            fit = ReadFailure.Guard(() => BetaNmfSolver.Fit(x, beta, options, context.Random, cancellationToken));
        }
        catch (InvalidOperationException e)
        {
            throw MethodException.Failed($"β-NMF failed: {e.Message}.", e);
        }

        var iterations = fit.UpdatesPerRestart[fit.BestRestart];
        context.Log.Info($"updates per restart: {string.Join(", ", fit.UpdatesPerRestart)}; best restart {fit.BestRestart}");
        var outputs = new NmfOutputs
        {
            Maps = NmfOutputBuilder.Maps(image, fit.C, components),
            Spectra = NmfOutputBuilder.Spectra(image, fit.S, components),
            Residual = NmfOutputBuilder.Image(image, fit.PixelDivergence),
            Objective = NmfOutputBuilder.Curve(fit.Objective),
            Convergence = NmfOutputBuilder.Convergence(fit.Converged, iterations, fit.UpdatesPerRestart, fit.BestRestart, tol, compat,
                !malspy && beta == 0 ? BetaNmfSolver.KlObjectiveInterval : 1),
        };
        var metrics = new Dictionary<string, double>
        {
            ["objective"] = fit.FinalObjective,
            ["components"] = components,
            ["deviance"] = fit.Deviance,
        };
        return ValueTask.FromResult(MethodResult.Success(outputs, NmfOutputBuilder.Summary(fit.Converged, iterations, tol, compat), metrics));
    }
}
