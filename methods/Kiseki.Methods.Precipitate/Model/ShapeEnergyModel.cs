namespace Kiseki.Methods.Precipitate;

/// <summary>
/// Equilibrium aspect ratio of a prolate spheroidal precipitate, ρ* = argmin_ρ [V·w(ρ) + γ·S(ρ)], using the scaling
/// law of homogeneous linear elasticity: w(ρ; ε_a, ε_c) = ε_a²·ŵ(ρ; ε_c/ε_a), so
/// E/(4πR²γ) = (P/3)·ŵ(ρ) + f(ρ) with P = R·ε_a²/γ (R in nm, γ in J/m², ŵ in GPa; P is dimensionless).
/// ρ* therefore depends on (R, γ, ε_a) only through P. ŵ is tabulated once per (stiffness, ε_c/ε_a) on
/// [1, ρ_max] and the grid minimum is refined by a parabola through its neighbours. Immutable and thread-safe.
/// </summary>
public sealed class ShapeEnergyModel
{
    private readonly double[] _rho;
    private readonly double[] _w;
    private readonly double[] _f;

    /// <summary>Tabulates ŵ(ρ) for ρ = 1, 1 + step, …, ρ_max.</summary>
    public ShapeEnergyModel(EshelbySpheroid eshelby, double misfitRatio, double aspectRatioMax, double step)
    {
        ArgumentNullException.ThrowIfNull(eshelby);
        if (!(aspectRatioMax > 1) || !(step > 0) || (aspectRatioMax - 1) / step > 1e5)
        {
            throw new ArgumentException($"need aspect ratio max > 1 and 0 < step with at most 1e5 grid points (got {aspectRatioMax}, {step}).");
        }

        var count = (int)Math.Floor((aspectRatioMax - 1) / step + 1e-9) + 1;
        _rho = new double[count];
        _w = new double[count];
        _f = new double[count];
        for (var i = 0; i < count; i++)
        {
            _rho[i] = 1 + i * step;
            _w[i] = eshelby.EnergyDensity(_rho[i], 1.0, misfitRatio);
            _f[i] = SpheroidShape.SurfaceFactor(_rho[i]);
        }

        MisfitRatio = misfitRatio;
    }

    /// <summary>ε_c/ε_a of the tabulated eigenstrain.</summary>
    public double MisfitRatio { get; }

    /// <summary>The largest tabulated aspect ratio; ρ* is capped there.</summary>
    public double AspectRatioMax => _rho[^1];

    /// <summary>The scaling variable P = R·ε_a²/γ (R in nm, γ in J/m²).</summary>
    public static double ScalingVariable(double radius, double misfit, double interfaceEnergy)
        => radius * misfit * misfit / interfaceEnergy;

    /// <summary>ρ* for scaling variable <paramref name="p"/> ≥ 0 (parabolic refinement of the grid minimum).</summary>
    public double EquilibriumAspectRatio(double p)
    {
        var best = 0;
        var bestValue = double.PositiveInfinity;
        for (var i = 0; i < _rho.Length; i++)
        {
            var e = p / 3 * _w[i] + _f[i];
            if (e < bestValue)
            {
                bestValue = e;
                best = i;
            }
        }

        if (best == 0 || best == _rho.Length - 1)
        {
            return _rho[best];
        }

        var e0 = p / 3 * _w[best - 1] + _f[best - 1];
        var e2 = p / 3 * _w[best + 1] + _f[best + 1];
        var curvature = e0 - 2 * bestValue + e2;
        var shift = curvature > 0 ? 0.5 * (e0 - e2) / curvature : 0.0;
        return _rho[best] + Math.Clamp(shift, -0.5, 0.5) * (_rho[1] - _rho[0]);
    }

    /// <summary>ρ* for radius (nm), misfit ε_a (&gt; 0) and interface energy γ (J/m², &gt; 0).</summary>
    public double EquilibriumAspectRatio(double radius, double misfit, double interfaceEnergy)
        => EquilibriumAspectRatio(ScalingVariable(radius, misfit, interfaceEnergy));
}
