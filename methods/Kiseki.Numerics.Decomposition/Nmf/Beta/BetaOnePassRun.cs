using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Nmf.Beta;

/// <summary>
/// One restart of β-NMF without orthogonality with one pass over X per sweep: the same sequence of updates as the
/// two-pass sweep of <see cref="BetaNmfSolver"/> (spectra from the sums of the previous pass, maps from ratios with the
/// current maps and the new spectra, unit-norm rescaling of the maps), with the map update and the next spectra sums
/// fused into one pass (<see cref="BetaOnePass"/>) and the rescaling applied to those sums afterwards
/// (<see cref="BetaSpectraSums.Rescale"/>). Results differ from the two-pass sweep only by summation order. Passes over
/// X per restart: one at the start (the first spectra sums) and one per sweep; the divergence (and the per-pixel
/// divergence of the result) comes from the same passes, for KL on the same sweeps as the two-pass sweep evaluates it.
/// </summary>
internal static class BetaOnePassRun
{
    /// <summary>Runs the sweeps from the start <paramref name="c"/> (N × K) and <paramref name="sT"/> (K × M), both updated in place.</summary>
    public static BetaNmfSolution Iterate(NmfMatrix x, double[] c, double[] sT, BetaSettings settings, NmfSolverOptions o, CancellationToken ct)
    {
        int n = x.Rows, m = x.Columns, k = settings.Components;
        var kl = settings.IsKl;
        var sums = new BetaSpectraSums(k, m, !kl);
        var den = sums.Den ?? new double[k * m];
        var blocks = BetaOnePass.BlockSums(x, settings);
        var perPixel = new double[n];
        var objective = new List<double>();
        var converged = false;
        var interval = kl ? BetaNmfSolver.KlObjectiveInterval : 1;
        var sweeps = 0;
        var evaluatedAt = 0;
        var deviance = BetaKernels.SpectraPass(x, c, sT, k, settings.Beta, settings.Floor, sums.Num, den, null, settings.Threads, divergence: false);
        for (var itr = 0; itr < o.MaxIterations; itr++)
        {
            ct.ThrowIfCancellationRequested();
            if (kl)
            {
                BetaNmfSolver.FillKlDenominator(c, n, k, m, den);
            }

            MultiplicativeUpdate.Apply(sT, sums.Num, den, settings.Gamma);
            sweeps = itr + 1;
            var last = sweeps == o.MaxIterations;
            var evaluate = !kl || sweeps % interval == 0 || last;
            BetaOnePass.Sweep(x, c, sT, settings, sums, blocks, evaluate ? perPixel : null, evaluate);
            sums.Rescale(c, sT, n, settings.Threads);
            if (!evaluate)
            {
                continue;
            }

            deviance = sums.Divergence;
            objective.Add(deviance / ((double)n * m));
            o.SweepFinished?.Invoke(itr, objective[^1]);
            if (!double.IsFinite(deviance))
            {
                break;
            }

            var gap = sweeps - evaluatedAt;
            evaluatedAt = sweeps;
            if (kl ? BetaNmfSolver.StopAcross(o, objective, sweeps, gap) : HalsSolver.Stop(o, objective, itr))
            {
                converged = true;
                break;
            }
        }

        if (sweeps == 0)
        {
            deviance = BetaKernels.SpectraPass(x, c, sT, k, settings.Beta, settings.Floor, sums.Num, den, perPixel, settings.Threads);
        }

        for (var i = 0; i < n; i++)
        {
            perPixel[i] /= m;
        }

        var final = objective.Count == 0 ? deviance / ((double)n * m) : objective[^1];
        return new BetaNmfSolution(c, HalsSolver.Transpose(sT, k, m), k, objective.ToArray(), deviance, perPixel, [sweeps], 0, converged, final);
    }
}
