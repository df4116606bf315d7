using Kiseki.Abstractions.Randomness;
using Kiseki.Methods.Spectral.Nmf.Hals;
using Kiseki.Methods.Spectral.Nmf.Kernels;

namespace Kiseki.Methods.Spectral.Nmf.Ard;

/// <summary>One restart of NMF-ARD-SO on X/<paramref name="Scale"/> (malspy's operation order).</summary>
internal sealed record ArdProblem(NmfMatrix X, NmfSolverOptions Options, double Scale, double SquaredNorm, double Mean)
{
    private bool Compat => Options.MalspyCompatible;

    private int N => X.Rows;

    private int M => X.Columns;

    private int K => Options.Components;

    /// <summary>β = mean(X)·(α − 1)·√M/K (in the units of X/Scale).</summary>
    public double Beta => Mean * (Options.Alpha - 1) * Math.Sqrt(M) / K;

    public ArdRun Run(RestartRandom rng, CancellationToken ct)
    {
        int n = N, m = M, k = K;
        var o = Options;
        var eps = HalsSweeps.Eps;
        var beta = Beta;
        var constant = k * (RandomSourceExtensions.LogGamma(o.Alpha) - (o.Alpha * Math.Log(beta)));
        var c = new double[n * k];
        var start = Math.Sqrt(Mean / k);
        for (var i = 0; i < c.Length; i++)
        {
            c[i] = (rng.NextUniform() + 1) * start;
        }

        var lambda = ArdSoSolver.ColumnSums(c, n, k);
        for (var q = 0; q < k; q++)
        {
            lambda[q] = (lambda[q] + beta) / ((Compat ? m : n) + o.Alpha + 1);
        }

        var others = new double[n];
        for (var i = 0; i < n; i++)
        {
            for (var q = 0; q < k; q++)
            {
                others[i] += c[(i * k) + q];
            }
        }

        var sT = new double[k * m];
        var picks = rng.PickPixels(n, k);
        for (var q = 0; q < k; q++)
        {
            X.CopyRow(picks[q], sT.AsSpan(q * m, m));
            for (var j = 0; j < m; j++)
            {
                sT[(q * m) + j] /= Scale;
            }

            HalsSweeps.NormaliseSpectrum(sT, q, m);
        }

        var xc = new double[k * m];
        var xs = new double[n * k];
        var v = new double[n];
        var sigma2 = MeanSquaredError(c, sT, xs, null);
        var objective = new List<double>();
        var lambdas = new List<double[]>();
        var converged = false;
        var updates = o.MaxIterations - 1;
        for (var itr = 0; itr < o.MaxIterations; itr++)
        {
            ct.ThrowIfCancellationRequested();
            NmfKernels.TransposeTimes(X, c, k, xc, o.Threads);
            Rescale(xc);
            HalsSweeps.UpdateSpectra(sT, xc, HalsSweeps.GramOfRows(c, n, k), k, m, unitNorm: true);
            NmfKernels.Times(X, sT, k, xs, o.Threads);
            Rescale(xs);
            var h = HalsSweeps.GramOfTransposed(sT, k, m);
            for (var j = 0; j < k; j++)
            {
                for (var i = 0; i < n; i++)
                {
                    others[i] -= c[(i * k) + j];
                }

                HalsSweeps.HalsColumn(c, xs, h, n, k, j, v, o.Threads);
                var shrink = sigma2 / lambda[j];
                for (var i = 0; i < n; i++)
                {
                    v[i] -= shrink;
                }

                if (o.Orthogonality > 0)
                {
                    HalsSweeps.RemoveOverlap(v, others, o.Orthogonality, Compat);
                }

                for (var i = 0; i < n; i++)
                {
                    c[(i * k) + j] = v[i] > 0 ? v[i] : 0;
                    others[i] += c[(i * k) + j];
                }
            }

            var merged = itr > 3 && Merge(c, sT, n, k, m);
            if (others.Sum() < eps)
            {
                Array.Fill(c, eps);
            }

            var sums = ArdSoSolver.ColumnSums(c, n, k);
            for (var q = 0; q < k; q++)
            {
                lambda[q] = ((sums[q] + beta) / (n + o.Alpha + 1)) + eps;
            }

            lambdas.Add((double[])lambda.Clone());
            if (merged && !Compat)
            {
                NmfKernels.Times(X, sT, k, xs, o.Threads);
                Rescale(xs);
            }

            sigma2 = MeanSquaredError(c, sT, xs, HalsSweeps.GramOfTransposed(sT, k, m));
            var value = Objective(sigma2, sums, lambda, beta, constant);
            objective.Add(value);
            o.SweepFinished?.Invoke(itr, value);
            if (!double.IsFinite(value))
            {
                updates = itr;
                break;
            }

            if (HalsSolver.Stop(o, objective, itr))
            {
                converged = true;
                updates = Compat ? itr : itr + 1;
                if (Compat)
                {
                    objective.RemoveAt(objective.Count - 1);
                    lambdas.RemoveAt(lambdas.Count - 1);
                }

                break;
            }

            if (!Compat && itr == o.MaxIterations - 1)
            {
                updates = o.MaxIterations;
            }
        }

        return new ArdRun(c, sT, objective.ToArray(), lambdas, updates, converged, 0);
    }

