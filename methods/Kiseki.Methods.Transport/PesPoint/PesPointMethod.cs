using System.ComponentModel;
using Kiseki.Abstractions.Artifacts;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Transport.PesGrid;

namespace Kiseki.Methods.Transport.PesPoint;

/// <summary>Outputs of <c>transport.pes-point@1</c>.</summary>
public sealed record PesPointOutputs
{
    /// <summary>The energy at the point.</summary>
    [Description("The energy at the point: {\"value\": E} (eV for the perovskite template).")]
    public required JsonArtifact Value { get; init; }
}

/// <summary>One energy of a <c>transport.pes-grid@1</c> surface at a fractional point: the built-in evaluator of barrier searches.</summary>
/// <remarks>
/// The same formulas as <c>transport.pes-grid@1</c> evaluated at (x, y, z), so a search evaluating grid points i/n
/// sees exactly the grid's energies. The perovskite-like proton template is a synthetic stand-in for the DFT surfaces of
/// Kanamori et al., Phys. Rev. B 97, 125124 (2018), not DFT. Energies in eV for the template.
/// </remarks>
[Method("transport.pes-point", version: 1,
    Summary = "One energy of an analytic or perovskite-template surface at a fractional point (built-in evaluator of barrier searches).",
    Remarks = "E(x, y, z) with the formulas of transport.pes-grid@1 (fourier: Σ amplitude·cos(2π k·u) over the terms' rank; "
        + "perovskite-proton: Morse wells to O and exponential Zr/Ba repulsion over 27 images, eV). Output {\"value\": E}.",
    RelativeTolerance = 1e-12)]
public sealed class PesPointMethod : IMethod<PesPointParameters, NoInputs, PesPointOutputs>
{
    /// <inheritdoc />
    public ValueTask<MethodResult<PesPointOutputs>> RunAsync(
        NoInputs inputs, PesPointParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        double[] u = [parameters.X, parameters.Y, parameters.Z];
        if (u.Any(c => !double.IsFinite(c)))
        {
            throw MethodException.InvalidParameter("x", "coordinates must be finite.");
        }

        double energy;
        if (parameters.Surface == PesSurface.PerovskiteProton)
        {
            energy = new PerovskiteTemplate(
                parameters.Lattice, parameters.MorseDepth, parameters.MorseAlpha, parameters.MorseR0,
                parameters.RepulsionZr, parameters.RepulsionBa, parameters.RepulsionLength).Energy(u[0], u[1], u[2]);
        }
        else
        {
            var terms = parameters.Terms.Length == 0 ? [[-1.0, 1, 0], [-1.0, 0, 1]] : parameters.Terms;
            energy = 0;
            foreach (var term in terms)
            {
                if (term is null || term.Length is < 3 or > 4 || term.Any(t => !double.IsFinite(t)))
                {
                    throw MethodException.InvalidParameter("terms", "each term is [amplitude, k1, k2(, k3)] with finite numbers.");
                }

                var phase = 0.0;
                for (var a = 0; a < term.Length - 1; a++)
                {
                    phase += term[a + 1] * u[a];
                }

                energy += term[0] * Math.Cos(2.0 * Math.PI * phase);
            }
        }

        var value = new JsonArtifact(new System.Text.Json.Nodes.JsonObject { ["value"] = energy });
        return ValueTask.FromResult(MethodResult.Success(new PesPointOutputs { Value = value }));
    }
}
