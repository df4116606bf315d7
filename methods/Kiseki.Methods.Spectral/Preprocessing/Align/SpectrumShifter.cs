namespace Kiseki.Methods.Spectral.Preprocessing.Align;

/// <summary>Resamples every pixel spectrum at its shifted positions by linear interpolation.</summary>
internal static class SpectrumShifter
{
    /// <summary>
    /// The channels [first, first + count) of the unshifted axis that every shifted spectrum can fill, i.e. those c with
    /// 0 ≤ c + s_p ≤ m − 1 for all shifts s_p (channels); the whole axis when <paramref name="crop"/> is false.
    /// Null when the shifts span more than the axis.
    /// </summary>
    public static EnergyWindow? Kept(double[] shifts, int m, bool crop)
    {
        if (!crop || shifts.Length == 0)
        {
            return new EnergyWindow(0, m);
        }

        var first = Math.Max(0, (int)Math.Ceiling(-shifts.Min() - 1e-9));
        var last = Math.Min(m - 1, (int)Math.Floor(m - 1 - shifts.Max() + 1e-9));
        return last < first ? null : new EnergyWindow(first, last - first + 1);
    }

    /// <summary>
    /// out[p, c − kept.First] = x[p] evaluated at channel c + shifts[p] (linear interpolation), for c in
    /// <paramref name="kept"/>; NaN where that position lies outside the axis.
    /// </summary>
    public static double[] Shift(double[] x, int pixels, int m, double[] shifts, EnergyWindow kept)
    {
        var result = new double[pixels * kept.Count];
        for (var p = 0; p < pixels; p++)
        {
            var row = x.AsSpan(p * m, m);
            for (var c = 0; c < kept.Count; c++)
            {
                result[(p * kept.Count) + c] = At(row, kept.First + c + shifts[p]);
            }
        }

        return result;
    }

    private static double At(ReadOnlySpan<double> row, double position)
    {
        var m = row.Length;
        if (position < -1e-9 || position > m - 1 + 1e-9)
        {
            return double.NaN;
        }

        position = Math.Clamp(position, 0, m - 1);
        var i = Math.Min((int)Math.Floor(position), m - 2);
        if (i < 0)
        {
            return row[0];
        }

        var t = position - i;
        return t == 0 ? row[i] : ((1 - t) * row[i]) + (t * row[i + 1]);
    }
}