    private double Objective(double sigma2, double[] sums, double[] lambda, double beta, double constant)
    {
        double nm = (double)N * M, prior = 0, logs = 0;
        for (var q = 0; q < lambda.Length; q++)
        {
            prior += (sums[q] + beta) / lambda[q];
            logs += Math.Log(lambda[q]);
        }

        return (nm / 2 * Math.Log(2 * Math.PI * sigma2)) + (nm / 2) + prior + ((N + Options.Alpha + 1) * logs) + constant;
    }

    /// <summary>Merges pairs (i &lt; j, row-major order) whose spectra have cosine ≥ the threshold.</summary>
    private bool Merge(double[] c, double[] sT, int n, int k, int m)
    {
        var q = HalsSweeps.GramOfTransposed(sT, k, m);
        var any = false;
        for (var a = 0; a < k; a++)
        {
            for (var b = a + 1; b < k; b++)
            {
                if (!(q[(a * k) + b] >= Options.MergeThreshold))
                {
                    continue;
                }

                any = true;
                for (var j = 0; j < m; j++)
                {
                    sT[(b * m) + j] = 1 / Math.Sqrt(m);
                }

                for (var i = 0; i < n; i++)
                {
                    c[(i * k) + a] += c[(i * k) + b];
                    c[(i * k) + b] = 0;
                }
            }
        }

        return any;
    }

    /// <summary>mean((X/Scale − C Sᵀ)²): a residual pass (malspy mode, or before the first sweep) or traces.</summary>
    private double MeanSquaredError(double[] c, double[] sT, double[] xs, double[]? h)
    {
        var nm = (double)N * M;
        if (Compat || h is null)
        {
            if (Compat)
            {
                return ResidualKernels.SquaredResidual(X, c, sT, K, Options.Threads) / nm;
            }

            NmfKernels.Times(X, sT, K, xs, Options.Threads);
            Rescale(xs);
            h = HalsSweeps.GramOfTransposed(sT, K, M);
        }

        return HalsSolver.TraceObjective(SquaredNorm, c, xs, HalsSweeps.GramOfRows(c, N, K), h, N, M);
    }

    private void Rescale(double[] values)
    {
        if (Scale == 1)
        {
            return;
        }

        var inverse = 1 / Scale;
        for (var i = 0; i < values.Length; i++)
        {
            values[i] *= inverse;
        }
    }
}

/// <summary>The state a restart ends in.</summary>
internal sealed record ArdRun(double[] C, double[] ST, double[] Objective, List<double[]> Lambdas, int Updates, bool Converged, int Restart);
