using System.Runtime.CompilerServices;
using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Nmf.Hals;

/// <summary>
/// NMF by HALS (Cichocki and Phan 2009) with optional soft orthogonality (Shiga et al. 2016): X ≈ C Sᵀ with unit-L2
/// columns of C, S carrying the intensity. Objective: ‖X − C Sᵀ‖²_F/(N·M). Two passes over X per sweep
/// (XᵀC, X·S), or one with <see cref="NmfSolverOptions.SinglePass"/> (plain HALS in the default mode); the objective
/// comes from traces in the default mode and from a residual pass in the malspy mode.
/// </summary>
public static class HalsSolver
{
    /// <summary>Fits K components; <paramref name="random"/> is used unless the malspy mode is on.</summary>
    public static NmfSolution Fit(NmfMatrix x, NmfSolverOptions options, IRandomSource random, CancellationToken cancellationToken)
    {
        var n = x.Rows;
        var m = x.Columns;
        var k = options.Components;
        var compat = options.MalspyCompatible;
        var streams = compat ? RestartRandom.Malspy(options.MalspySeed) : RestartRandom.Derived(random);
        var squaredNorm = compat ? 0 : DataScan.Of(x, options.Threads).SumOfSquares;
        var updates = new int[options.Restarts];
        NmfSolution? best = null;
        for (var rep = 0; rep < options.Restarts; rep++)
        {
            var run = UsesSinglePass(x, options)
                ? FitOnceSinglePass(x, options, streams(rep), squaredNorm, cancellationToken)
                : FitOnce(x, options, streams(rep), squaredNorm, cancellationToken);
            updates[rep] = run.Updates;
            var last = run.Objective.Length == 0 ? double.NaN : run.Objective[^1];
            options.RestartFinished?.Invoke(rep, last);
            if (double.IsFinite(last) && (best is null || last < best.FinalObjective))
            {
                best = new NmfSolution(run.C, Transpose(run.ST, k, m), k, run.Objective, updates, rep, run.Converged, last);
            }
        }

        return best is null
            ? throw new InvalidOperationException("every restart produced a non-finite objective")
            : best with { UpdatesPerRestart = updates };
    }

    /// <summary>The M × K row-major transpose of a K × M row-major array (S from Sᵀ, or Sᵀ from S with K and M swapped).</summary>
    public static double[] Transpose(double[] sT, int k, int m)
    {
        var s = new double[m * k];
        for (var q = 0; q < k; q++)
        {
            for (var j = 0; j < m; j++)
            {
                s[(j * k) + q] = sT[(q * m) + j];
            }
        }

        return s;
    }

    private static Run FitOnce(NmfMatrix x, NmfSolverOptions o, RestartRandom rng, double squaredNorm, CancellationToken ct)
    {
        int n = x.Rows, m = x.Columns, k = o.Components;
        var compat = o.MalspyCompatible;
        var (c, sT) = Start(x, k, rng);
        var others = new double[n];
        RowSums(c, n, k, others);

        var xc = new double[k * m];
        var xs = new double[n * k];
        var v = new double[n];
        var objective = new List<double>();
        var converged = false;
        var updates = o.MaxIterations - 1;
        for (var itr = 0; itr < o.MaxIterations; itr++)
        {
            ct.ThrowIfCancellationRequested();
            NmfKernels.TransposeTimes(x, c, k, xc, o.Threads);
            HalsSweeps.UpdateSpectra(sT, xc, HalsSweeps.GramOfRows(c, n, k), k, m, unitNorm: false, exact: !compat);
            NmfKernels.Times(x, sT, k, xs, o.Threads);
            var h = HalsSweeps.GramOfTransposed(sT, k, m);
            if (!compat)
            {
                RowSums(c, n, k, others);
            }

            for (var j = 0; j < k; j++)
            {
                HalsSweeps.HalsColumn(c, xs, h, n, k, j, v, o.Threads, others);
                if (o.Orthogonality != 0)
                {
                    HalsSweeps.RemoveOverlap(v, others, o.Orthogonality, compat);
                }

                // The squared norm of the clipped values is needed only by the malspy mode; otherwise the clip is
                // done where the values are stored.
                var sum = 0.0;
                if (compat)
                {
                    for (var i = 0; i < n; i++)
                    {
                        v[i] = v[i] > 0 ? v[i] : 0;
                        sum += v[i] * v[i];
                    }
                }

                var hjj = h[(j * k) + j];
                var norm = compat ? Math.Sqrt(sum + HalsSweeps.Eps) : hjj > 0 ? hjj : double.PositiveInfinity;
                HalsSweeps.StoreColumn(c, v, others, n, k, j, norm, o.Threads, clip: !compat);
            }

            var value = compat
                ? ResidualKernels.SquaredResidual(x, c, sT, k, o.Threads) / ((double)n * m)
                : TraceObjective(squaredNorm, c, xs, HalsSweeps.GramOfRows(c, n, k), h, n, m);
            if (!compat)
            {
                MoveScaleToSpectra(c, sT, n, k, m, o.Threads);
            }

            objective.Add(value);
            o.SweepFinished?.Invoke(itr, value);
            if (!double.IsFinite(value))
            {
                updates = itr;
                break;
            }

            if (Stop(o, objective, itr))
            {
                converged = true;
                updates = compat ? itr : itr + 1;
                if (compat)
                {
                    objective.RemoveAt(objective.Count - 1);
                }

                break;
            }

            if (!compat && itr == o.MaxIterations - 1)
            {
                updates = o.MaxIterations;
            }
        }

        return new Run(c, sT, objective.ToArray(), updates, converged);
    }

