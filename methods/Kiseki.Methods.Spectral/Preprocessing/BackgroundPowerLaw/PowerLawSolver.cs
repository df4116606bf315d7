namespace Kiseki.Methods.Spectral.Preprocessing.BackgroundPowerLaw;

/// <summary>A fitted power law A·E^−r; <see cref="Valid"/> is false when too few positive points were available.</summary>
public readonly record struct PowerLawFit(double Amplitude, double Exponent, bool Valid)
{
    /// <summary>A·E^−r (0 for an invalid fit or E ≤ 0).</summary>
    public double Evaluate(double energy) => Valid && energy > 0 ? Amplitude * Math.Pow(energy, -Exponent) : 0;
}

/// <summary>
/// Least-squares fit of ln y = ln A − r·ln E over the points with y &gt; 0 and E &gt; 0 (Egerton, Electron
/// Energy-Loss Spectroscopy in the Electron Microscope, 3rd ed., §4.4.2). Non-positive counts are skipped.
/// </summary>
public static class PowerLawSolver
{
    /// <summary>Fits one spectrum segment; needs at least two usable points with distinct energies.</summary>
    public static PowerLawFit Fit(ReadOnlySpan<double> energies, ReadOnlySpan<double> values)
    {
        double sx = 0, sy = 0;
        var count = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] > 0 && energies[i] > 0)
            {
                sx += Math.Log(energies[i]);
                sy += Math.Log(values[i]);
                count++;
            }
        }

        if (count < 2)
        {
            return new PowerLawFit(0, 0, false);
        }

        double mx = sx / count, my = sy / count, sxx = 0, sxy = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] > 0 && energies[i] > 0)
            {
                var dx = Math.Log(energies[i]) - mx;
                sxx += dx * dx;
                sxy += dx * (Math.Log(values[i]) - my);
            }
        }

        if (!(sxx > 0))
        {
            return new PowerLawFit(0, 0, false);
        }

        var slope = sxy / sxx;
        return new PowerLawFit(Math.Exp(my - (slope * mx)), -slope, true);
    }
}
