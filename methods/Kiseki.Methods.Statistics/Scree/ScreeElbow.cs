namespace Kiseki.Methods.Statistics.Scree;

/// <summary>
/// The scree elbow rule (Kneedle type, as HyperSpy's <c>estimate_elbow_position</c>): on the logarithm of the explained
/// variance ratios, draw the chord from point 0 to point p = min(<see cref="MaxPoints"/>, L − 1); the elbow is the point
/// farthest (perpendicular distance) from that chord. With 0-based indices the elbow is the first point of the noise
/// floor, so its index equals the number of components above the floor — the estimate this method reports.
/// The chord rule alone can land one point late when the floor itself slopes (the farthest point is then a point of
/// the floor just after a marginal one), so the elbow is walked back while the preceding ratio is within a factor
/// <see cref="FloorFactor"/> of the elbow's: such a point belongs to the floor too.
/// </summary>
public static class ScreeElbow
{
    /// <summary>Largest index used for the elbow line.</summary>
    public const int MaxPoints = 20;

    /// <summary>Neighbouring ratios closer than this factor are on the same noise floor.</summary>
    public const double FloorFactor = 2.0;

    /// <summary>
    /// Elbow position of <paramref name="ratios"/> (explained variance ratios, descending). Zero or negative ratios are
    /// floored at 1e-300 before the logarithm. Returns the index of the elbow point.
    /// </summary>
    public static int Position(IReadOnlyList<double> ratios)
    {
        ArgumentNullException.ThrowIfNull(ratios);
        if (ratios.Count < 3)
        {
            return Math.Max(ratios.Count - 1, 0);
        }

        var last = Math.Min(MaxPoints, ratios.Count - 1);
        var y = new double[last + 1];
        for (var i = 0; i <= last; i++)
        {
            y[i] = Math.Log(Math.Max(ratios[i], 1e-300));
        }

        // Line through (0, y0) and (last, y_last); distance of every point (i, y_i) to it.
        var dx = (double)last;
        var dy = y[last] - y[0];
        var norm = Math.Sqrt((dx * dx) + (dy * dy));
        var best = 0;
        var bestDistance = double.NegativeInfinity;
        for (var i = 0; i <= last; i++)
        {
            var distance = Math.Abs((dy * i) - (dx * (y[i] - y[0]))) / norm;
            if (distance > bestDistance)
            {
                bestDistance = distance;
                best = i;
            }
        }

        while (best > 1 && ratios[best - 1] < FloorFactor * ratios[best])
        {
            best--;
        }

        return best;
    }
}
