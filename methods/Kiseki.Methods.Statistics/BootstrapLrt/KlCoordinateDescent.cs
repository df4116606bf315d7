namespace Kiseki.Methods.Statistics.BootstrapLrt;

/// <summary>
/// KL-divergence NMF (the Poisson maximum-likelihood fit) by cyclic coordinate descent with one projected Newton step
/// per coordinate, over the non-zero entries only.
/// </summary>
/// <remarks>
/// Hsieh &amp; Dhillon, "Fast coordinate descent methods with variable selection for non-negative matrix factorization",
/// KDD 2011, §4 (KL divergence). With x̂ = C Sᵀ, the divergence restricted to one entry C_iq is
/// f(t) = t Σ_j S_jq − Σ_j x_ij log x̂_ij(t) + const, convex with f‴ &lt; 0, so its Newton iterates approach the minimum
/// from below after at most one overshoot. Gradient and curvature need x_ij / x̂_ij only where x_ij ≠ 0; the model value
/// x̂ of every stored entry is kept up to date as coordinates move, so a sweep over both factors costs O(nnz · K).
/// A coordinate never shrinks by more than a factor <see cref="Shrink"/> per step, which keeps x̂ &gt; 0 wherever x &gt; 0;
/// coordinates whose optimum is zero decay geometrically instead. After each sweep C's columns are scaled to unit sums
/// (x̂ unchanged). Far fewer sweeps than Lee–Seung multiplicative updates reach a given divergence, which is what makes
/// converged fits affordable. Sequential and deterministic.
/// </remarks>
internal static class KlCoordinateDescent
{
    /// <summary>Smallest factor by which one Newton step may scale a coordinate down.</summary>
    private const double Shrink = 1e-3;

    /// <summary>
    /// Iterates from the given factors (C: N × K, S: M × K, row-major, entries &gt; 0; both are updated in place) until
    /// a sweep changes the divergence by at most <paramref name="tolerance"/> times its value, or
    /// <paramref name="maxSweeps"/> sweeps, or <paramref name="stop"/> says the fit has settled what it is for.
    /// </summary>
    public static RankFit Fit(SparseCounts x, double[] c, double[] s, int k, int maxSweeps, double tolerance, CancellationToken cancellationToken, ISweepStop? stop = null)
    {
        int n = x.Rows, m = x.Columns;
        var model = new double[x.Count];
        Evaluate(x, c, s, k, model);
        var sums = new double[k];
        Normalise(c, s, n, m, k, sums);
        var previous = Divergence(x, model, s, m, k, sums);
        var sweeps = 0;
        var (converged, settled) = (false, false);
        Func<(double Pearson, double Ratio)>? residuals = null;
        while (sweeps < maxSweeps)
        {
            cancellationToken.ThrowIfCancellationRequested();
            sweeps++;
            ColumnSums(s, m, k, sums);
            for (var i = 0; i < n; i++)
            {
                Line(x, x.RowStart[i], x.RowStart[i + 1], x.RowEntry, x.Column, c.AsSpan(i * k, k), sums, s, model);
            }

            ColumnSums(c, n, k, sums);
            for (var j = 0; j < m; j++)
            {
                Line(x, x.ColumnStart[j], x.ColumnStart[j + 1], x.ColumnEntry, x.EntryRow, s.AsSpan(j * k, k), sums, c, model);
            }

            Normalise(c, s, n, m, k, sums);
            var deviance = Divergence(x, model, s, m, k, sums);
            var change = Math.Abs(previous - deviance);
            previous = deviance;
            if (change <= tolerance * (Math.Abs(deviance) + (1e-12 * x.Total)))
            {
                converged = true;
                break;
            }

            if (stop is not null && stop.Settled(deviance, change, maxSweeps - sweeps, residuals ??= () => (Pearson(x, model, s, m, k, sums), Ratio(x, model))))
            {
                (converged, settled) = (true, true);
                break;
            }
        }

        return new RankFit(c, s, k, previous, sweeps, Pearson(x, model, s, m, k, sums), converged, Ratio(x, model), settled);
    }

    /// <summary>The model value x̂ = C Sᵀ of every stored entry.</summary>
    public static void Evaluate(SparseCounts x, double[] c, double[] s, int k, double[] model)
    {
        for (var i = 0; i < x.Rows; i++)
        {
            var ci = c.AsSpan(i * k, k);
            for (var p = x.RowStart[i]; p < x.RowStart[i + 1]; p++)
            {
                var sj = s.AsSpan(x.Column[p] * k, k);
                var sum = 0.0;
                for (var q = 0; q < k; q++)
                {
                    sum += ci[q] * sj[q];
                }

                model[p] = Math.Max(sum, double.Epsilon);
            }
        }
    }

