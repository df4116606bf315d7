using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Nmf.Hals;

/// <summary>Plain HALS in the default mode with one pass over X per sweep (<see cref="HalsOnePass"/>).</summary>
public static partial class HalsSolver
{
    /// <summary>
    /// One pass per sweep needs rows of C that are independent given S and SᵀS: plain HALS. Soft orthogonality removes
    /// from each map its projection on the sum of the others, a scalar over all pixels per component, so its C update
    /// is not row-local; the malspy mode normalises each map by its norm over all pixels inside the sweep.
    /// </summary>
    private static bool UsesSinglePass(NmfSolverOptions o)
        => o.SinglePass && !o.MalspyCompatible && o.Orthogonality == 0;

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
        for (var itr = 0; itr < o.MaxIterations; itr++)
        {
            ct.ThrowIfCancellationRequested();
            HalsSweeps.UpdateSpectra(sT, xc, g, k, m, unitNorm: false, exact: true);
            var h = HalsSweeps.GramOfTransposed(sT, k, m);
            var trace = HalsOnePass.Sweep(x, c, sT, h, k, xc, g, o.Threads);
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
