using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Nmf.Beta;

/// <summary>
/// β-divergence NMF (β in malspy's convention: −1 IS, 0 KL, 1 Euclidean) by the majorisation–minimisation
/// multiplicative updates of Févotte and Idier, Neural Comput. 23 (2011) 2421, streamed in two fused passes over X
/// per iteration, or in one (<see cref="NmfSolverOptions.SinglePass"/> without orthogonality: the same iterates with
/// sums in another order, also from a file; see <see cref="BetaOnePass"/>). Optional soft orthogonality (w_o) as
/// malspy's BetaNMF_SO. In the malspy mode the call is handed to <see cref="BetaNmfCompatSolver"/>.
/// </summary>
public static class BetaNmfSolver
{
    /// <summary>
    /// Sweeps between evaluations of the KL divergence (β = 0): its logarithm per entry would otherwise cost more
    /// than the updates. The stopping test compares evaluations this many sweeps apart; other β evaluate every sweep.
    /// </summary>
    public const int KlObjectiveInterval = 5;

    /// <summary>Fits from random starts (restarts, K and w_o from <paramref name="options"/>).</summary>
    public static BetaNmfSolution Fit(NmfMatrix x, double beta, NmfSolverOptions options, IRandomSource random, CancellationToken cancellationToken)
        => Fit(x, options.Components, beta, null, null, options, random, cancellationToken);

    /// <summary>
    /// Fits K components; with <paramref name="initialC"/> (N × K row-major) and <paramref name="initialS"/>
    /// (M × K row-major) given, one warm-started run replaces the random restarts. Negative entries of the start are
    /// clipped to 0; zeros stay zero (they are fixed points of multiplicative updates).
    /// </summary>
    public static BetaNmfSolution Fit(NmfMatrix x, int components, double beta, double[]? initialC, double[]? initialS,
        NmfSolverOptions options, IRandomSource random, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(options);
        var o = options with { Components = components };
        if (o.MalspyCompatible)
        {
            return BetaNmfCompatSolver.Fit(x, beta, o, cancellationToken);
        }

        var onePass = o.SinglePass && o.Orthogonality == 0;
        if (x.File is not null && !onePass)
        {
            throw new NotSupportedException("two-pass β-NMF streams X from memory only; read the file into memory first.");
        }

        int n = x.Rows, m = x.Columns, k = components;
        var mean = DataScan.Of(x, o.Threads).Sum / ((double)n * m);
        var floor = Math.Max(mean, double.Epsilon) * 1e-12;
        // KL streams X twice per sweep: counts go as float32 (the same values, so the same bits, half the bytes).
        var data = beta == 0 ? x.ExactSingles(o.Threads) : x;
        var warm = initialC is not null && initialS is not null;
        var restarts = warm ? 1 : o.Restarts;
        var updates = new int[restarts];
        BetaNmfSolution? best = null;
        for (var rep = 0; rep < restarts; rep++)
        {
            double[] c, sT;
            if (warm)
            {
                if (initialC!.Length != n * k || initialS!.Length != m * k)
                {
                    throw new ArgumentException($"warm start must be C {n}×{k} and S {m}×{k}");
                }

                c = initialC.Select(v => Math.Max(v, 0)).ToArray();
                sT = HalsSolverTranspose(initialS, m, k);
            }
            else
            {
                (c, sT) = Start(x, k, mean, random.Derive($"beta-nmf-restart-{rep}"));
            }

            var run = onePass
                ? BetaOnePassRun.Iterate(data, c, sT, new BetaSettings(k, beta, floor, o.Threads), o, cancellationToken)
                : Iterate(data, c, sT, k, beta, floor, o, cancellationToken);
            updates[rep] = run.UpdatesPerRestart[0];
            o.RestartFinished?.Invoke(rep, run.FinalObjective);
            if (double.IsFinite(run.FinalObjective) && (best is null || run.FinalObjective < best.FinalObjective))
            {
                best = run with { BestRestart = rep };
            }
        }

        return best is null
            ? throw new InvalidOperationException("every restart produced a non-finite divergence")
            : best with { UpdatesPerRestart = updates };
    }

    private static (double[] C, double[] ST) Start(NmfMatrix x, int k, double mean, IRandomSource random)
    {
        int n = x.Rows, m = x.Columns;
        var c = new double[n * k];
        for (var i = 0; i < c.Length; i++)
        {
            c[i] = 0.5 + random.NextDouble();
        }

        var sT = new double[k * m];
        var picks = random.SampleWithoutReplacement(n, k);
        for (var q = 0; q < k; q++)
        {
            x.CopyRow(picks[q], sT.AsSpan(q * m, m));
            for (var j = 0; j < m; j++)
            {
                sT[(q * m) + j] = (sT[(q * m) + j] + (0.1 * mean)) / n;
            }
        }

        HalsSolver.MoveScaleToSpectra(c, sT, n, k, m);
        return (c, sT);
    }

