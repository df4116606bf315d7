using System.ComponentModel;
using System.ComponentModel.DataAnnotations;

namespace Kiseki.Methods.Transport.PesGrid;

/// <summary>Parameters of <c>transport.pes-grid@1</c>.</summary>
public sealed record PesGridParameters : PesSurfaceSettings
{
    /// <summary>Grid shape, 2 or 3 dimensions.</summary>
    [Description("Grid shape over the unit cell, 2 or 3 dimensions, e.g. [32, 32] or [32, 32, 32]; index i along an axis sits at u = i/n.")]
    public int[] Grid { get; init; } = [32, 32, 32];
}

/// <summary>The surface parameters shared by <c>transport.pes-grid@1</c> and <c>transport.pes-point@1</c>.</summary>
public abstract record PesSurfaceSettings
{
    /// <summary>Which surface.</summary>
    [Description("Surface: fourier (analytic cosine sum) or perovskite-proton (3-D template, eV).")]
    public PesSurface Surface { get; init; } = PesSurface.Fourier;

    /// <summary>Fourier terms [amplitude, k1, k2(, k3)].</summary>
    [Description("Fourier terms, each [amplitude, k1, k2(, k3)] with integer k: E(u) = Σ amplitude·cos(2π k·u). Empty: Σ_a −cos(2π u_a).")]
    public double[][] Terms { get; init; } = [];

    /// <summary>Cubic lattice constant (Å).</summary>
    [Description("Cubic lattice constant a (Å), perovskite-proton only.")]
    [Range(0.5, 50.0)]
    public double Lattice { get; init; } = 4.19;

    /// <summary>Morse depth D (eV).</summary>
    [Description("Morse well depth D to each O (eV).")]
    [Range(0.0, 100.0)]
    public double MorseDepth { get; init; } = 2.0;

    /// <summary>Morse α (1/Å).</summary>
    [Description("Morse stiffness α (1/Å).")]
    [Range(0.01, 100.0)]
    public double MorseAlpha { get; init; } = 2.2;

    /// <summary>Morse r0 (Å).</summary>
    [Description("Morse equilibrium O–H distance r0 (Å).")]
    [Range(0.0, 10.0)]
    public double MorseR0 { get; init; } = 0.97;

    /// <summary>Zr repulsion prefactor (eV).</summary>
    [Description("Zr repulsion prefactor A_Zr (eV) of A·exp(−d/ρ).")]
    [Range(0.0, 1e6)]
    public double RepulsionZr { get; init; } = 600.0;

    /// <summary>Ba repulsion prefactor (eV).</summary>
    [Description("Ba repulsion prefactor A_Ba (eV) of A·exp(−d/ρ).")]
    [Range(0.0, 1e6)]
    public double RepulsionBa { get; init; } = 100.0;

    /// <summary>Repulsion decay length ρ (Å).</summary>
    [Description("Repulsion decay length ρ (Å).")]
    [Range(0.01, 10.0)]
    public double RepulsionLength { get; init; } = 0.30;
}
