namespace Kiseki.Methods.Precipitate;

/// <summary>
/// A fourth-order elastic stiffness tensor C_ijkl (GPa) built from a 6×6 Voigt matrix. Immutable.
/// </summary>
public sealed class StiffnessTensor
{
    private readonly double[] _c = new double[81];

    private StiffnessTensor(double[,] voigt, string description)
    {
        Description = description;
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 3; j++)
            {
                for (var k = 0; k < 3; k++)
                {
                    for (var l = 0; l < 3; l++)
                    {
                        _c[Index(i, j, k, l)] = voigt[Voigt(i, j), Voigt(k, l)];
                    }
                }
            }
        }
    }

    /// <summary>Human-readable description (e.g. the constants used).</summary>
    public string Description { get; }

    /// <summary>C_ijkl in GPa.</summary>
    public double this[int i, int j, int k, int l] => _c[Index(i, j, k, l)];

    /// <summary>Isotropic stiffness from shear modulus μ (GPa) and Poisson ratio ν (−1 &lt; ν &lt; 0.5).</summary>
    public static StiffnessTensor Isotropic(double shearModulus, double poissonRatio)
    {
        if (!(shearModulus > 0) || !double.IsFinite(shearModulus) || !(poissonRatio > -1) || !(poissonRatio < 0.5))
        {
            throw new ArgumentException(
                $"isotropic elasticity needs shear modulus > 0 and −1 < ν < 0.5, got μ = {shearModulus}, ν = {poissonRatio}.");
        }

        var lambda = 2 * shearModulus * poissonRatio / (1 - 2 * poissonRatio);
        var c11 = lambda + 2 * shearModulus;
        return Hexagonal(c11, lambda, lambda, c11, shearModulus, $"isotropic μ = {shearModulus} GPa, ν = {poissonRatio}");
    }

    /// <summary>
    /// α-Mg single-crystal constants (Slutsky and Garland, Phys. Rev. 107, 972, 1957): C11 = 59.40, C12 = 25.61,
    /// C13 = 21.44, C33 = 61.60, C44 = 16.40 GPa, C66 = (C11 − C12)/2; the c axis is z.
    /// </summary>
    public static StiffnessTensor MagnesiumHexagonal()
        => Hexagonal(59.40, 25.61, 21.44, 61.60, 16.40, "Mg hexagonal (Slutsky & Garland 1957)");

    /// <summary>Transversely isotropic (hexagonal) stiffness with the symmetry axis along z; C66 = (C11 − C12)/2.</summary>
    public static StiffnessTensor Hexagonal(double c11, double c12, double c13, double c33, double c44, string description)
    {
        var v = new double[6, 6];
        v[0, 0] = v[1, 1] = c11;
        v[0, 1] = v[1, 0] = c12;
        v[0, 2] = v[2, 0] = v[1, 2] = v[2, 1] = c13;
        v[2, 2] = c33;
        v[3, 3] = v[4, 4] = c44;
        v[5, 5] = (c11 - c12) / 2;
        return new StiffnessTensor(v, description);
    }

    internal static int Index(int i, int j, int k, int l) => ((i * 3 + j) * 3 + k) * 3 + l;

    private static int Voigt(int i, int j) => i == j ? i : 6 - i - j;
}
