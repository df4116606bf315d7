using Kiseki.Abstractions.Methods;
using Kiseki.Methods.Transport.Grid;

namespace Kiseki.Methods.Transport.Barrier;

/// <summary>Exact migration barrier and bottleneck on a periodic energy grid (union-find with cell offsets).</summary>
/// <remarks>
/// Definitions after Kanamori et al., Phys. Rev. B 97, 125124 (2018): the optimal path is the lowest path between the
/// global minimum and a lattice-translated image of it, the bottleneck its highest point, the barrier
/// E(bottleneck) − E(minimum). Energies in the unit of the grid (eV for the perovskite template).
/// </remarks>
[Method("transport.barrier", version: 1,
    Summary = "Exact migration barrier and bottleneck of a periodic energy grid by union-find with cell offsets.",
    Remarks = "Definitions after Kanamori et al., PRB 97, 125124 (2018): optimal path = lowest path from the global minimum "
        + "to a lattice-translated image; bottleneck = its highest point; barrier = E(bottleneck) − E(minimum), in the energy "
        + "unit of the grid (eV for the perovskite template). Algorithm: points activated in increasing energy (ties: lower "
        + "C-order index first) are merged by union-find that stores each point's lattice offset to its root; the first "
        + "activation that lets the minimum's component wind around the cell (along the requested axis, or any) is the "
        + "bottleneck; O(N log N). The minimum is the lowest energy, lowest index on ties. NaN and ±Inf energies are walls "
        + "(never entered); an all-wall grid or a grid with no percolating path is an error.",
    RelativeTolerance = 0)]
public sealed class BarrierMethod : IMethod<BarrierParameters, BarrierInputs, BarrierOutputs>
{
    /// <inheritdoc />
    public ValueTask<MethodResult<BarrierOutputs>> RunAsync(
        BarrierInputs inputs, BarrierParameters parameters, MethodContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(parameters);
        var (grid, energies) = GridPoints.Read(inputs.Energies, "energies");
        if (parameters.Direction == PathDirection.C && grid.Rank == 2)
        {
            throw MethodException.InvalidParameter("direction", "direction c needs a 3-D grid; use any, a or b.");
        }

        var result = Solve(grid, energies, parameters.Connectivity, parameters.Direction, "energies");
        var metrics = new Dictionary<string, double>
        {
            ["barrier"] = result.Barrier,
            ["minimum_energy"] = result.MinimumEnergy,
            ["bottleneck_energy"] = result.BottleneckEnergy,
            ["walls"] = grid.Count - result.ActivePoints,
        };
        return ValueTask.FromResult(MethodResult.Success(GridPoints.Outputs(grid, result), metrics: metrics));
    }

    /// <summary>Solves and turns "no path" into a clear error.</summary>
    internal static BarrierResult Solve(
        PeriodicGrid grid, double[] energies, Connectivity connectivity, PathDirection direction, string port)
    {
        var result = BarrierSolver.Solve(energies, grid, connectivity, direction);
        if (result.ActivePoints == 0)
        {
            throw MethodException.InvalidInput(port, "every grid point is a wall (NaN or ±Inf); at least one finite energy is needed.");
        }

        if (!result.Found)
        {
            var along = direction == PathDirection.Any ? "any lattice direction" : $"direction {direction.ToString().ToLowerInvariant()}";
            throw MethodException.Failed(
                $"no path from the global minimum percolates along {along}: walls (NaN/±Inf) cut every such path.");
        }

        return result;
    }
}
