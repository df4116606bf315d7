using Kiseki.Abstractions.Arrays;
using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Transport.Grid;

namespace Kiseki.Methods.Transport.PesGrid;

/// <summary>Builds a potential-energy surface on a periodic grid over the unit cell.</summary>
/// <remarks>
/// The perovskite-like proton template (Morse wells to O, exponential repulsion from Zr and Ba, 27 cell images,
/// a = 4.19 Å) is a synthetic stand-in for the DFT surfaces of Kanamori et al., Phys. Rev. B 97, 125124 (2018); it is
/// not DFT. Energies in eV for the template, arbitrary units for Fourier sums; coordinates are fractional.
/// </remarks>
[Method("transport.pes-grid", version: 1,
    Summary = "Potential-energy surface on a periodic grid: analytic Fourier sums or the perovskite-like proton template.",
    Remarks = "Energies on a periodic grid over the unit cell (C order, index i along an axis at fractional u = i/n). "
        + "fourier: E(u) = Σ amplitude·cos(2π k·u) with integer k (arbitrary units). perovskite-proton: cubic cell "
        + "(lattice a, Å) with Ba (0,0,0), Zr (½,½,½), O (½,½,0),(½,0,½),(0,½,½), summed over the 27 nearest images: "
        + "E = Σ_O D[(1−e^{−α(d−r0)})²−1] + Σ_Zr A_Zr e^{−d/ρ} + Σ_Ba A_Ba e^{−d/ρ} in eV — a synthetic stand-in for the "
        + "proton surfaces of Kanamori et al., PRB 97, 125124 (2018), not DFT.",
    RelativeTolerance = 1e-12)]
public sealed class PesGridMethod : IMethod<PesGridParameters, NoInputs, PesGridOutputs>
{
    /// <inheritdoc />
    public ValueTask<MethodResult<PesGridOutputs>> RunAsync(
        NoInputs inputs, PesGridParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var grid = CreateGrid(parameters.Grid);
        double[] energies;
        if (parameters.Surface == PesSurface.Fourier)
        {
            energies = PesGridSolver.Fourier(grid, ValidateTerms(parameters.Terms, grid.Rank));
        }
        else
        {
            if (grid.Rank != 3)
            {
                throw MethodException.InvalidParameter("grid", "the perovskite-proton surface needs a 3-D grid, e.g. [32, 32, 32].");
            }

            var template = new PerovskiteTemplate(
                parameters.Lattice, parameters.MorseDepth, parameters.MorseAlpha, parameters.MorseR0,
                parameters.RepulsionZr, parameters.RepulsionBa, parameters.RepulsionLength);
            energies = PesGridSolver.Perovskite(grid, template, cancellationToken);
        }

        var outputs = new PesGridOutputs { Energies = NdArray.Create(energies, grid.ShapeArray()) };
        var metrics = new Dictionary<string, double>
        {
            ["points"] = grid.Count,
            ["minimum"] = energies.Min(),
            ["maximum"] = energies.Max(),
        };
        return ValueTask.FromResult(MethodResult.Success(outputs, metrics: metrics));
    }

    /// <summary>Validates a grid shape parameter.</summary>
    internal static PeriodicGrid CreateGrid(int[]? shape)
    {
        if (shape is null || shape.Length is < 2 or > 3)
        {
            throw MethodException.InvalidParameter("grid", "expected 2 or 3 dimensions, e.g. [32, 32] or [32, 32, 32].");
        }

        if (shape.Any(n => n < 1 || n > 1024) || shape.Aggregate(1L, (p, n) => p * n) > 1L << 26)
        {
            throw MethodException.InvalidParameter(
                "grid", $"every dimension must be in [1, 1024] with at most 2^26 points in all, got [{string.Join(", ", shape)}].");
        }

        return new PeriodicGrid(shape);
    }

    private static double[][] ValidateTerms(double[][]? terms, int rank)
    {
        if (terms is null || terms.Length == 0)
        {
            return [.. Enumerable.Range(0, rank).Select(a => Enumerable.Range(0, rank + 1).Select(c => c == 0 ? -1.0 : c == a + 1 ? 1.0 : 0.0).ToArray())];
        }

        for (var t = 0; t < terms.Length; t++)
        {
            var term = terms[t];
            if (term is null || term.Length != rank + 1)
            {
                throw MethodException.InvalidParameter(
                    "terms", $"term {t} must be [amplitude, k1, …, k{rank}] ({rank + 1} numbers) for a {rank}-D grid.");
            }

            if (term.Any(x => !double.IsFinite(x)) || term.Skip(1).Any(k => k != Math.Round(k)))
            {
                throw MethodException.InvalidParameter(
                    "terms", $"term {t} must have a finite amplitude and integer wave numbers (the surface must be periodic in the cell).");
            }
        }

        return terms;
    }
}
