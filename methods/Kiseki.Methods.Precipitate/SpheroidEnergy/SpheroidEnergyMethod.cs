using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;

namespace Kiseki.Methods.Precipitate.SpheroidEnergy;

/// <summary>
/// Interface plus elastic energy of a prolate spheroidal precipitate vs aspect ratio at fixed volume, and the
/// equilibrium aspect ratio (the grid minimum). Elastic energy: homogeneous anisotropic Eshelby inclusion with the
/// D tensor integrated numerically over the unit sphere (Mura 1987; see <see cref="EshelbySpheroid"/>); the shape
/// model follows Tsukada et al., Sci. Rep. 9, 15794 (2019). Units: R in nm, γ in J/m², stiffness in GPa,
/// energies in aJ (GPa·nm³ = J/m²·nm² = 1e-18 J).
/// </summary>
[Method("precipitate.spheroid-energy", 1, Summary = "Interface + Eshelby elastic energy of a prolate spheroid vs aspect ratio.",
    Remarks = "Homogeneous anisotropic Eshelby inclusion, numerical unit-sphere integral (Mura 1987); shape model as in " +
              "Tsukada et al., Sci. Rep. 9, 15794 (2019). R in nm, γ in J/m², C in GPa, energies in aJ.",
    RelativeTolerance = 1e-9)]
public sealed class SpheroidEnergyMethod : IMethod<SpheroidEnergyParameters, NoInputs, SpheroidEnergyOutputs>
{
    public ValueTask<MethodResult<SpheroidEnergyOutputs>> RunAsync(
        NoInputs inputs, SpheroidEnergyParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        var p = parameters;
        Require(p.InterfaceEnergy > 0 && double.IsFinite(p.InterfaceEnergy), "interface_energy", "must be positive.");
        Require(p.Radius > 0 && double.IsFinite(p.Radius), "radius", "must be positive.");
        Require(double.IsFinite(p.Misfit), "misfit", "must be finite.");
        Require(double.IsFinite(p.MisfitC), "misfit_c", "must be finite.");
        Require(p.AspectRatioMax >= 1 && double.IsFinite(p.AspectRatioMax), "aspect_ratio_max", "must be ≥ 1.");
        Require(p.AspectRatioStep > 0 && (p.AspectRatioMax - 1) / p.AspectRatioStep <= 1e5, "aspect_ratio_step",
            "must be positive and give at most 100000 grid points.");
        StiffnessTensor stiffness;
        try
        {
            stiffness = Elasticity.Stiffness(p.Elasticity, p.ShearModulus, p.PoissonRatio);
        }
        catch (ArgumentException ex)
        {
            throw MethodException.InvalidParameter("shear_modulus", ex.Message);
        }

        var eshelby = new EshelbySpheroid(stiffness);
        var count = (int)Math.Floor((p.AspectRatioMax - 1) / p.AspectRatioStep + 1e-9) + 1;
        var rho = new double[count];
        var elastic = new double[count];
        var interfaceEnergy = new double[count];
        var total = new double[count];
        var volume = SpheroidShape.Volume(p.Radius);
        var best = 0;
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rho[i] = 1 + i * p.AspectRatioStep;
            elastic[i] = volume * eshelby.EnergyDensity(rho[i], p.Misfit, p.MisfitC);
            interfaceEnergy[i] = p.InterfaceEnergy * SpheroidShape.Area(p.Radius, rho[i]);
            total[i] = elastic[i] + interfaceEnergy[i];
            if (total[i] < total[best])
            {
                best = i;
            }
        }

        var table = new Table([
            TableColumn.Numeric("aspect_ratio", rho),
            TableColumn.Numeric("elastic", elastic),
            TableColumn.Numeric("interface", interfaceEnergy),
            TableColumn.Numeric("total", total),
        ]);
        var outputs = new SpheroidEnergyOutputs
        {
            Energies = table,
            EquilibriumAspectRatio = JsonArtifact.Number(rho[best]),
        };
        if (best == count - 1 && count > 1)
        {
            context.Log.Warning($"the energy minimum lies at aspect_ratio_max = {rho[best]}; raise aspect_ratio_max.");
        }

        var metrics = new Dictionary<string, double>
        {
            ["equilibrium_aspect_ratio"] = rho[best],
            ["scaling_variable"] = ShapeEnergyModel.ScalingVariable(p.Radius, p.Misfit, p.InterfaceEnergy),
            ["minimum_total_energy_aj"] = total[best],
        };
        return ValueTask.FromResult(MethodResult.Success(outputs, null, metrics));
    }

    private static void Require(bool condition, string parameter, string message)
    {
        if (!condition)
        {
            throw MethodException.InvalidParameter(parameter, message);
        }
    }
}