    /// <summary>
    /// One pass of Newton steps over the K coordinates of one row of C (or of S): <paramref name="factors"/> holds them,
    /// the entries of the line are <paramref name="entry"/>[start … end−1] (row-major positions, for the model values)
    /// and <paramref name="partner"/> gives the row of the other factor each entry multiplies. Coordinate q's gradient
    /// is gathered in the same pass that applies coordinate q−1's step to the model values, so a line costs K + 1
    /// passes over its entries instead of 2K; the arithmetic is that of updating one coordinate after the other.
    /// </summary>
    private static void Line(SparseCounts x, int start, int end, int[] entry, int[] partner, Span<double> factors, double[] linear, double[] other, double[] model)
    {
        var k = factors.Length;
        var value = x.Value;
        var last = -1;
        var delta = 0.0;
        for (var q = 0; q <= k; q++)
        {
            double gradient = q < k ? linear[q] : 0, curvature = 0;
            var apply = last >= 0 && delta != 0;
            for (var t = start; t < end; t++)
            {
                var p = entry[t];
                var row = partner[t] * k;
                if (apply)
                {
                    model[p] = Math.Max(model[p] + (delta * other[row + last]), double.Epsilon);
                }

                if (q < k)
                {
                    var w = other[row + q];
                    var r = value[p] / model[p];
                    gradient -= r * w;
                    curvature += r * w * w / model[p];
                }
            }

            if (q < k)
            {
                var next = NewtonStep(factors[q], gradient, curvature);
                delta = next - factors[q];
                factors[q] = next;
                last = q;
            }
        }
    }

    private static double NewtonStep(double value, double gradient, double curvature)
    {
        var target = curvature > 0 ? value - (gradient / curvature) : (gradient > 0 ? 0 : value);
        return Math.Max(target, value * Shrink);
    }

    /// <summary>Σ x/x̂ over the stored entries (zeros contribute nothing): N·M (1 + s̄) in Fletcher's (2012) dispersion.</summary>
    private static double Ratio(SparseCounts x, double[] model)
    {
        var sum = 0.0;
        for (var p = 0; p < x.Count; p++)
        {
            sum += x.Value[p] / model[p];
        }

        return sum;
    }

    /// <summary>Σ x log(x/x̂) − Σ x + Σ x̂, with Σ x̂ = Σ_q S-column sums when C has unit column sums.</summary>
    private static double Divergence(SparseCounts x, double[] model, double[] s, int m, int k, double[] sums)
    {
        var sum = 0.0;
        for (var p = 0; p < x.Count; p++)
        {
            var v = x.Value[p];
            sum += v * Math.Log(v / model[p]);
        }

        return sum - x.Total + ModelTotal(s, m, k, sums);
    }

    /// <summary>Pearson's X² = Σ x²/x̂ − 2 Σ x + Σ x̂ over all entries (zeros contribute x̂).</summary>
    private static double Pearson(SparseCounts x, double[] model, double[] s, int m, int k, double[] sums)
    {
        var sum = 0.0;
        for (var p = 0; p < x.Count; p++)
        {
            sum += x.Value[p] * x.Value[p] / model[p];
        }

        return sum - (2 * x.Total) + ModelTotal(s, m, k, sums);
    }

    /// <summary>Σ x̂ over all entries: the sum of S's columns, C having unit column sums.</summary>
    private static double ModelTotal(double[] s, int m, int k, double[] sums)
    {
        ColumnSums(s, m, k, sums);
        var total = 0.0;
        for (var q = 0; q < k; q++)
        {
            total += sums[q];
        }

        return total;
    }

    private static void ColumnSums(double[] matrix, int rows, int k, double[] sums)
    {
        Array.Clear(sums);
        for (var i = 0; i < rows; i++)
        {
            for (var q = 0; q < k; q++)
            {
                sums[q] += matrix[(i * k) + q];
            }
        }
    }

    /// <summary>Unit column sums for C, the scale moved into S (x̂ unchanged).</summary>
    private static void Normalise(double[] c, double[] s, int n, int m, int k, double[] sums)
    {
        ColumnSums(c, n, k, sums);
        for (var q = 0; q < k; q++)
        {
            var scale = sums[q];
            if (!(scale > 0))
            {
                continue;
            }

            for (var i = 0; i < n; i++)
            {
                c[(i * k) + q] /= scale;
            }

            for (var j = 0; j < m; j++)
            {
                s[(j * k) + q] *= scale;
            }
        }
    }
}