    /// <summary>The starting point: flat maps 1/(√N + ε) and the spectra of K pixels picked by the restart's stream.</summary>
    private static (double[] C, double[] ST) Start(NmfMatrix x, int k, RestartRandom rng)
    {
        int n = x.Rows, m = x.Columns;
        var c = new double[n * k];
        Array.Fill(c, 1.0 / (Math.Sqrt(n) + HalsSweeps.Eps));
        var sT = new double[k * m];
        var picks = rng.PickPixels(n, k);
        for (var q = 0; q < k; q++)
        {
            x.CopyRow(picks[q], sT.AsSpan(q * m, m));
        }

        return (c, sT);
    }

    /// <summary>sums[i] = Σ_q c[i, q] for the N × K row-major <paramref name="c"/>, each row summed in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void RowSums(double[] c, int n, int k, double[] sums)
    {
        for (var i = 0; i < n; i++)
        {
            var sum = 0.0;
            for (var q = 0; q < k; q++)
            {
                sum += c[(i * k) + q];
            }

            sums[i] = sum;
        }
    }

    /// <summary>Scales every map to unit L2 norm and its spectrum by the same factor (the model is unchanged).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void MoveScaleToSpectra(double[] c, double[] sT, int n, int k, int m, int threads = 1)
    {
        var norms = new double[k];
        for (var i = 0; i < n; i++)
        {
            for (var q = 0; q < k; q++)
            {
                norms[q] += c[(i * k) + q] * c[(i * k) + q];
            }
        }

        for (var q = 0; q < k; q++)
        {
            norms[q] = Math.Sqrt(norms[q]);
            if (norms[q] == 0)
            {
                continue;
            }

            for (var j = 0; j < m; j++)
            {
                sT[(q * m) + j] *= norms[q];
            }
        }

        // Each map value divided by itself: fixed row blocks on the threads give the same bits as one thread.
        var partition = RowPartition.For(n);
        partition.Run(threads, [MethodImpl(MethodImplOptions.AggressiveOptimization)] (int b) =>
        {
            for (var i = partition.Start(b); i < partition.End(b); i++)
            {
                for (var q = 0; q < k; q++)
                {
                    if (norms[q] != 0)
                    {
                        c[(i * k) + q] /= norms[q];
                    }
                }
            }
        });
    }

    /// <summary>
    /// malspy: itr &gt; min_itr and |Δobj| &lt; tol (absolute). Default: at least min_iterations sweeps done and
    /// |Δobj| ≤ tol·|obj_prev| (relative).
    /// </summary>
    internal static bool Stop(NmfSolverOptions o, List<double> objective, int itr)
    {
        if (itr == 0)
        {
            return false;
        }

        var change = Math.Abs(objective[itr - 1] - objective[itr]);
        return o.MalspyCompatible
            ? itr > o.MinIterations && change < o.Tolerance
            : itr + 1 >= o.MinIterations && change <= o.Tolerance * Math.Abs(objective[itr - 1]);
    }

