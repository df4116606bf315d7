using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Nmf.Ard;

/// <summary>
/// NMF with automatic relevance determination and soft orthogonality (Shiga et al., Ultramicroscopy 170 (2016)
/// 43–59): exponential prior with mean λ_k on C, inverse-gamma(α, β) hyperprior, Gaussian noise σ²; HALS sweeps with
/// the shrink σ²/λ_j, merging of near-duplicate spectra and pruning of components whose λ collapses.
/// In the default mode X is divided by its mean internally (results rescaled), λ comes from the best restart.
/// </summary>
public static class ArdSoSolver
{
    /// <summary>Fits with K₀ = <see cref="NmfSolverOptions.Components"/> and returns the components that survive.</summary>
    public static ArdSolution Fit(NmfMatrix x, NmfSolverOptions options, IRandomSource random, CancellationToken cancellationToken)
    {
        int n = x.Rows, m = x.Columns, k = options.Components;
        var compat = options.MalspyCompatible;
        var scan = DataScan.Of(x, options.Threads);
        var mean = scan.Sum / ((double)n * m);
        var scale = compat ? 1.0 : mean;
        var problem = new ArdProblem(x, options, scale, scan.SumOfSquares / (scale * scale), compat ? mean : 1.0);
        var streams = compat ? RestartRandom.Malspy(options.MalspySeed) : RestartRandom.Derived(random);
        var updates = new int[options.Restarts];
        ArdRun? best = null;
        ArdRun? last = null;
        for (var rep = 0; rep < options.Restarts; rep++)
        {
            last = problem.Run(streams(rep), cancellationToken);
            updates[rep] = last.Updates;
            var final = last.Objective.Length == 0 ? double.NaN : last.Objective[^1];
            options.RestartFinished?.Invoke(rep, final);
            if (double.IsFinite(final) && (best is null || final < best.Objective[^1]))
            {
                best = last with { Restart = rep };
            }
        }

        if (best is null)
        {
            throw new InvalidOperationException("every restart produced a non-finite objective");
        }

        return Finish(x, options, problem, best, compat ? last! : best, updates);
    }

    private static ArdSolution Finish(NmfMatrix x, NmfSolverOptions o, ArdProblem p, ArdRun best, ArdRun lambdaSource, int[] updates)
    {
        int n = x.Rows, m = x.Columns, k = o.Components;
        var eps = HalsSweeps.Eps;
        var c = (double[])best.C.Clone();
        var sT = (double[])best.ST.Clone();
        for (var i = 0; i < c.Length; i++)
        {
            c[i] = c[i] < eps ? 0 : c[i];
        }

        for (var i = 0; i < sT.Length; i++)
        {
            sT[i] = sT[i] < eps ? 0 : sT[i];
        }

        var final = new double[k];
        var sums = ColumnSums(lambdaSource.C, n, k);
        for (var q = 0; q < k; q++)
        {
            final[q] = (sums[q] + p.Beta) / (n + o.Alpha + 1);
        }

        var order = Enumerable.Range(0, k).OrderByDescending(q => final[q]).ToArray();
        var kept = order.Where(q => final[q] > eps).ToArray();
        var found = kept.Length;
        var cKept = new double[n * found];
        var sKept = new double[m * found];
        var lambdas = new double[found];
        for (var f = 0; f < found; f++)
        {
            var q = kept[f];
            lambdas[f] = final[q] * p.Scale;
            for (var i = 0; i < n; i++)
            {
                cKept[(i * found) + f] = c[(i * k) + q] * p.Scale;
            }

            for (var j = 0; j < m; j++)
            {
                sKept[(j * found) + f] = sT[(q * m) + j];
            }
        }

        var iterations = best.Lambdas.Count;
        var trace = new double[iterations * k];
        for (var t = 0; t < iterations; t++)
        {
            for (var f = 0; f < k; f++)
            {
                trace[(t * k) + f] = best.Lambdas[t][order[f]] * p.Scale;
            }
        }

        var sigma2 = ResidualKernels.SquaredResidual(x, cKept, HalsTranspose(sKept, m, found), found, o.Threads) / ((double)n * m);
        return new ArdSolution(
            cKept, sKept, found, lambdas, trace, iterations, k, sigma2, p.Beta * p.Scale, best.Objective, updates,
            best.Restart, best.Converged, best.Objective[^1]);
    }

    internal static double[] ColumnSums(double[] c, int n, int k)
    {
        var sums = new double[k];
        for (var i = 0; i < n; i++)
        {
            for (var q = 0; q < k; q++)
            {
                sums[q] += c[(i * k) + q];
            }
        }

        return sums;
    }

    private static double[] HalsTranspose(double[] s, int m, int k)
    {
        var sT = new double[k * m];
        for (var j = 0; j < m; j++)
        {
            for (var q = 0; q < k; q++)
            {
                sT[(q * m) + j] = s[(j * k) + q];
            }
        }

        return sT;
    }
}
