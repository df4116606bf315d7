using Kiseki.Methods.Spectral.Nmf.Compat;
using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Nmf.Beta;

/// <summary>
/// malspy 0.4.0 BetaNMF / BetaNMF_SO reproduced operation by operation: weighted HALS (Kimura, Kudo and Tanaka,
/// Mach. Learn. 103 (2016) 285) with weights P = (X̂ + eps)^(β−1) frozen per sweep, components updated s_k then c_k
/// in turn on a dense residual. Holds two N × M float64 matrices (residual and weights); meant for parity, not scale.
/// </summary>
public static class BetaNmfCompatSolver
{
    private const double Eps = HalsSweeps.Eps;

    /// <summary>Fits as malspy does with <c>random_seed = options.MalspySeed</c>.</summary>
    public static BetaNmfSolution Fit(NmfMatrix x, double beta, NmfSolverOptions options, CancellationToken cancellationToken)
    {
        int n = x.Rows, m = x.Columns, k = options.Components;
        var data = new double[(long)n * m];
        var min = double.PositiveInfinity;
        for (var i = 0; i < n; i++)
        {
            x.CopyRow(i, data.AsSpan(i * m, m));
        }

        foreach (var v in data)
        {
            min = Math.Min(min, v);
        }

        if (min == 0)
        {
            for (var i = 0; i < data.Length; i++)
            {
                data[i] += Eps;
            }
        }

        var mt = new Mt19937(options.MalspySeed);
        var updates = new int[options.Restarts];
        BetaNmfSolution? best = null;
        for (var rep = 0; rep < options.Restarts; rep++)
        {
            var run = Once(data, n, m, k, beta, options, mt, cancellationToken);
            updates[rep] = run.UpdatesPerRestart[0];
            var last = run.Objective.Length == 0 ? double.NaN : run.Objective[^1];
            options.RestartFinished?.Invoke(rep, last);
            if (double.IsFinite(last) && (best is null || last < best.FinalObjective))
            {
                best = run with { BestRestart = rep, FinalObjective = last };
            }
        }

        return best is null
            ? throw new InvalidOperationException("every restart produced a non-finite divergence")
            : best with { UpdatesPerRestart = updates };
    }

    private static BetaNmfSolution Once(double[] x, int n, int m, int k, double beta, NmfSolverOptions o, Mt19937 mt, CancellationToken ct)
    {
        var c = new double[n * k];
        for (var i = 0; i < c.Length; i++)
        {
            c[i] = mt.NextDouble();
        }

        for (var q = 0; q < k; q++)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++)
            {
                sum += c[(i * k) + q] * c[(i * k) + q];
            }