    /// <summary>(‖X‖² − 2·tr(Cᵀ X S) + tr(CᵀC·SᵀS))/(N·M), clamped at 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static double TraceObjective(double squaredNorm, double[] c, double[] xs, double[] g, double[] h, int n, int m)
    {
        var value = squaredNorm - (2 * HalsSweeps.Dot(c, xs)) + HalsSweeps.Dot(g, h);
        return Math.Max(value, 0) / ((double)n * m);
    }

    private sealed record Run(double[] C, double[] ST, double[] Objective, int Updates, bool Converged);

    /// <summary>
    /// One pass per sweep needs rows of C that are independent given S and SᵀS: plain HALS. Soft orthogonality removes
    /// from each map its projection on the sum of the others, a scalar over all pixels per component, so its C update
    /// is not row-local; the malspy mode normalises each map by its norm over all pixels inside the sweep. With float32
    /// products (<see cref="NmfMatrix.SingleProducts"/>) the two-pass sweep is taken: the one-pass sweep has float64
    /// kernels only.
    /// </summary>
    private static bool UsesSinglePass(NmfMatrix x, NmfSolverOptions o)
        => o.SinglePass && !o.MalspyCompatible && (o.Orthogonality == 0 || o.LaggedOrthogonality) && !x.SingleProducts;

    /// <summary>
    /// The same sequence of updates as <see cref="FitOnce"/> (S from XᵀC and CᵀC, then C from X·S and SᵀS): the pass
    /// that updates C also accumulates XᵀC and CᵀC of the new C for the next sweep's S update, and the unit-norm
    /// rescaling of the maps is applied to those products as a diagonal factor. Passes over X: one per sweep plus one
    /// at the start.
    /// </summary>
    private static Run FitOnceSinglePass(NmfMatrix x, NmfSolverOptions o, RestartRandom rng, double squaredNorm, CancellationToken ct)
    {
        int n = x.Rows, m = x.Columns, k = o.Components;
        var (c, sT) = Start(x, k, rng);
        var xc = new double[k * m];
        NmfKernels.TransposeTimes(x, c, k, xc, o.Threads);
        var g = HalsSweeps.GramOfRows(c, n, k);
        var objective = new List<double>();
        var converged = false;
        var updates = o.MaxIterations;
        var overlap = o.Orthogonality == 0 ? null : new HalsOnePass.Overlap(k, o.Orthogonality);
        for (var itr = 0; itr < o.MaxIterations; itr++)
        {
            ct.ThrowIfCancellationRequested();
            HalsSweeps.UpdateSpectra(sT, xc, g, k, m, unitNorm: false, exact: true);
            var h = HalsSweeps.GramOfTransposed(sT, k, m);
            var trace = HalsOnePass.Sweep(x, c, sT, h, k, xc, g, o.Threads, overlap);
            var value = Math.Max(squaredNorm - (2 * trace) + HalsSweeps.Dot(g, h), 0) / ((double)n * m);
            MoveScale(c, sT, xc, g, n, k, m);
            objective.Add(value);
            o.SweepFinished?.Invoke(itr, value);
            if (!double.IsFinite(value))
            {
                updates = itr;
                break;
            }

            if (Stop(o, objective, itr))
            {
                converged = true;
                updates = itr + 1;
                break;
            }
        }

        return new Run(c, sT, objective.ToArray(), updates, converged);
    }

    /// <summary>
    /// Scales every map to unit L2 norm (norms from the diagonal of CᵀC) and its spectrum by the same factor, and
    /// carries the scaling into XᵀC (rows) and CᵀC (both sides) so they stay the products of the scaled C.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MoveScale(double[] c, double[] sT, double[] xc, double[] g, int n, int k, int m)
    {
        var inverse = new double[k];
        for (var q = 0; q < k; q++)
        {
            var norm = Math.Sqrt(g[(q * k) + q]);
            inverse[q] = norm == 0 ? 1 : 1 / norm;
            if (norm == 0)
            {
                continue;
            }

            for (var j = 0; j < m; j++)
            {
                sT[(q * m) + j] *= norm;
                xc[(q * m) + j] *= inverse[q];
            }
        }

        for (var i = 0; i < n; i++)
        {
            for (var q = 0; q < k; q++)
            {
                c[(i * k) + q] *= inverse[q];
            }
        }

        for (var a = 0; a < k; a++)
        {
            for (var b = 0; b < k; b++)
            {
                g[(a * k) + b] *= inverse[a] * inverse[b];
            }
        }
    }
}
