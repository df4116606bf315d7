using Kiseki.Methods.Transport.Grid;

namespace Kiseki.Methods.Transport.Sampling;

/// <summary>
/// Type-II maximum likelihood for <see cref="SurfaceHyperparameters"/> with the mean and scale profiled out
/// (generalised least squares mean m̂ = 1ᵀR⁻¹y / 1ᵀR⁻¹1, ŝ² = (y − m̂)ᵀR⁻¹(y − m̂)/n, R = correlation + g·I) and the
/// length scale found by a log-spaced scan refined by golden-section search. The nugget ratio g is fixed (noise-free
/// energies): σ_n = √g·ŝ.
/// </summary>
internal static class ProfileLikelihoodFit
{
    /// <summary>Nugget ratio σ_n²/s² used for noise-free energies.</summary>
    public const double Nugget = 1e-6;

    /// <summary>Largest number of points the likelihood is evaluated on (evenly thinned in evaluation order beyond it).</summary>
    public const int MaxFitPoints = 300;

    public static SurfaceHyperparameters Fit(PeriodicGrid grid, IReadOnlyList<int> points, IReadOnlyList<double> values,
        double minLength = 0.01, double maxLength = 1.0, int threads = 1)
    {
        if (points.Count > MaxFitPoints)
        {
            // Deterministic thinning in evaluation order keeps the fit O(MaxFitPoints³).
            var keep = Enumerable.Range(0, MaxFitPoints).Select(t => (int)((long)t * points.Count / MaxFitPoints)).ToArray();
            points = [.. keep.Select(t => points[t])];
            values = [.. keep.Select(t => values[t])];
        }

        double Objective(double logLength) => Evaluate(grid, points, values, Math.Exp(logLength)).Nll;

        var lo = Math.Log(minLength);
        var hi = Math.Log(maxLength);
        const int scan = 12;
        var best = 0;
        var scores = new double[scan];
        Parallel.For(0, scan, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads) },
            t => scores[t] = Objective(lo + ((hi - lo) * t / (scan - 1))));
        for (var t = 1; t < scan; t++)
        {
            if (scores[t] < scores[best])
            {
                best = t;
            }
        }

        var step = (hi - lo) / (scan - 1);
        var a = lo + (step * Math.Max(0, best - 1));
        var b = lo + (step * Math.Min(scan - 1, best + 1));
        var golden = (Math.Sqrt(5) - 1) / 2;
        var c = b - (golden * (b - a));
        var d = a + (golden * (b - a));
        double fc = Objective(c), fd = Objective(d);
        for (var iteration = 0; iteration < 12; iteration++)
        {
            if (fc < fd)
            {
                b = d;
                d = c;
                fd = fc;
                c = b - (golden * (b - a));
                fc = Objective(c);
            }
            else
            {
                a = c;
                c = d;
                fc = fd;
                d = a + (golden * (b - a));
                fd = Objective(d);
            }
        }

        var length = Math.Exp(fc < fd ? c : d);
        if (scores[best] < Math.Min(fc, fd))
        {
            length = Math.Exp(lo + (step * best));
        }

        var fit = Evaluate(grid, points, values, length);
        var scale = Math.Sqrt(Math.Max(fit.Variance, 1e-300));
        return new SurfaceHyperparameters(fit.Mean, scale, Math.Sqrt(Nugget) * scale, length);
    }

    private static (double Nll, double Mean, double Variance) Evaluate(
        PeriodicGrid grid, IReadOnlyList<int> points, IReadOnlyList<double> values, double length)
    {
        var gp = new TorusGaussianProcess(grid, new SurfaceHyperparameters(0, 1, Math.Sqrt(Nugget), length));
        var used = new List<double>();
        foreach (var (p, t) in points.Select((p, t) => (p, t)))
        {
            if (gp.Add(p, values[t]))
            {
                used.Add(values[t]);
            }
        }

        var chol = gp.Factor;
        var n = used.Count;
        var ones = Enumerable.Repeat(1.0, n).ToArray();
        var ry = used.ToArray();
        chol.Solve(ones);
        chol.Solve(ry);
        var mean = ry.Sum() / ones.Sum();
        var r = used.Select(v => v - mean).ToArray();
        chol.Solve(r);
        var quad = 0.0;
        for (var t = 0; t < n; t++)
        {
            quad += (used[t] - mean) * r[t];
        }

        var variance = quad / n;
        var nll = (0.5 * n * Math.Log(Math.Max(variance, 1e-300))) + (0.5 * chol.LogDeterminant());
        return (double.IsFinite(nll) ? nll : double.PositiveInfinity, mean, variance);
    }
}
