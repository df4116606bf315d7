namespace Kiseki.Methods.Precipitate;

/// <summary>Geometry of a prolate spheroid of aspect ratio ρ = c/a at fixed volume V = 4πR³/3.</summary>
public static class SpheroidShape
{
    /// <summary>
    /// Surface area relative to the equal-volume sphere, f(ρ) = (1 + ρ·arcsin(e)/e) / (2ρ^{2/3}),
    /// e = √(1 − 1/ρ²); f(1) = 1.
    /// </summary>
    public static double SurfaceFactor(double rho)
    {
        if (rho <= 1)
        {
            return 1.0;
        }

        var e = Math.Sqrt(1 - 1 / (rho * rho));
        var ratio = e < 1e-6 ? 1 + e * e / 6 : Math.Asin(e) / e;
        return (1 + rho * ratio) / (2 * Math.Pow(rho, 2.0 / 3.0));
    }

    /// <summary>Volume (nm³) of the sphere of radius <paramref name="radius"/> (nm).</summary>
    public static double Volume(double radius) => 4.0 / 3.0 * Math.PI * radius * radius * radius;

    /// <summary>Surface area (nm²) of the spheroid with equivalent radius <paramref name="radius"/> (nm).</summary>
    public static double Area(double radius, double rho) => 4 * Math.PI * radius * radius * SurfaceFactor(rho);
}
