namespace Kiseki.Methods.Precipitate;

/// <summary>Matrix elasticity used by the precipitate methods.</summary>
public enum ElasticityKind
{
    /// <summary>Isotropic, from <c>shear_modulus</c> (GPa) and <c>poisson_ratio</c>.</summary>
    Isotropic,

    /// <summary>α-Mg hexagonal constants (Slutsky and Garland 1957), c axis along the rod axis.</summary>
    MgHexagonal,
}

/// <summary>Builds the stiffness tensor for an <see cref="ElasticityKind"/>.</summary>
public static class Elasticity
{
    /// <summary>The stiffness (GPa) for <paramref name="kind"/>; the isotropic constants are used only for Isotropic.</summary>
    public static StiffnessTensor Stiffness(ElasticityKind kind, double shearModulus, double poissonRatio)
        => kind == ElasticityKind.MgHexagonal
            ? StiffnessTensor.MagnesiumHexagonal()
            : StiffnessTensor.Isotropic(shearModulus, poissonRatio);
}
