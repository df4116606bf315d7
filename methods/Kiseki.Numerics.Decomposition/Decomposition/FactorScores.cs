namespace Kiseki.Methods.Spectral.Decomposition;

/// <summary>How the projections Y = (X̃ − 1·μᵀ)·V become maps, and the model the residual compares X with.</summary>
/// <param name="Vectors">V, row-major (m × k): the eigenvectors projected on.</param>
/// <param name="Mean">μ subtracted before projecting, or null.</param>
/// <param name="Divisors">Per component: the map is Y / d_j, or 0 where d_j = 0; null for no division.</param>
/// <param name="PixelWeights">a: maps are multiplied by a_i (Poisson scaling), or null.</param>
/// <param name="Flips">Components whose map is negated (<see cref="FactorModel.SignFlips"/>).</param>
/// <param name="Spectra">The final spectra S (m × k) of the model offset + C Sᵀ.</param>
/// <param name="Offset">Offset spectrum o: pixel i's offset is o·a_i (o without weights), or null for none.</param>
public sealed record FactorProjection(
    double[] Vectors, double[]? Mean, double[]? Divisors, double[]? PixelWeights, bool[] Flips, double[] Spectra, double[]? Offset);

/// <summary>
/// The maps of a linear factor model and its per-pixel residual in one pass over X: row by row the projection of the
/// decomposed (possibly scaled) row, the map's scaling and sign, then the residual of the raw row against
/// offset + C Sᵀ. The same arithmetic, element for element, as <see cref="FactorModel.Project"/>, the solvers'
/// rescaling, <see cref="FactorModel.FixSigns"/> and <see cref="FactorModel.Residual"/>; rows are independent and the
/// residual total is summed over pixels in order, so the result does not depend on the thread count.
/// </summary>
public static class FactorScores
{
    /// <summary>Maps C (n × k), per-pixel RMSE and the mean squared error of X − offset − C Sᵀ.</summary>
    public static (double[] Maps, double[] Rmse, double Mse) Compute(
        SpectrumRows decomposed, FactorProjection model, int k, int maxDegreeOfParallelism, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decomposed);
        ArgumentNullException.ThrowIfNull(model);
        int n = decomposed.Rows, m = decomposed.Columns;
        var maps = new double[(long)n * k];
        var squares = new double[n];
        var rmse = new double[n];
        decomposed.Unscaled.ForEachChunk(maxDegreeOfParallelism, cancellationToken, (_, start, count, rows) =>
        {
            var work = new double[m];
            for (var r = 0; r < count; r++)
            {
                var i = start + r;
                var raw = rows.Slice(r * m, m);
                decomposed.ScaleRow(i, raw, work);
                var map = maps.AsSpan(i * k, k);
                Project(work, model, i, map);
                squares[i] = Squares(raw, map, model, i);
                rmse[i] = Math.Sqrt(squares[i] / m);
            }
        });
        var total = 0.0;
        for (var i = 0; i < n; i++)
        {
            total += squares[i];
        }

        return (maps, rmse, total / ((double)n * m));
    }

    private static void Project(double[] row, FactorProjection model, int pixel, Span<double> map)
    {
        var (v, mean, k) = (model.Vectors, model.Mean, map.Length);
        for (var a = 0; a < row.Length; a++)
        {
            var xa = row[a] - (mean?[a] ?? 0);
            if (xa == 0)
            {
                continue;
            }

            for (var j = 0; j < k; j++)
            {
                map[j] += xa * v[(a * k) + j];
            }
        }

        for (var j = 0; j < k; j++)
        {
            if (model.Divisors is { } d)
            {
                map[j] = d[j] == 0 ? 0 : map[j] / d[j];
            }

            if (model.PixelWeights is { } w)
            {
                map[j] *= w[pixel];
            }

            if (model.Flips[j])
            {
                map[j] = -map[j];
            }
        }
    }

    private static double Squares(ReadOnlySpan<double> raw, ReadOnlySpan<double> map, FactorProjection model, int pixel)
    {
        var (spectra, k, s) = (model.Spectra, map.Length, 0.0);
        for (var a = 0; a < raw.Length; a++)
        {
            var value = model.Offset is { } o ? o[a] * (model.PixelWeights?[pixel] ?? 1) : 0.0;
            for (var j = 0; j < k; j++)
            {
                value += map[j] * spectra[(a * k) + j];
            }

            var d = raw[a] - value;
            s += d * d;
        }

        return s;
    }
}
