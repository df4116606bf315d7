using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Transport.PesGrid;

/// <summary>Which potential-energy surface a grid is filled with.</summary>
public enum PesSurface
{
    /// <summary>An analytic Fourier sum E(u) = Σ amplitude·cos(2π k·u).</summary>
    Fourier,

    /// <summary>The perovskite-like proton template: Morse wells to O, exponential repulsion from Zr and Ba.</summary>
    [ChoiceName("perovskite-proton")]
    PerovskiteProton,
}