    private static BetaNmfSolution Iterate(NmfMatrix x, double[] c, double[] sT, int k, double beta, double floor,
        NmfSolverOptions o, CancellationToken ct)
    {
        int n = x.Rows, m = x.Columns;
        var gamma = BetaDivergence.Exponent(beta);
        var kl = beta == 0;
        var numS = new double[k * m];
        var denS = new double[k * m];
        var numC = new double[n * k];
        var denC = new double[n * k];
        var objective = new List<double>();
        var converged = false;
        var interval = kl ? KlObjectiveInterval : 1;
        var sweeps = 0;
        var evaluatedAt = 0;
        var deviance = BetaKernels.SpectraPass(x, c, sT, k, beta, floor, numS, denS, null, o.Threads, divergence: !kl);
        for (var itr = 0; itr < o.MaxIterations; itr++)
        {
            ct.ThrowIfCancellationRequested();
            if (kl)
            {
                FillKlDenominator(c, n, k, m, denS);
            }

            MultiplicativeUpdate.Apply(sT, numS, denS, gamma);
            BetaKernels.MapsPass(x, c, sT, k, beta, floor, numC, denC, o.Threads);
            if (kl)
            {
                var sums = BetaOnePass.SpectraSums(sT, k, m);
                for (var q = 0; q < k; q++)
                {
                    for (var i = 0; i < n; i++)
                    {
                        denC[(i * k) + q] = sums[q];
                    }
                }
            }

            if (o.Orthogonality > 0)
            {
                BetaOverlap.Remove(c, numC, n, k, o.Orthogonality);
            }

            MultiplicativeUpdate.Apply(c, numC, denC, gamma);
            HalsSolver.MoveScaleToSpectra(c, sT, n, k, m, o.Threads);
            sweeps = itr + 1;

            // KL: evaluated every interval-th sweep; after the last sweep the final pass below evaluates it.
            if (kl && sweeps == o.MaxIterations)
            {
                break;
            }

            var evaluate = !kl || sweeps % interval == 0;
            deviance = BetaKernels.SpectraPass(x, c, sT, k, beta, floor, numS, denS, null, o.Threads, evaluate);
            if (!evaluate)
            {
                continue;
            }

            objective.Add(deviance / ((double)n * m));
            o.SweepFinished?.Invoke(sweeps - 1, objective[^1]);
            if (!double.IsFinite(deviance))
            {
                break;
            }

            var gap = sweeps - evaluatedAt;
            evaluatedAt = sweeps;
            if (kl ? StopAcross(o, objective, sweeps, gap) : HalsSolver.Stop(o, objective, itr))
            {
                converged = true;
                break;
            }
        }

        var perPixel = new double[n];
        var finalDeviance = BetaKernels.SpectraPass(x, c, sT, k, beta, floor, numS, denS, perPixel, o.Threads);
        for (var i = 0; i < n; i++)
        {
            perPixel[i] /= m;
        }

        if (kl)
        {
            // The same pass over the same factors as an evaluation in the loop: the same bits.
            deviance = finalDeviance;
            if (sweeps > evaluatedAt && (objective.Count == 0 || double.IsFinite(objective[^1])))
            {
                objective.Add(deviance / ((double)n * m));
                o.SweepFinished?.Invoke(sweeps - 1, objective[^1]);
                converged = double.IsFinite(deviance) && StopAcross(o, objective, sweeps, sweeps - evaluatedAt);
            }
        }

        var final = objective.Count == 0 ? deviance / ((double)n * m) : objective[^1];
        return new BetaNmfSolution(c, HalsSolver.Transpose(sT, k, m), k, objective.ToArray(), deviance, perPixel, [sweeps], 0, converged, final);
    }

    /// <summary>
    /// The KL stopping test on evaluations <paramref name="interval"/> sweeps apart (fewer after the last sweep): at least
    /// <see cref="NmfSolverOptions.MinIterations"/> sweeps done and a relative decrease per sweep since the previous
    /// evaluation of at most the tolerance, |D_prev − D|/interval ≤ tol·|D_prev|.
    /// </summary>
    internal static bool StopAcross(NmfSolverOptions o, List<double> objective, int sweeps, int interval)
    {
        if (objective.Count < 2 || sweeps < o.MinIterations)
        {
            return false;
        }

        var previous = objective[^2];
        return Math.Abs(previous - objective[^1]) <= o.Tolerance * interval * Math.Abs(previous);
    }

    /// <summary>KL's spectra denominator: den[q, j] = Σᵢ C_iq for every channel j (C is N × K, den K × M).</summary>
    internal static void FillKlDenominator(double[] c, int n, int k, int m, double[] den)
    {
        var sums = ColumnSums(c, n, k);
        for (var q = 0; q < k; q++)
        {
            Array.Fill(den, sums[q], q * m, m);
        }
    }

    private static double[] ColumnSums(double[] c, int n, int k)
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

    private static double[] HalsSolverTranspose(double[] s, int m, int k)
    {
        var sT = new double[k * m];
        for (var j = 0; j < m; j++)
        {
            for (var q = 0; q < k; q++)
            {
                sT[(q * m) + j] = Math.Max(s[(j * k) + q], 0);
            }
        }

        return sT;
    }
}