            var norm = Math.Sqrt(sum) + Eps;
            for (var i = 0; i < n; i++)
            {
                c[(i * k) + q] /= norm;
            }
        }

        var picks = mt.Choice(n, k);
        var sT = new double[k * m];
        for (var q = 0; q < k; q++)
        {
            Array.Copy(x, picks[q] * m, sT, q * m, m);
        }

        var r = new double[(long)n * m];
        var model = new double[m];
        for (var i = 0; i < n; i++)
        {
            ResidualKernels.ModelRow(c, sT, k, m, i, model);
            for (var j = 0; j < m; j++)
            {
                r[(i * m) + j] = x[(i * m) + j] - model[j];
            }
        }

        var others = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var q = 0; q < k; q++)
            {
                others[i] += c[(i * k) + q];
            }
        }

        var p = new double[(long)n * m];
        var h = new double[n];
        var num = new double[m];
        var den = new double[m];
        var objective = new List<double>();
        var converged = false;
        var updates = o.MaxIterations - 1;
        for (var itr = 0; itr < o.MaxIterations; itr++)
        {
            ct.ThrowIfCancellationRequested();
            Weights(c, sT, n, m, k, beta, p, model);
            for (var q = 0; q < k; q++)
            {
                Sweep(x, r, p, c, sT, others, h, num, den, n, m, k, q, o.Orthogonality);
            }

            objective.Add(Divergence(x, c, sT, n, m, k, beta, model, null) / ((double)n * m));
            o.SweepFinished?.Invoke(itr, objective[^1]);
            if (itr > o.MinIterations && Math.Abs(objective[itr - 1] - objective[itr]) < o.Tolerance)
            {
                converged = true;
                updates = itr;
                objective.RemoveRange(itr - 1, 2);
                break;
            }
        }

        var perPixel = new double[n];
        var total = Divergence(x, c, sT, n, m, k, beta, model, perPixel);
        for (var i = 0; i < n; i++)
        {
            perPixel[i] /= m;
        }

        var last = objective.Count == 0 ? double.NaN : objective[^1];
        return new BetaNmfSolution(c, HalsSolver.Transpose(sT, k, m), k, objective.ToArray(), total, perPixel, [updates], 0, converged, last);
    }

    private static void Sweep(double[] x, double[] r, double[] p, double[] c, double[] sT, double[] others, double[] h,
        double[] num, double[] den, int n, int m, int k, int q, double wo)
    {
        Array.Clear(num);
        Array.Clear(den);
        for (var i = 0; i < n; i++)
        {
            var ci = c[(i * k) + q];
            var row = (long)i * m;
            for (var j = 0; j < m; j++)
            {
                r[row + j] += ci * sT[(q * m) + j];
                var pr = p[row + j] * r[row + j];
                num[j] += pr * ci;
                den[j] += p[row + j] * (ci * ci);
            }
        }

        for (var j = 0; j < m; j++)
        {
            var s = num[j] / (den[j] + Eps);
            sT[(q * m) + j] = (s > 0 ? s : 0) + Eps;
        }

        double dotOh = 0, dotOo = 0;
        for (var i = 0; i < n; i++)
        {
            others[i] -= c[(i * k) + q];
            var row = (long)i * m;
            double hv = 0, dv = 0;
            for (var j = 0; j < m; j++)
            {
                var sj = sT[(q * m) + j];
                hv += p[row + j] * r[row + j] * sj;
                dv += p[row + j] * (sj * sj);
            }

            h[i] = hv;
            dotOh += others[i] * hv;
            dotOo += others[i] * others[i];
            c[(i * k) + q] = dv;
        }

        var ell = dotOh / dotOo;
        var norm = 0.0;
        for (var i = 0; i < n; i++)
        {
            var numerator = wo > 0 ? h[i] - (wo * ell * others[i]) : h[i];
            var v = numerator / (c[(i * k) + q] + Eps);
            v = (v > 0 ? v : 0) + Eps;
            c[(i * k) + q] = v;
            norm += v * v;
        }

        norm = Math.Sqrt(norm);
        for (var i = 0; i < n; i++)
        {
            c[(i * k) + q] /= norm;
            others[i] += c[(i * k) + q];
            var ci = c[(i * k) + q];
            var row = (long)i * m;
            for (var j = 0; j < m; j++)
            {
                r[row + j] -= ci * sT[(q * m) + j];
            }
        }
    }

    private static void Weights(double[] c, double[] sT, int n, int m, int k, double beta, double[] p, double[] model)
    {
        for (var i = 0; i < n; i++)
        {
            ResidualKernels.ModelRow(c, sT, k, m, i, model);
            var row = (long)i * m;
            for (var j = 0; j < m; j++)
            {
                var y = model[j] + Eps;
                p[row + j] = beta switch
                {
                    -1 => 1 / (y * y),
                    0 => 1 / y,
                    1 => 1,
                    _ => Math.Pow(y, beta - 1),
                };
            }
        }
    }

    private static double Divergence(double[] x, double[] c, double[] sT, int n, int m, int k, double beta, double[] model, double[]? perPixel)
    {
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            ResidualKernels.ModelRow(c, sT, k, m, i, model);
            var row = 0.0;
            for (var j = 0; j < m; j++)
            {
                var v = x[((long)i * m) + j];
                var y = model[j];
                row += beta is -1 or 0 or 1 ? BetaDivergence.Of(v + Eps, y + Eps, beta) : BetaDivergence.Of(v, y, beta);
            }

            if (perPixel is not null)
            {
                perPixel[i] = row;
            }

            total += row;
        }

        return total;
    }
}
