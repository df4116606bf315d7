namespace Kiseki.Methods.Transport.PesGrid;

/// <summary>
/// Parameters of the perovskite-like proton template: cubic cell with Ba at (0,0,0), Zr at (½,½,½) and O at
/// (½,½,0), (½,0,½), (0,½,½); the energy sums over the 27 nearest cell images
/// E(r) = Σ_O D[(1 − e^{−α(d−r0)})² − 1] + Σ_Zr A_Zr e^{−d/ρ} + Σ_Ba A_Ba e^{−d/ρ} (eV, Å).
/// </summary>
/// <param name="Lattice">Cubic lattice constant a (Å).</param>
/// <param name="MorseDepth">Morse well depth D (eV).</param>
/// <param name="MorseAlpha">Morse stiffness α (1/Å).</param>
/// <param name="MorseR0">Morse equilibrium O–H distance r0 (Å).</param>
/// <param name="RepulsionZr">Zr repulsion prefactor A_Zr (eV).</param>
/// <param name="RepulsionBa">Ba repulsion prefactor A_Ba (eV).</param>
/// <param name="RepulsionLength">Repulsion decay length ρ (Å).</param>
public sealed record PerovskiteTemplate(
    double Lattice, double MorseDepth, double MorseAlpha, double MorseR0,
    double RepulsionZr, double RepulsionBa, double RepulsionLength)
{
    /// <summary>Energy (eV) at fractional coordinates (u, v, w).</summary>
    public double Energy(double u, double v, double w)
    {
        var energy = 0.0;
        for (var a = -1; a <= 1; a++)
        {
            for (var b = -1; b <= 1; b++)
            {
                for (var c = -1; c <= 1; c++)
                {
                    for (var s = 0; s < 3; s++)
                    {
                        var d = Distance(u, v, w, Oxygen(s), a, b, c);
                        var x = 1.0 - Math.Exp(-MorseAlpha * (d - MorseR0));
                        energy += MorseDepth * ((x * x) - 1.0);
                    }

                    energy += RepulsionZr * Math.Exp(-Distance(u, v, w, (0.5, 0.5, 0.5), a, b, c) / RepulsionLength);
                    energy += RepulsionBa * Math.Exp(-Distance(u, v, w, (0.0, 0.0, 0.0), a, b, c) / RepulsionLength);
                }
            }
        }

        return energy;
    }

    /// <summary>Fractional position of oxygen <paramref name="s"/> (0, 1, 2).</summary>
    private static (double X, double Y, double Z) Oxygen(int s) => s switch
    {
        0 => (0.5, 0.5, 0.0),
        1 => (0.5, 0.0, 0.5),
        _ => (0.0, 0.5, 0.5),
    };

    private double Distance(double u, double v, double w, (double X, double Y, double Z) site, int a, int b, int c)
    {
        var dx = u - site.X - a;
        var dy = v - site.Y - b;
        var dz = w - site.Z - c;
        return Lattice * Math.Sqrt((dx * dx) + (dy * dy) + (dz * dz));
    }
}
